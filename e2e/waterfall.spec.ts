/**
 * The canvas waterfall in a real browser against the real server: a demo trace opened by URL is
 * drawn (pixels), wheel/Ctrl+wheel/keyboard/collapse change what is drawn and the accessible mirror,
 * and light/dark screenshots are kept in test-results/ for review.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './server.ts';

interface SearchAnswer {
  traces: { traceID: string; rootServiceName: string; rootTraceName: string }[];
}

/** A demo trace with errors and enough spans to scroll: the largest among the first 200 found. */
async function pickTrace(baseUrl: string): Promise<{ traceId: string; spanCount: number }> {
  let res = await fetch(`${baseUrl}/api/search?limit=200&q=${encodeURIComponent('{ status = error }')}`);
  if (!res.ok) res = await fetch(`${baseUrl}/api/search?limit=200`);
  const search = (await res.json()) as SearchAnswer;
  if (!Array.isArray(search.traces))
    throw new Error(`unexpected search answer: ${JSON.stringify(search).slice(0, 200)}`);
  let best = { traceId: '', spanCount: 0 };
  for (const t of search.traces.slice(0, 40)) {
    const body = (await (await fetch(`${baseUrl}/api/v2/traces/${t.traceID}`)).json()) as {
      trace: { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
    };
    let n = 0;
    for (const rs of body.trace.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
    if (n > best.spanCount && n <= 3000) best = { traceId: t.traceID, spanCount: n };
  }
  if (!best.traceId) throw new Error('no demo trace with errors found');
  return best;
}

async function openTrace(page: Page, traceId: string): Promise<void> {
  await page.goto(`/trace/${traceId}`);
  await page.waitForFunction(
    () => performance.getEntriesByName('spanscope:trace-rendered').length > 0,
    null,
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByRole('treeitem').first()).toBeVisible();
}

/** Distinct colours and non-background share of the waterfall canvas (device pixels). */
async function canvasStats(page: Page): Promise<{ colours: number; inked: number; hash: number }> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid=waterfall-canvas]')!;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const bg = `${data[data.length - 4]},${data[data.length - 3]},${data[data.length - 2]}`;
    const colours = new Set<string>();
    let inked = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 16) {
      const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
      colours.add(key);
      if (key !== bg) inked++;
      hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13) | 0;
    }
    return { colours: colours.size, inked: inked / (data.length / 16), hash };
  });
}

async function settled(page: Page): Promise<void> {
  await page.waitForTimeout(250);
}

const waterfall = (page: Page) => page.getByTestId('waterfall');

test.describe('canvas waterfall', () => {
  let trace: { traceId: string; spanCount: number };
  test.beforeAll(async ({ server }) => {
    trace = await pickTrace(server.url);
  });

  test('draws a demo trace opened by URL and mirrors its rows', async ({ page }) => {
    await openTrace(page, trace.traceId);
    const mark = await page.evaluate(
      () => (performance.getEntriesByName('spanscope:trace-rendered')[0] as PerformanceMark).detail,
    );
    expect(mark.spanCount).toBe(trace.spanCount);
    const stats = await canvasStats(page);
    expect(stats.colours).toBeGreaterThan(8);
    expect(stats.inked).toBeGreaterThan(0.05);
    const items = page.getByRole('treeitem');
    expect(await items.count()).toBeGreaterThan(5);
    const first = items.first();
    await expect(first).toHaveAttribute('aria-level', '1');
    await expect(first).toHaveAttribute('aria-expanded', 'true');
    // Each item lies over its canvas row.
    const a = (await items.nth(0).boundingBox())!;
    const b = (await items.nth(1).boundingBox())!;
    expect(b.y - a.y).toBeCloseTo(24, 0);
    expect(await page.getByRole('tree').first().getAttribute('aria-label')).toContain(
      `${trace.spanCount} spans`,
    );
  });

  test('wheel scrolls the rows: pixels and mirror change', async ({ page }) => {
    await openTrace(page, trace.traceId);
    const before = await canvasStats(page);
    const firstText = await page.getByRole('treeitem').first().textContent();
    const box = (await waterfall(page).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6);
    await page.mouse.wheel(0, 24 * 10);
    await settled(page);
    await expect(waterfall(page)).toHaveAttribute('data-first-row', '10');
    const after = await canvasStats(page);
    expect(after.hash).not.toBe(before.hash);
    expect(await page.getByRole('treeitem').first().textContent()).not.toBe(firstText);
  });

  test('Ctrl+wheel zooms the time window around the pointer, never the page', async ({ page }) => {
    await openTrace(page, trace.traceId);
    await settled(page);
    const start0 = Number(await waterfall(page).getAttribute('data-view-start-ns'));
    const end0 = Number(await waterfall(page).getAttribute('data-view-end-ns'));
    await page.evaluate(() => {
      (window as unknown as { wheelPrevented: boolean[] }).wheelPrevented = [];
      window.addEventListener('wheel', (e) =>
        setTimeout(() =>
          (window as unknown as { wheelPrevented: boolean[] }).wheelPrevented.push(e.defaultPrevented),
        ),
      );
    });
    const box = (await waterfall(page).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.7, box.y + 200);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await settled(page);
    const start1 = Number(await waterfall(page).getAttribute('data-view-start-ns'));
    const end1 = Number(await waterfall(page).getAttribute('data-view-end-ns'));
    expect(end1 - start1).toBeLessThan((end0 - start0) * 0.7);
    expect(start1).toBeGreaterThan(start0);
    const prevented = await page.evaluate(
      () => (window as unknown as { wheelPrevented: boolean[] }).wheelPrevented,
    );
    expect(prevented.length).toBeGreaterThan(0);
    expect(prevented.every(Boolean)).toBe(true);
    expect(await page.evaluate(() => window.visualViewport?.scale ?? 1)).toBe(1);
    // Shift+wheel pans the zoomed window.
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, 200);
    await page.keyboard.up('Shift');
    await settled(page);
    const start2 = Number(await waterfall(page).getAttribute('data-view-start-ns'));
    expect(start2).toBeGreaterThan(start1);
  });

  test('keyboard moves the selection, collapse hides the subtree', async ({ page }) => {
    await openTrace(page, trace.traceId);
    const items = page.getByRole('treeitem');
    await items.first().click();
    await expect(items.first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await settled(page);
    await expect(items.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(items.first()).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('k');
    await settled(page);
    await expect(items.first()).toHaveAttribute('aria-selected', 'true');
    const rowsBefore = Number(await waterfall(page).getAttribute('data-row-count'));
    await page.keyboard.press('ArrowLeft');
    await settled(page);
    await expect(items.first()).toHaveAttribute('aria-expanded', 'false');
    const rowsAfter = Number(await waterfall(page).getAttribute('data-row-count'));
    expect(rowsAfter).toBeLessThan(rowsBefore);
    expect(await items.count()).toBeLessThanOrEqual(rowsAfter);
    await page.keyboard.press('ArrowRight');
    await settled(page);
    await expect(items.first()).toHaveAttribute('aria-expanded', 'true');
    expect(Number(await waterfall(page).getAttribute('data-row-count'))).toBe(rowsBefore);
    // The ▾ toggle of the top row (8 px padding, 12 px toggle) collapses it with the mouse too.
    const row = (await items.first().boundingBox())!;
    await page.mouse.click(row.x + 14, row.y + row.height / 2);
    await settled(page);
    await expect(items.first()).toHaveAttribute('aria-expanded', 'false');
    expect(Number(await waterfall(page).getAttribute('data-row-count'))).toBe(rowsAfter);
  });

  test('rows collapsed and the span selected stay so when clock-skew adjustment is toggled', async ({
    page,
  }) => {
    await openTrace(page, trace.traceId);
    const items = page.getByRole('treeitem');
    await items.first().click();
    await page.keyboard.press('ArrowLeft');
    await settled(page);
    await expect(items.first()).toHaveAttribute('aria-expanded', 'false');
    const collapsedRows = Number(await waterfall(page).getAttribute('data-row-count'));
    await page.keyboard.press('s');
    await expect(page).toHaveURL(/[?&]skew=0/);
    await settled(page);
    await expect(items.first()).toHaveAttribute('aria-expanded', 'false');
    await expect(items.first()).toHaveAttribute('aria-selected', 'true');
    expect(Number(await waterfall(page).getAttribute('data-row-count'))).toBe(collapsedRows);
  });

  test('clicking a mirror item selects exactly that span', async ({ page }) => {
    await openTrace(page, trace.traceId);
    const third = page.getByRole('treeitem').nth(2);
    const text = await third.textContent();
    await third.click();
    await settled(page);
    await expect(page.getByRole('treeitem', { selected: true })).toHaveText(text!);
    await expect(page).toHaveURL(/[?&]span=[0-9a-f]{16}/);
  });

  test('dragging on the time axis zooms to the range; the minimap moves the window', async ({ page }) => {
    await openTrace(page, trace.traceId);
    const canvas = (await page.getByTestId('waterfall-canvas').boundingBox())!;
    const tree = 0.32 * canvas.width;
    const x0 = canvas.x + tree + (canvas.width - tree) * 0.25;
    const x1 = canvas.x + tree + (canvas.width - tree) * 0.5;
    await page.mouse.move(x0, canvas.y + 15);
    await page.mouse.down();
    await page.mouse.move(x1, canvas.y + 15, { steps: 5 });
    await page.mouse.up();
    await settled(page);
    const start = Number(await waterfall(page).getAttribute('data-view-start-ns'));
    const end = Number(await waterfall(page).getAttribute('data-view-end-ns'));
    expect(start).toBeGreaterThan(0);
    const whole = end / 0.5; // the window ends about half way through the trace
    expect((end - start) / whole).toBeGreaterThan(0.15);
    expect((end - start) / whole).toBeLessThan(0.35);
    await expect(page).toHaveURL(/zoom|from|window|start/);
    // Clicking the minimap near its right end centres the window there.
    const mini = (await page.getByTestId('waterfall-minimap').boundingBox())!;
    await page.mouse.click(mini.x + mini.width * 0.9, mini.y + mini.height * 0.6);
    await settled(page);
    const start2 = Number(await waterfall(page).getAttribute('data-view-start-ns'));
    expect(start2).toBeGreaterThan(end);
  });

  test('saves the waterfall as a PNG from the export menu', async ({ page }) => {
    await openTrace(page, trace.traceId);
    await page.getByRole('button', { name: 'Export' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Waterfall as PNG' }).click();
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(file);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    const widthPx = bytes.readUInt32BE(16);
    const heightPx = bytes.readUInt32BE(20);
    const box = (await waterfall(page).boundingBox())!;
    expect(widthPx).toBe(Math.round(box.width));
    expect(heightPx).toBeGreaterThan(box.height * 0.9);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`looks right in the ${scheme} theme`, async ({ page }, info) => {
      await page.emulateMedia({ colorScheme: scheme });
      await openTrace(page, trace.traceId);
      await page.getByRole('treeitem').nth(3).click();
      await settled(page);
      const stats = await canvasStats(page);
      expect(stats.colours).toBeGreaterThan(8);
      await page.screenshot({ path: info.outputPath(`waterfall-${scheme}.png`) });
    });
  }
});
