/**
 * The flame graph in a real browser against the real server: a trace pushed over OTLP/HTTP is drawn
 * as a flame chart (parallel calls in their own lanes) and as an aggregated flame graph (an N+1
 * pattern merged into one frame); clicks, double clicks, the breadcrumb and the keyboard select and
 * focus spans, in both views and in the URL; a copied link restores the same flame view.
 */
import type { Page } from '@playwright/test';
import { spanParam, waitForTrace } from './app-helpers.ts';
import { expect, withOwnServer } from './server.ts';

/** A server of its own (no demo data), so the trace pushed here never changes what other specs pick. */
const test = withOwnServer({ demo: false });

const TRACE = 'f1a3e000000000000000000000000f1a';
const BASE_NS = BigInt(Date.now() - 60_000) * 1_000_000n;
const MS = 1_000_000n;
const SELECTS = 30;

type Span = { id: string; parent: string; name: string; from: number; to: number; error?: boolean };

const spanId = (n: number) => n.toString(16).padStart(16, '0');

//  ms        0        20        40        60        80       100
//  frontend  [============================ checkout =============]
//  auth        [verify]
//  pricing          [=== GET /price ===]    × 3, overlapping
//  cart                                [====== load cart =====]
//  db                                   [] [] [] … SELECT item × 30, one after another
//  payment                                                    [charge] error
const SPANS: Record<string, Span[]> = {
  frontend: [{ id: spanId(1), parent: '', name: 'checkout', from: 0, to: 100 }],
  auth: [{ id: spanId(2), parent: spanId(1), name: 'verify', from: 2, to: 10 }],
  pricing: [0, 1, 2].map((i) => ({
    id: spanId(3 + i),
    parent: spanId(1),
    name: 'GET /price',
    from: 12 + 2 * i,
    to: 40 + 2 * i,
  })),
  cart: [{ id: spanId(6), parent: spanId(1), name: 'load cart', from: 45, to: 95 }],
  db: Array.from({ length: SELECTS }, (_, i) => ({
    id: spanId(100 + i),
    parent: spanId(6),
    name: 'SELECT item',
    from: 45.2 + i * 1.64,
    to: 45.2 + i * 1.64 + 1.55 + i * 0.001,
  })),
  payment: [{ id: spanId(7), parent: spanId(1), name: 'charge', from: 96, to: 99, error: true }],
};
const SLOWEST_SELECT = spanId(100 + SELECTS - 1);

function otlp() {
  const ns = (ms: number) => String(BASE_NS + BigInt(Math.round(ms * 1000)) * (MS / 1000n));
  return {
    resourceSpans: Object.entries(SPANS).map(([service, spans]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          spans: spans.map((s) => ({
            traceId: TRACE,
            spanId: s.id,
            parentSpanId: s.parent,
            name: s.name,
            kind: 2,
            startTimeUnixNano: ns(s.from),
            endTimeUnixNano: ns(s.to),
            status: s.error ? { code: 2, message: 'card declined' } : {},
          })),
        },
      ],
    })),
  };
}

const flameItems = (page: Page) => page.getByTestId('flame').getByRole('treeitem');
const flameItem = (page: Page, text: string) => flameItems(page).filter({ hasText: text });
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

async function openFlame(page: Page, query = ''): Promise<void> {
  await page.goto(`/trace/${TRACE}?view=flame${query}`);
  await page.waitForFunction(
    () => performance.getEntriesByName('spanscope:flame-rendered').length > 0,
    null,
    {
      timeout: 60_000,
    },
  );
  await expect(flameItems(page).first()).toBeAttached();
}

/** Distinct colours and a hash of the flame canvas (device pixels, sampled). */
function canvasPixels(page: Page): Promise<{ colours: number; hash: number }> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid=flame-canvas]')!;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let hash = 0;
    for (let i = 0; i < data.length; i += 16) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13) | 0;
    }
    return { colours: colours.size, hash };
  });
}

// Wide enough that, focused on "load cart", each of its SELECTs is wide enough for a label.
test.use({ viewport: { width: 1600, height: 900 } });

test.beforeAll(async ({ own }) => {
  const res = await fetch(`${own.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(otlp()),
  });
  expect(res.status).toBe(200);
});

test('the flame chart puts parallel calls in lanes; a clicked bar is the span selected in the waterfall', async ({
  page,
}) => {
  await page.goto(`/trace/${TRACE}`);
  await waitForTrace(page);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  await expect.poll(() => param(page, 'view')).toBe('flame');
  const mark = await page.waitForFunction(() => {
    const m = performance.getEntriesByName('spanscope:flame-rendered')[0] as PerformanceMark | undefined;
    return m?.detail;
  });
  expect(await mark.jsonValue()).toEqual({ spanCount: 37 });
  expect((await canvasPixels(page)).colours).toBeGreaterThan(5);

  await expect(flameItem(page, 'frontend checkout')).toHaveCount(1);
  const prices = flameItem(page, 'pricing GET /price');
  await expect(prices).toHaveCount(3);
  const tops = await prices.evaluateAll((els) => els.map((e) => (e as HTMLElement).style.top));
  expect(new Set(tops).size).toBe(3);

  await flameItem(page, 'auth verify').click();
  await expect.poll(() => spanParam(page)).toBe(spanId(2));
  await expect(page.getByTestId('detail-panel')).toContainText(spanId(2));
  await page.getByTestId('flame').press('1');
  await expect.poll(() => param(page, 'view')).toBeNull();
  await expect(page.locator('[data-testid=waterfall] [role=treeitem][aria-selected=true]')).toContainText(
    'auth verify',
  );
});

test('a double click focuses a subtree; the breadcrumb comes back to the whole trace', async ({ page }) => {
  await openFlame(page);
  await flameItem(page, 'cart load cart').dblclick();
  await expect.poll(() => param(page, 'focus')).toBe(spanId(6));
  const crumbs = page.getByRole('navigation', { name: 'Focused subtree' });
  await expect(crumbs).toContainText('frontend: checkout');
  await expect(crumbs).toContainText('cart: load cart');
  // Focused, the subtree fills the width: every SELECT is wide enough for a label, the root is gone.
  await expect(flameItem(page, 'db SELECT item')).toHaveCount(SELECTS);
  await expect(flameItem(page, 'frontend checkout')).toHaveCount(0);
  await crumbs.getByRole('button', { name: 'Whole trace' }).click();
  await expect.poll(() => param(page, 'focus')).toBeNull();
  await expect(flameItem(page, 'frontend checkout')).toHaveCount(1);
  // The browser's back button returns to the focus (a focus is a history entry).
  await page.goBack();
  await expect.poll(() => param(page, 'focus')).toBe(spanId(6));
});

test('the aggregated flame graph merges the N+1 calls into one frame with their count', async ({ page }) => {
  await openFlame(page);
  await page.getByRole('button', { name: 'Aggregated' }).click();
  await expect.poll(() => param(page, 'flame')).toBe('agg');
  const frame = flameItem(page, 'db SELECT item');
  await expect(frame).toHaveCount(1);
  await expect(frame).toContainText(`×${SELECTS}`);
  await expect(flameItem(page, 'pricing GET /price')).toContainText('×3');
  await frame.click();
  await expect.poll(() => spanParam(page)).toBe(SLOWEST_SELECT);
  const panel = page.getByTestId('frame-panel');
  await expect(panel.getByTestId('frame-count')).toHaveText(String(SELECTS));
  await expect(panel.getByRole('row')).toHaveCount(SELECTS + 1);
  // Another span of the frame, picked in its list, becomes the selected span.
  await panel.getByRole('row').nth(5).getByRole('button').click();
  await expect.poll(() => spanParam(page)).not.toBe(SLOWEST_SELECT);
  await expect(page.getByTestId('detail-panel')).toContainText(spanParam(page)!);
});

test('find and a statistics row highlight their spans in the flame graph, the rest dimmed', async ({
  page,
}) => {
  await openFlame(page, '&flame=agg');
  await expect(flameItems(page)).not.toHaveCount(1);
  // Find: only frames holding a match keep their label (the dimmed rest is drawn unlabelled).
  await page.getByRole('textbox', { name: 'Find in trace' }).fill('GET /price');
  await expect(flameItems(page)).toHaveCount(1);
  await expect(flameItems(page)).toContainText('pricing GET /price ×3');
  await page.getByRole('textbox', { name: 'Find in trace' }).fill('');
  // A statistics row (by operation): its spans' frame is highlighted, back in the flame graph.
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await page.getByRole('button', { name: 'By operation' }).click();
  await page.getByTestId('stats-table').locator('tbody tr', { hasText: 'SELECT item' }).click();
  await expect(page.getByTestId('highlight-chip')).toContainText(`${SELECTS} spans`);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  await expect(flameItems(page)).toHaveCount(1);
  await expect(flameItems(page)).toContainText(`db SELECT item ×${SELECTS}`);
  await page.getByTestId('highlight-chip').getByRole('button', { name: 'Clear the highlight' }).click();
  await expect(flameItem(page, 'frontend checkout')).toHaveCount(1);
});

test('keys move to the first child, the next sibling and the parent; Enter focuses', async ({ page }) => {
  await openFlame(page);
  await flameItem(page, 'frontend checkout').click();
  await expect.poll(() => spanParam(page)).toBe(spanId(1));
  const flame = page.getByTestId('flame');
  await flame.press('ArrowDown');
  await expect.poll(() => spanParam(page)).toBe(spanId(2));
  await flame.press('ArrowRight');
  await expect.poll(() => spanParam(page)).toBe(spanId(3));
  await flame.press('ArrowRight');
  await expect.poll(() => spanParam(page)).toBe(spanId(4));
  await flame.press('ArrowLeft');
  await expect.poll(() => spanParam(page)).toBe(spanId(3));
  await flame.press('ArrowUp');
  await expect.poll(() => spanParam(page)).toBe(spanId(1));
  await flame.press('ArrowDown');
  await flame.press('Enter');
  await expect.poll(() => param(page, 'focus')).toBe(spanId(2));
});

test('colour modes repaint; copy link opens the same flame view in a new browser', async ({
  page,
  browser,
  own,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openFlame(page, '&flame=agg');
  const byService = await canvasPixels(page);
  await page.getByLabel('Colour by').selectOption('self');
  await expect.poll(() => param(page, 'color')).toBe('self');
  await expect.poll(async () => (await canvasPixels(page)).hash).not.toBe(byService.hash);
  await page.getByRole('button', { name: 'Self time' }).click();
  await expect.poll(() => param(page, 'weight')).toBe('self');
  await flameItem(page, 'cart load cart').dblclick();
  await expect.poll(() => param(page, 'focus')).not.toBeNull();
  await expect(flameItem(page, 'frontend checkout')).toHaveCount(0);
  await flameItem(page, 'db SELECT item').click();
  await expect.poll(() => spanParam(page)).toBe(SLOWEST_SELECT);

  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const copied = new URL(link).searchParams;
  expect(link.startsWith(`${own.url}/trace/${TRACE}?`)).toBe(true);
  expect(Object.fromEntries(copied)).toMatchObject({
    view: 'flame',
    flame: 'agg',
    color: 'self',
    weight: 'self',
    span: SLOWEST_SELECT,
  });

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await other.waitForFunction(() => performance.getEntriesByName('spanscope:flame-rendered').length > 0);
  await expect(other.getByRole('button', { name: 'Aggregated' })).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByRole('navigation', { name: 'Focused subtree' })).toContainText('cart: load cart');
  await expect(other.getByTestId('frame-count')).toHaveText(String(SELECTS));
  await expect(flameItem(other, 'db SELECT item')).toHaveAttribute('aria-selected', 'true');
  await expect(flameItem(other, 'frontend checkout')).toHaveCount(0);
  await fresh.close();
});
