/**
 * The trace page: selecting a span (mirror row) shows its details and puts it in the URL; a copied
 * link restores span, zoom and find in a fresh browser; find counts and steps through matches;
 * statistics, JSON and export.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { headerNumber, openHome, spanParam, traceIdOf, treeItems, waitForTrace } from './app-helpers.ts';
import { expect, REPO_ROOT, test } from './server.ts';

/** Opens the demo trace with the most spans listed on the home page. */
async function openBiggestTrace(page: Page): Promise<void> {
  const rows = await openHome(page);
  const counts = await rows.locator('td:nth-child(5)').allInnerTexts();
  const spans = counts.map((t) => Number(t.replace(/,/g, '')) || 0);
  const i = spans.indexOf(Math.max(...spans));
  await rows.nth(i).getByRole('link').click();
  await waitForTrace(page);
}

test('clicking a row selects the span: detail panel with its attributes, span= in the URL', async ({
  page,
}) => {
  await openBiggestTrace(page);
  const row = treeItems(page).nth(1);
  const label = await row.textContent();
  await row.click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel).toBeVisible();
  await expect.poll(() => spanParam(page)).toMatch(/^[0-9a-f]{16}$/);
  await expect(panel.getByRole('table', { name: 'Span attributes' })).toBeVisible();
  await expect(panel.getByRole('table', { name: 'Resource attributes' })).toContainText('service.name');
  // The panel shows the span the row names.
  const service = (
    await panel
      .locator('.detail-title .service-chip')
      .textContent()
      .then((t) => t ?? '')
  ).trim();
  expect(label).toContain(service);
  await expect(panel).toContainText(spanParam(page)!);
  await expect(row).toHaveAttribute('aria-selected', 'true');

  await panel.getByRole('button', { name: 'Close the span details' }).click();
  await expect(panel).toBeHidden();
  await expect.poll(() => spanParam(page)).toBeNull();
});

test('copy link restores the same span, zoom and find in a new browser context', async ({
  page,
  browser,
  server,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openBiggestTrace(page);
  const find = page.getByRole('textbox', { name: 'Find in trace' });
  await find.fill('GET');
  await expect(page.getByTestId('find-count')).toHaveText(/\d+ matches|of/);
  await treeItems(page).nth(2).click();
  const span = await expect
    .poll(() => spanParam(page))
    .toMatch(/^[0-9a-f]{16}$/)
    .then(() => spanParam(page)!);
  // Zoom with Ctrl+wheel over the timeline, as a user does.
  const canvas = page.getByTestId('waterfall-canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  await page.keyboard.down('Control');
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
  await page.keyboard.up('Control');
  await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBeNull();

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link.startsWith(`${server.url}/trace/`)).toBe(true);
  const copied = new URL(link).searchParams;
  expect(copied.get('span')).toBe(span);
  expect(copied.get('find')).toBe('GET');
  const from = Number(copied.get('from'));
  const to = Number(copied.get('to'));
  expect(to).toBeGreaterThan(from);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await waitForTrace(other);
  await expect(other.getByTestId('detail-panel')).toContainText(span);
  await expect(other.getByRole('textbox', { name: 'Find in trace' })).toHaveValue('GET');
  await expect(other.getByTestId('find-count')).toHaveText(
    await page
      .getByTestId('find-count')
      .textContent()
      .then((t) => t ?? ''),
  );
  await expect(other.locator(`[role=treeitem][aria-selected=true]`)).toHaveCount(1);
  // The zoom window is applied, not reset: the URL keeps it after the trace is drawn.
  await other.waitForTimeout(500);
  const after = new URL(other.url()).searchParams;
  expect(Number(after.get('from'))).toBeCloseTo(from, 0);
  expect(Number(after.get('to'))).toBeCloseTo(to, 0);
  await fresh.close();
});

test('find shows the match count and next/previous move the selection', async ({ page }) => {
  await openBiggestTrace(page);
  const find = page.getByRole('textbox', { name: 'Find in trace' });
  const count = page.getByTestId('find-count');
  await find.fill('zzz-no-such-span-zzz');
  await expect(count).toHaveText('No matches');
  await find.fill('GET');
  await expect(count).toHaveText(/^\d+ matches$/);
  const total = Number((await count.textContent().then((t) => t ?? '')).split(' ')[0]);
  expect(total).toBeGreaterThan(1);
  await expect.poll(() => new URL(page.url()).searchParams.get('find')).toBe('GET');

  await find.press('Enter');
  await expect(count).toHaveText(`1 of ${total}`);
  // The address is written a moment after the selection changes (replaceState is coalesced).
  await expect.poll(() => spanParam(page)).not.toBeNull();
  const first = spanParam(page);
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(count).toHaveText(`2 of ${total}`);
  await expect.poll(() => spanParam(page)).not.toBe(first);
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(count).toHaveText(`1 of ${total}`);
  await expect.poll(() => spanParam(page)).toBe(first);
  // Previous from the first wraps to the last; `n` (outside the box) steps forward again.
  await find.press('Shift+Enter');
  await expect(count).toHaveText(`${total} of ${total}`);
  await find.blur();
  await page.keyboard.press('n');
  await expect(count).toHaveText(`1 of ${total}`);
  // The selected match is also selected in the waterfall and its detail panel is open.
  await expect(page.getByTestId('detail-panel')).toContainText(first!);
  // Esc in the box clears the find.
  await find.focus();
  await find.press('Escape');
  await expect(find).toHaveValue('');
  await expect(count).toHaveText('');
});

test('keyboard: / focuses find, e toggles errors only, c critical path, 3 statistics, 4 JSON', async ({
  page,
}) => {
  await openBiggestTrace(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByRole('textbox', { name: 'Find in trace' })).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('e');
  await expect(page.getByRole('button', { name: 'Errors only' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => new URL(page.url()).searchParams.get('errors')).toBe('1');
  await page.keyboard.press('c');
  await expect(page.getByRole('button', { name: 'Critical path' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('3');
  await expect(page.getByTestId('stats-table')).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('stats');
  await page.keyboard.press('4');
  await expect(page.getByTestId('json-text')).toContainText('"resourceSpans"');
  await page.goBack();
  await expect(page.getByTestId('stats-table')).toBeVisible();
});

test('statistics per service and operation add up to the span count', async ({ page }) => {
  await openBiggestTrace(page);
  const spans = await headerNumber(page, 'Spans');
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await page.getByRole('button', { name: 'By service' }).click();
  // The rows come from the worker: wait for them rather than read an empty table.
  const cells = page.getByTestId('stats-table').locator('tbody tr td:nth-child(2)');
  await expect
    .poll(async () => (await cells.allInnerTexts()).reduce((n, t) => n + Number(t.replace(/,/g, '')), 0))
    .toBe(spans);
});

test('the JSON view shows the selected span with its resource and scope', async ({ page }) => {
  await openBiggestTrace(page);
  await treeItems(page).nth(1).click();
  await expect.poll(() => spanParam(page)).not.toBeNull();
  const span = spanParam(page)!;
  await page.getByRole('tab', { name: 'JSON' }).click();
  const json = JSON.parse(
    await page
      .getByTestId('json-text')
      .textContent()
      .then((t) => t ?? ''),
  );
  expect(json.span.spanId).toBe(span);
  expect(json.resource.attributes.some((a: { key: string }) => a.key === 'service.name')).toBe(true);
});

test('export downloads OTLP, Jaeger and Zipkin JSON and a PNG of the waterfall', async ({ page }) => {
  await openBiggestTrace(page);
  const spans = await headerNumber(page, 'Spans');
  type Json = { resourceSpans?: { scopeSpans: { spans: unknown[] }[] }[]; data?: { spans: unknown[] }[] };
  const counts: Record<string, (v: Json & unknown[]) => number> = {
    'OTLP JSON': (v) => (v.resourceSpans ?? []).flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length,
    'Jaeger JSON': (v) => (v.data ?? [])[0].spans.length,
    'Zipkin JSON': (v) => v.length,
  };
  for (const [item, count] of Object.entries(counts)) {
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: item }).click(),
    ]);
    const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
    expect(count(JSON.parse(text)), item).toBe(spans);
  }
  await page.getByRole('button', { name: 'Export' }).click();
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Waterfall as PNG' }).click(),
  ]);
  const bytes = Buffer.concat(await (await png.createReadStream()).toArray());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(png.suggestedFilename()).toMatch(/^trace-[0-9a-f]{32}\.png$/);
});

type Json = Record<string, unknown> & {
  resourceSpans: {
    resource?: { attributes?: { key: string; value: Record<string, unknown> }[] };
    scopeSpans: {
      spans: { spanId: string; attributes?: { key: string; value: Record<string, unknown> }[] }[];
    }[];
  }[];
};

/** Span id → the string value of `key` (the span's, else its resource's), from the store's Tempo JSON. */
async function valuesByApi(page: Page, traceId: string, key: string): Promise<Map<string, string>> {
  const res = await page.request.get(`/api/v2/traces/${traceId}`);
  const { trace } = (await res.json()) as { trace: Json };
  const out = new Map<string, string>();
  for (const rs of trace.resourceSpans) {
    const own = rs.resource?.attributes?.find((a) => a.key === key)?.value.stringValue as string | undefined;
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans) {
        const v = (s.attributes?.find((a) => a.key === key)?.value.stringValue as string | undefined) ?? own;
        if (v !== undefined) out.set(s.spanId, v);
      }
  }
  return out;
}

test('statistics by an attribute: a row highlights exactly its spans in the waterfall', async ({ page }) => {
  const KEY = 'db.system.name';
  await openBiggestTrace(page);
  const traceId = traceIdOf(page);
  const spans = await headerNumber(page, 'Spans');
  const byApi = await valuesByApi(page, traceId, KEY);
  const counts = new Map<string, number>();
  for (const v of byApi.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
  // The value most spans have: its row is the one to click.
  const [value, expected] = [...counts].sort((a, b) => b[1] - a[1])[0];

  await page.getByRole('tab', { name: 'Statistics' }).click();
  await page.getByRole('button', { name: 'By attribute' }).click();
  const picker = page.getByRole('combobox', { name: 'Attribute key' });
  await picker.fill(KEY);
  await picker.press('Enter');
  const table = page.getByTestId('stats-table');
  await expect(table.locator('thead')).toContainText(KEY);
  // One row per value and one for the spans without it; together, every span.
  const cells = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
  expect(cells.reduce((n, t) => n + Number(t.replace(/,/g, '')), 0)).toBe(spans);
  expect(cells).toHaveLength(counts.size + (byApi.size < spans ? 1 : 0));
  await expect(table.getByRole('button', { name: `(no ${KEY})` })).toHaveCount(byApi.size < spans ? 1 : 0);
  const toggle = table.getByRole('button', { name: value, exact: true });
  const row = table.locator('tbody tr', { has: page.getByRole('button', { name: value, exact: true }) });
  expect(Number((await row.locator('td:nth-child(2)').innerText()).replace(/,/g, ''))).toBe(expected);
  await expect(row.locator('td:nth-child(5)')).toContainText('%');

  await row.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(row).toHaveClass(/selected/);
  const chip = page.getByTestId('highlight-chip');
  await expect(chip).toContainText(`${KEY} = ${value}`);
  await expect(chip).toContainText(`${expected.toLocaleString('en-US')} span`);
  await page.screenshot({ path: join(REPO_ROOT, 'test-results/screenshots/stats-by-attribute.png') });

  // In the waterfall: exactly those spans are highlighted; stepping selects them one by one.
  await page.getByRole('tab', { name: 'Waterfall' }).click();
  await expect(page.locator('.waterfall-host')).toHaveAttribute('data-highlighted', String(expected));
  const seen = new Set<string>();
  for (let i = 1; i <= Math.min(expected, 4); i++) {
    const before = spanParam(page);
    await chip.getByRole('button', { name: 'Next highlighted span' }).click();
    await expect.poll(() => spanParam(page)).not.toBe(before);
    const span = spanParam(page)!;
    expect(byApi.get(span), span).toBe(value);
    seen.add(span);
    await expect(chip).toContainText(`${i} of ${expected.toLocaleString('en-US')}`);
    await expect(page.getByTestId('detail-panel')).toContainText(value);
  }
  expect(seen.size).toBe(Math.min(expected, 4));
  await page.screenshot({ path: join(REPO_ROOT, 'test-results/screenshots/waterfall-highlight.png') });

  // Find narrows the highlight to the group's spans that match; Esc (outside a text field) clears it.
  const find = page.getByRole('textbox', { name: 'Find in trace' });
  await find.fill('zzz-no-such-span-zzz');
  await expect(page.locator('.waterfall-host')).toHaveAttribute('data-highlighted', '0');
  await find.press('Escape');
  await expect(page.locator('.waterfall-host')).toHaveAttribute('data-highlighted', String(expected));
  await page.getByTestId('waterfall-canvas').focus();
  await page.keyboard.press('Escape');
  await expect(chip).toBeHidden();
  await expect(page.locator('.waterfall-host')).toHaveAttribute('data-highlighted', '0');
  // The table shows no row selected any more.
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await expect(table.getByRole('button', { name: value, exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});
