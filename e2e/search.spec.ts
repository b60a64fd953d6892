/**
 * The search page against a real server of its own (demo data): a query composed with autocomplete
 * and run with Ctrl+Enter, the plot and the table checked against the store's own answer, opening
 * a result and coming back, a copied link in a fresh browser, brushing a time range on the plot,
 * the store's errors, the query history, matched spans and Compare, light and dark screenshots.
 *
 * The spec composes a real query with autocomplete, then runs RUN(composed) (the identity now that
 * the store answers TraceQL; `() => '{}'` ran the listing before it did).
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { TRACE_URL, waitForTrace } from './app-helpers.ts';
import { expect, REPO_ROOT, withOwnServer } from './server.ts';

const RUN = (composed: string) => composed;

const test = withOwnServer();
const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

interface SearchAnswer {
  traces: { traceID: string; startTimeUnixNano: string; rootServiceName?: string }[];
}

function editor(page: Page): Locator {
  return page.getByRole('textbox', { name: 'TraceQL query' });
}

function resultRows(page: Page): Locator {
  return page.getByRole('table', { name: 'Search results' }).locator('tbody tr[data-trace-id]');
}

async function shownIds(page: Page): Promise<string[]> {
  await expect(resultRows(page).first()).toBeVisible();
  return resultRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id') ?? ''));
}

/** The store's own answer for the search on screen (the page's URL turned into an API call). */
async function storeAnswer(page: Page): Promise<SearchAnswer> {
  const url = new URL(page.url());
  const p = new URLSearchParams();
  const q = url.searchParams.get('q');
  if (q) p.set('q', q);
  const toSeconds = (v: string) => Math.floor(Date.parse(v) / 1000);
  const start = url.searchParams.get('start');
  const end = url.searchParams.get('end');
  if (start) p.set('start', String(toSeconds(start)));
  if (end) p.set('end', String(Math.ceil(Date.parse(end) / 1000)));
  p.set('limit', url.searchParams.get('limit') ?? '50');
  const res = await page.request.get(`/api/search?${p}`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as SearchAnswer;
}

/** Replaces the editor's text (no auto-closing on the way). */
async function setQuery(page: Page, text: string): Promise<void> {
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.insertText(text);
}

test('compose a query with autocomplete, run it with Ctrl+Enter: the plot and the table show the answer', async ({
  page,
}) => {
  await page.goto('/search');
  await expect(resultRows(page).first()).toBeVisible();
  await setQuery(page, '');
  await page.keyboard.type('{');
  await page.keyboard.type(' resource.serv');
  // Attribute names come from /api/v2/search/tags?scope=resource.
  await page.getByRole('option', { name: 'service.name', exact: true }).click();
  // Picking a name opens the comparisons; picking one opens the values.
  await page.getByRole('option', { name: /^=\s*equals/ }).click();
  const values = page.waitForResponse((r) =>
    r.url().includes('/api/v2/search/tag/resource.service.name/values'),
  );
  await page.keyboard.type('fro');
  const answer = await values;
  await answer.finished();
  // Reported, not asserted (timing is for benchmarks): the store answers from its tag catalogue.
  console.log(`tag values answered in ${answer.request().timing().responseEnd.toFixed(1)} ms`);
  await page.getByRole('option', { name: /^"frontend"/ }).click();
  const composed = '{ resource.service.name = "frontend" }';
  await expect(editor(page)).toHaveText(composed);
  // The query is coloured: the scope, the attribute name and the string each have their class.
  await expect(editor(page).locator('.tq-scope')).toHaveText('resource.');
  await expect(editor(page).locator('.tq-string')).toHaveText('"frontend"');

  const toRun = RUN(composed);
  if (toRun !== composed) await setQuery(page, toRun);
  await editor(page).press('ControlOrMeta+Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(toRun);

  const ids = await shownIds(page);
  const store = await storeAnswer(page);
  expect(store.traces.length).toBeGreaterThan(0);
  expect(ids).toEqual(store.traces.map((t) => t.traceID));
  // One dot per trace, errors drawn in red.
  const plot = page.getByTestId('search-plot');
  await expect(plot.locator('circle.scatter-dot')).toHaveCount(ids.length);
  const errorRows = await resultRows(page).and(page.locator('.has-errors')).count();
  await expect(plot.locator('circle.scatter-dot.error')).toHaveCount(errorRows);
  const mark = await page.evaluate(
    () =>
      (performance.getEntriesByName('spanscope:search-rendered').at(-1) as PerformanceMark | undefined)
        ?.detail,
  );
  expect(mark).toEqual({ traceCount: ids.length });
  // Hovering a dot names its trace.
  const dot = plot.locator('circle.scatter-dot').first();
  const box = (await dot.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(plot.getByRole('status')).toBeVisible();
});

test('open a result and come back to the same results; a copied link shows them in a new browser', async ({
  page,
  browser,
  own,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/search?q=${encodeURIComponent('{}')}&start=now-6h&limit=20`);
  const ids = await shownIds(page);
  await expect(page.getByRole('combobox', { name: 'Time range' })).toHaveValue('6h');

  await resultRows(page).nth(2).getByRole('link').click();
  await expect(page).toHaveURL(TRACE_URL);
  expect(page.url()).toContain(ids[2]);
  await waitForTrace(page);
  await page.goBack();
  expect(await shownIds(page)).toEqual(ids);
  await expect(editor(page)).toHaveText('{}');

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link.startsWith(`${own.url}/search?`)).toBe(true);
  const params = new URL(link).searchParams;
  expect(params.get('q')).toBe('{}');
  expect(params.get('limit')).toBe('20');
  // "now-6h" became the time it meant when the search ran.
  expect(params.get('start')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  expect(await shownIds(other)).toEqual(ids);
  await expect(other.getByRole('combobox', { name: 'Time range' })).toHaveValue('custom');
  await fresh.close();
});

test('brushing a time range on the plot narrows start and end and searches again', async ({ page }) => {
  await page.goto('/search');
  const before = await shownIds(page);
  const area = page.getByTestId('search-plot-area');
  const box = (await area.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.35, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => new URL(page.url()).searchParams.get('end')).not.toBeNull();
  const url = new URL(page.url());
  const start = Date.parse(url.searchParams.get('start')!);
  const end = Date.parse(url.searchParams.get('end')!);
  expect(end).toBeGreaterThan(start);
  await expect(page.getByRole('combobox', { name: 'Time range' })).toHaveValue('custom');
  const after = await shownIds(page);
  expect(after).toEqual((await storeAnswer(page)).traces.map((t) => t.traceID));
  expect(after.length).toBeLessThan(before.length);
  for (const t of (await storeAnswer(page)).traces) {
    const ms = Number(BigInt(t.startTimeUnixNano) / 1_000_000n);
    expect(ms).toBeGreaterThanOrEqual(start);
    expect(ms).toBeLessThan(end + 1000);
  }
  // Back: the search before the brush, as it was.
  await page.goBack();
  expect(await shownIds(page)).toEqual(before);
});

test("the store's errors are shown; ↑ and the menu bring back earlier queries; the header box runs queries", async ({
  page,
}) => {
  await page.goto('/search');
  await expect(resultRows(page).first()).toBeVisible();
  // `==` is no TraceQL: the store refuses the query, says why and where (the second `=`, marked).
  await setQuery(page, '{ .a == 4 }');
  await page.getByRole('button', { name: 'Run query' }).click();
  const error = page.getByTestId('search-error');
  await expect(error).toContainText('The store did not accept this query');
  await expect(error).toContainText('1:7: expected a value after "=", found "="');
  await expect(error.locator('mark')).toHaveText('=');
  await expect(page.getByRole('table', { name: 'Search results' })).toBeHidden();

  // A position named as Tempo names it (line and column, no offsets) is marked in the editor and in
  // the message too: this answer stands in for an external Tempo's.
  await page.route(/\/api\/search\?q=%7B(\+|%20)\.a(\+|%20)%3D%3D(\+|%20)4/, (route) =>
    route.fulfill({
      status: 400,
      json: { error: 'parse error at line 1, col 6: syntax error: unexpected =' },
    }),
  );
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(error).toContainText('unexpected =');
  await expect(error.locator('mark')).toHaveText('==');
  // The editor's own parser marks the query too (where it stops reading): the marks cover `==`.
  const marked = editor(page).locator('.cm-lintRange-error');
  await expect.poll(async () => (await marked.allTextContents()).join('')).toContain('==');
  await page.screenshot({ path: join(SHOTS, 'search-error-light.png') });
  await page.unrouteAll();

  await setQuery(page, '{}');
  await expect(editor(page).locator('.cm-lintRange-error')).toHaveCount(0);
  await editor(page).press('ControlOrMeta+Enter');
  await expect(resultRows(page).first()).toBeVisible();
  // ↑ in an empty editor: the last query, then the one before.
  await setQuery(page, '');
  await page.keyboard.press('ArrowUp');
  await expect(editor(page)).toHaveText('{}');
  await page.keyboard.press('ArrowUp');
  await expect(editor(page)).toHaveText('{ .a == 4 }');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  // Back to the (empty) text being typed: the placeholder shows.
  await expect(editor(page).locator('.cm-placeholder')).toBeVisible();
  // The menu lists them newest first; picking one runs it.
  await page.getByRole('button', { name: 'Recent queries' }).click();
  const items = page.getByRole('menu', { name: 'Recent queries' }).getByRole('menuitem');
  await expect(items.first()).toHaveText('{}');
  await expect(items.nth(1)).toHaveText('{ .a == 4 }');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('{ .a == 4 }');
  await expect(error).toBeVisible();

  // The header's box (on other pages): `/` focuses it, Enter runs the query on the search page.
  await page.goto('/');
  const box = page.getByRole('searchbox', { name: /Search traces/ });
  await expect(box).toBeVisible();
  await page.locator('body').press('/');
  await expect(box).toBeFocused();
  await page.keyboard.insertText('{}');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=%7B%7D$/);
  await expect(resultRows(page).first()).toBeVisible();
  await expect(page.getByRole('searchbox', { name: /Search traces/ })).toHaveCount(0);
});

/**
 * A TraceQL answer (span sets) built from real traces of the store, served in place of the store's
 * answer: the matched spans of a row, each a link to its span, and Compare with two rows ticked.
 */
test('a row lists its matched spans, each opening its span; two ticked rows compare', async ({ page }) => {
  const recent = (await (await page.request.get('/api/search?limit=2')).json()) as SearchAnswer;
  const [a, b] = recent.traces;
  const trace = (await (await page.request.get(`/api/traces/${a.traceID}`)).json()) as {
    batches: { scopeSpans: { spans: { spanId: string; name: string; startTimeUnixNano: string }[] }[] }[];
  };
  const spans = trace.batches.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).slice(0, 2);
  await page.route(/\/api\/search\?/, async (route) => {
    const answer = {
      // Without serviceStats: the error comes from the matched spans alone.
      traces: recent.traces.map(({ traceID, startTimeUnixNano }, i) => ({
        traceID,
        startTimeUnixNano,
        rootServiceName: `service-${i}`,
        rootTraceName: `operation ${i}`,
        durationMs: 20 + i,
        spanSets:
          i === 0
            ? [
                {
                  matched: 5,
                  spans: spans.map((s) => ({
                    spanID: s.spanId,
                    name: s.name,
                    startTimeUnixNano: s.startTimeUnixNano,
                    durationNanos: '1500000',
                    attributes: [{ key: 'status', value: { stringValue: 'error' } }],
                  })),
                },
              ]
            : [],
      })),
      metrics: { inspectedTraces: 2 },
    };
    await route.fulfill({ json: answer });
  });
  await page.goto(`/search?q=${encodeURIComponent('{ status = error }')}`);
  await expect(resultRows(page)).toHaveCount(2);
  const first = resultRows(page).first();
  await expect(first.locator('td').last()).toHaveText('5');
  await first.getByRole('button', { name: /Show the matched spans/ }).click();
  const list = page.getByRole('list', { name: /Matched spans of/ });
  await expect(list.getByRole('link')).toHaveCount(2);
  await expect(list).toContainText('and 3 more matched spans');
  await expect(first.locator('td').nth(7)).toHaveText('yes');
  await page.screenshot({ path: join(SHOTS, 'search-matched-light.png') });

  // Compare: A is the trace without errors, B the failing one.
  await first.getByRole('checkbox').check();
  await expect(page.getByRole('button', { name: 'Compare' })).toBeDisabled();
  await resultRows(page).nth(1).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`/diff/${b.traceID}/${a.traceID}$`));
  await page.goBack();

  await page
    .getByRole('button', { name: /Show the matched spans/ })
    .first()
    .click();
  await list.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/trace/${a.traceID}\\?span=${spans[0].spanId}$`));
  await waitForTrace(page);
  await expect(page.getByTestId('detail-panel')).toContainText(spans[0].spanId);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of the search page in ${scheme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/search?start=now-6h');
    await expect(resultRows(page).first()).toBeVisible();
    await setQuery(page, '{ resource.service.name = "frontend" && span:duration > 100ms }');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(' && span.');
    await expect(page.getByRole('listbox')).toBeVisible();
    const dot = page.getByTestId('search-plot').locator('circle.scatter-dot.error').first();
    const target = (await dot.count())
      ? dot
      : page.getByTestId('search-plot').locator('circle.scatter-dot').first();
    const box = (await target.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.getByTestId('search-plot').getByRole('status')).toBeVisible();
    await page.screenshot({ path: join(SHOTS, `search-${scheme}.png`) });
    await page.goto('/');
    await page.getByRole('searchbox', { name: /Search traces/ }).click();
    await page.keyboard.type('{ span:');
    await expect(page.getByRole('listbox')).toBeVisible();
    await page.screenshot({
      path: join(SHOTS, `search-box-${scheme}.png`),
      clip: { x: 0, y: 0, width: 1440, height: 360 },
    });
  });
}
