/**
 * The trace diff and the typical trace against the real server (demo data: requests of one root
 * operation that succeed and fail): a diff URL drawn as two aligned panes (the mirror rows of both at
 * the same heights), the first divergence, a row's two spans' details, n/N, copy link into a fresh
 * browser, Compare from search results and "Compare with…" from a trace page, the typical view, bad
 * input, and light/dark screenshots of both layouts (test-results/screenshots/diff-*.png).
 */
import { join } from 'node:path';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { waitForTrace } from './app-helpers.ts';
import { expect, REPO_ROOT, test } from './server.ts';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

interface Hit {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  serviceStats?: Record<string, { errorCount?: number; spanCount?: number }>;
}

const errors = (t: Hit) => Object.values(t.serviceStats ?? {}).reduce((n, s) => n + (s.errorCount ?? 0), 0);
const spans = (t: Hit) => Object.values(t.serviceStats ?? {}).reduce((n, s) => n + (s.spanCount ?? 0), 0);

/**
 * A successful (A) and a failing (B) trace of one root operation: the failing trace with the most
 * spans (more rows than a pane shows) whose operation also succeeded, against its closest in size.
 */
async function demoPair(request: APIRequestContext): Promise<{ a: string; b: string }> {
  const answer = (await (await request.get('/api/search?limit=1000')).json()) as { traces: Hit[] };
  const byRoot = new Map<string, Hit[]>();
  for (const t of answer.traces) {
    const key = `${t.rootServiceName} ${t.rootTraceName}`;
    byRoot.set(key, [...(byRoot.get(key) ?? []), t]);
  }
  let best: { a: Hit; b: Hit } | null = null;
  for (const list of byRoot.values()) {
    const good = list.filter((t) => errors(t) === 0);
    for (const bad of list.filter((t) => errors(t) > 0)) {
      if (good.length === 0 || (best && spans(best.b) >= spans(bad))) continue;
      const near = good.reduce((x, y) =>
        Math.abs(spans(y) - spans(bad)) < Math.abs(spans(x) - spans(bad)) ? y : x,
      );
      best = { a: near, b: bad };
    }
  }
  if (!best) throw new Error('no root operation with a successful and a failing trace in the demo data');
  return { a: best.a.traceID, b: best.b.traceID };
}

async function waitForDiff(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('spanscope:diff-rendered').length > 0, null, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('diff-workspace')).toBeVisible();
}

const pane = (page: Page, side: 'A' | 'B'): Locator =>
  page.getByRole('tree', { name: side === 'A' ? /^A \(baseline\)/ : /^B \(under study\)/ });

async function rowTops(tree: Locator): Promise<number[]> {
  return tree
    .getByRole('treeitem')
    .evaluateAll((items) =>
      items.filter((i) => !(i as HTMLElement).hidden).map((i) => i.getBoundingClientRect().top),
    );
}

test('a diff URL shows A and B side by side, rows aligned, gaps where a span is on one side only', async ({
  page,
  request,
}) => {
  const { a, b } = await demoPair(request);
  await page.goto(`/diff/${a}/${b}`);
  await waitForDiff(page);
  const mark = await page.evaluate(
    () => (performance.getEntriesByName('spanscope:diff-rendered')[0] as PerformanceMark).detail,
  );
  expect(mark.spanCount).toBe(mark.spanCountA + mark.spanCountB);
  // Small traces are diffed again comparing span attributes, asked for once the first answer is drawn.
  const [drawnAt, comparedAt] = await page.evaluate(async () => {
    const at = (name: string) =>
      (performance.getEntriesByName(name)[0] as PerformanceMark | undefined)?.startTime;
    while (at('spanscope:diff-attributes-compared') === undefined)
      await new Promise((r) => setTimeout(r, 50));
    return [at('spanscope:diff-rendered')!, at('spanscope:diff-attributes-compared')!];
  });
  expect(comparedAt).toBeGreaterThan(drawnAt);
  await expect(page.getByTestId('diff-header')).toContainText(a);
  await expect(page.getByTestId('diff-header')).toContainText(b);
  // The mirrors follow once the panes settle: the same rows at the same heights on both sides.
  await expect.poll(async () => (await rowTops(pane(page, 'A'))).length).toBeGreaterThan(5);
  await expect.poll(async () => rowTops(pane(page, 'B'))).toEqual(await rowTops(pane(page, 'A')));
  // The failing trace differs: the summary counts, names a first divergence, and the panes say where.
  const summary = page.getByTestId('diff-summary');
  await expect(summary).toContainText(/\d+ matched .*· \d+ only in B · \d+ only in A/);
  await summary.locator('.diff-divergence').click();
  const inA = pane(page, 'A').getByRole('treeitem', { selected: true });
  const inB = pane(page, 'B').getByRole('treeitem', { selected: true });
  await expect(inA).toHaveCount(1);
  await expect(inB).toHaveCount(1);
  expect((await inA.boundingBox())!.y).toBe((await inB.boundingBox())!.y);
  // What diverged, in the rows' words: a gap on one side (added or removed), or a change.
  expect(`${await inA.textContent()} ${await inB.textContent()}`).toMatch(
    /no span in [AB]|changed|renamed|another kind/,
  );
  await page.locator('body').press('Escape');
  await expect(page.getByTestId('diff-details')).toBeHidden();
  // Scrolling one pane scrolls the other: the rows stay aligned.
  const canvas = pane(page, 'A').getByTestId('waterfall-canvas');
  const box = (await canvas.boundingBox())!;
  const before = await pane(page, 'B').getAttribute('data-first-row');
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6);
  await page.mouse.wheel(0, before === '0' ? 240 : -240);
  await expect.poll(async () => pane(page, 'B').getAttribute('data-first-row')).not.toBe(before);
  expect(await pane(page, 'A').getAttribute('data-first-row')).toBe(
    await pane(page, 'B').getAttribute('data-first-row'),
  );
  await expect.poll(async () => rowTops(pane(page, 'B'))).toEqual(await rowTops(pane(page, 'A')));
});

test('the first divergence jumps there; a click on a row shows both spans’ details; n and N step', async ({
  page,
  request,
}) => {
  const { a, b } = await demoPair(request);
  await page.goto(`/diff/${a}/${b}`);
  await waitForDiff(page);
  await page.getByTestId('diff-summary').locator('.diff-divergence').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('span')).toMatch(/^[0-9a-f]{16}$/);
  const details = page.getByTestId('diff-details');
  await expect(details).toBeVisible();
  // The selected row is on screen in both panes, at the same height.
  const selectedA = pane(page, 'A').locator('[role=treeitem][aria-selected=true]');
  const selectedB = pane(page, 'B').locator('[role=treeitem][aria-selected=true]');
  await expect(selectedA).toHaveCount(1);
  await expect(selectedB).toHaveCount(1);
  expect((await selectedA.boundingBox())!.y).toBe((await selectedB.boundingBox())!.y);

  // A row with a span on both sides: both detail panels, and what changed above them.
  const matched = pane(page, 'B')
    .getByRole('treeitem')
    .filter({ hasNotText: /no span in|added in B|removed in B/ });
  await matched.nth(2).click();
  await expect(details.getByRole('complementary', { name: 'Span details in A' })).toBeVisible();
  await expect(details.getByRole('complementary', { name: 'Span details in B' })).toBeVisible();
  await expect(details).toContainText('Duration');
  await expect(details.getByRole('table', { name: 'Span attributes' })).toHaveCount(2);

  const before = new URL(page.url()).searchParams.get('span');
  await page.locator('body').press('n');
  await expect.poll(() => new URL(page.url()).searchParams.get('span')).not.toBe(before);
  const next = new URL(page.url()).searchParams.get('span');
  await page.locator('body').press('Shift+N');
  await expect.poll(() => new URL(page.url()).searchParams.get('span')).not.toBe(next);
  await page.locator('body').press('Escape');
  await expect(details).toBeHidden();
});

test('copy link gives the same diff view (span, merged, only differences) in a new browser context', async ({
  page,
  browser,
  request,
  server,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const { a, b } = await demoPair(request);
  await page.goto(`/diff/${a}/${b}`);
  await waitForDiff(page);
  await page.getByRole('button', { name: 'Only differences' }).click();
  await page.getByRole('tab', { name: 'Merged' }).click();
  const merged = page.getByRole('tree', { name: /^Merged diff/ });
  await expect(merged).toBeVisible();
  await merged.getByRole('treeitem').nth(1).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('span')).toMatch(/^[0-9a-f]{16}$/);
  const span = new URL(page.url()).searchParams.get('span');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(`${server.url}/diff/${a}/${b}?span=${span}&mode=merged&only=1`);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await waitForDiff(other);
  await expect(other.getByRole('tab', { name: 'Merged' })).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByRole('button', { name: 'Only differences' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(other.getByRole('tree', { name: /^Merged diff/ }).locator('[aria-selected=true]')).toHaveCount(
    1,
  );
  await expect(other.getByTestId('diff-details')).toContainText(span!);
  await fresh.close();
});

test('Compare from two ticked search results opens their diff, the trace without errors as A', async ({
  page,
  request,
}) => {
  const { a, b } = await demoPair(request);
  await page.goto('/search?limit=1000');
  const rows = page.getByRole('table', { name: 'Search results' });
  await rows.locator(`tr[data-trace-id="${b}"]`).getByRole('checkbox').check();
  await rows.locator(`tr[data-trace-id="${a}"]`).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`/diff/${a}/${b}$`));
  await waitForDiff(page);
});

test('"Compare with…" on a trace page lists traces of its operation and opens the diff', async ({
  page,
  request,
}) => {
  const { b } = await demoPair(request);
  await page.goto(`/trace/${b}`);
  await waitForTrace(page);
  await page.getByRole('button', { name: 'Compare with…' }).click();
  const menu = page.getByRole('dialog', { name: 'Compare with another trace' });
  const first = menu.getByRole('menuitem').first();
  await expect(first).toContainText('most similar');
  await first.click();
  // The failing trace stays B; the one picked (without errors) is A.
  await expect(page).toHaveURL(new RegExp(`/diff/[0-9a-f]{32}/${b}$`));
  await waitForDiff(page);
});

test('the typical trace: B against the last traces of its operation, the earliest flag selectable', async ({
  page,
  request,
}) => {
  const { b } = await demoPair(request);
  await page.goto(`/trace/${b}`);
  await waitForTrace(page);
  await page.getByRole('link', { name: 'Compare with the typical trace' }).click();
  await expect(page).toHaveURL(new RegExp(`/diff/typical/${b}$`));
  const summary = page.getByTestId('typical-summary');
  await expect(summary).toContainText(/Compared with \d+ traces of/, { timeout: 60_000 });
  const tree = page.getByRole('tree', { name: /against the typical trace/ });
  await expect(tree.getByRole('treeitem').first()).toBeAttached();
  const earliest = summary.locator('.diff-divergence');
  if ((await earliest.count()) > 0) {
    await earliest.click();
    await expect(page.getByTestId('typical-figures')).toBeVisible();
  }
  await page.goto(`/diff/typical/${b}?n=5&bogus=1`);
  await expect(page.getByTestId('typical-summary')).toContainText(/Compared with [1-5] traces/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('url-notices')).toContainText('Ignored unknown parameter "bogus"');
});

test('bad input gives a page that says what is wrong, never a blank view', async ({ page, request }) => {
  const { a, b } = await demoPair(request);
  const unknown = 'e'.repeat(32);
  await page.goto(`/diff/${unknown}/${b}`);
  await expect(page.getByRole('heading', { name: 'Trace A not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the other trace alone' })).toHaveAttribute(
    'href',
    `/trace/${b}`,
  );
  await page.goto(`/diff/${a}/${unknown}`);
  await expect(page.getByRole('heading', { name: 'Trace B not found' })).toBeVisible();
  await page.goto(`/diff/typical/${unknown}`);
  await expect(page.getByRole('heading', { name: 'Trace not found' })).toBeVisible();
  await page.goto('/diff/not-an-id/x');
  await expect(page.getByRole('heading', { name: 'Not a trace id' })).toBeVisible();

  // Itself: said so, and shown, every span the same.
  await page.goto(`/diff/${b}/${b}?mode=3d&axis=sideways`);
  await waitForDiff(page);
  await expect(page.locator('[data-kind=same]')).toContainText('compared with itself');
  await expect(page.getByTestId('diff-summary')).toContainText('0 only in B · 0 only in A');
  const notices = page.getByTestId('url-notices');
  await expect(notices).toContainText('Ignored mode="3d"');
  await expect(notices).toContainText('Ignored axis="sideways"');
  // A canonical address replaces an upper-case one.
  await page.goto(`/diff/${a.toUpperCase()}/${b}`);
  await expect(page).toHaveURL(new RegExp(`/diff/${a}/${b}$`));
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of the diff in ${scheme}: side by side, a row selected, merged, typical`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    const { a, b } = await demoPair(request);
    await page.goto(`/diff/${a}/${b}`);
    await waitForDiff(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `diff-side-${scheme}.png`) });
    await page.getByTestId('diff-summary').locator('.diff-divergence').click();
    await expect(page.getByTestId('diff-details')).toBeVisible();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `diff-selected-${scheme}.png`) });
    await page.getByRole('tab', { name: 'Merged' }).click();
    await expect(page.getByRole('tree', { name: /^Merged diff/ })).toBeVisible();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `diff-merged-${scheme}.png`) });
    await page.goto(`/diff/typical/${b}`);
    await expect(page.getByTestId('typical-summary')).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `diff-typical-${scheme}.png`) });
  });
}
