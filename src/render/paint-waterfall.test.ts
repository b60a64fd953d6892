import { describe, expect, it } from 'vitest';
import { indexCriticalPath } from '../core/layout/critical-index.ts';
import { createRowModel, setCollapsed } from '../core/layout/row-model.ts';
import { columnsFromOutline, syntheticColumns } from '../testing/fake-columns.ts';
import { recordingContext, testFrame, testViewport } from '../testing/waterfall-frame.ts';
import { FrameScratch } from './frame.ts';
import { paintWaterfall } from './paint-waterfall.ts';
import { darkPalette, lightPalette } from './theme.ts';
import { timelineLeftCssPx, timelineWidthCssPx } from './viewport.ts';

//  ns      0        250       500       750      1000
//  api     [===================================]        GET /checkout
//  cart      [=========]                                 load cart
//  db          [===]  !                                  SELECT items (error)
//  pay                          [==========]             charge  (events at 600, 600.2, 600.4, 700)
const cols = columnsFromOutline(`
  api GET /checkout 0..1000
    cart load cart 50..300
      db SELECT items 100..200 !
    pay charge 500..800 @600,600.2,600.4,700
`);

function paint(over: Parameters<typeof testFrame>[1] = {}) {
  const { rec, ctx } = recordingContext();
  const frame = testFrame(cols, over);
  paintWaterfall(ctx, frame, new FrameScratch(lightPalette.services.length));
  return { rec, frame };
}

const BAR_Y = (row: number) => 30 + row * 24 + 6;
const BAR_COLOURS = new Set([...lightPalette.services, lightPalette.error]);
const barsOf = (rec: ReturnType<typeof recordingContext>['rec']) =>
  rec.filledRects().filter((r) => r.h === 12 && BAR_COLOURS.has(r.fillStyle));

describe('paintWaterfall', () => {
  it('draws one bar per row at its time, in its service colour, and red for errors', () => {
    const { rec, frame } = paint();
    const v = frame.viewport;
    const left = timelineLeftCssPx(v);
    const w = timelineWidthCssPx(v);
    const bars = barsOf(rec).sort((a, b) => a.y - b.y);
    expect(bars).toHaveLength(4);
    const [api, cart, db, pay] = bars;
    expect(api.x).toBeCloseTo(left, 0);
    expect(api.w).toBeCloseTo(w, 0);
    expect(cart.x).toBeCloseTo(left + 0.05 * w, 0);
    expect(cart.y).toBe(BAR_Y(1));
    expect(db.fillStyle).toBe(lightPalette.error);
    expect(pay.y).toBe(BAR_Y(3));
    const slot = frame.serviceSlot[cols.service[0]];
    expect(api.fillStyle).toBe(lightPalette.services[slot]);
  });

  it('draws labels: service, span name and durations', () => {
    const { rec } = paint();
    const texts = rec.texts().map((t) => t.text);
    for (const s of ['api', 'GET /checkout', 'cart', 'load cart', 'SELECT items', 'charge'])
      expect(texts).toContain(s);
    for (const d of ['1 µs', '250 ns', '100 ns', '300 ns']) expect(texts).toContain(d);
    expect(texts).toContain('!');
    expect(texts).toContain('Service & operation');
  });

  it('batches rectangles: one fill per colour for the bars', () => {
    const { rec } = paint();
    const fills = rec.calls.filter((c) => c.op === 'fill').length;
    // backgrounds, toggles, error discs, bar colours (≤ 4), event ticks and axis ticks: a handful.
    expect(fills).toBeLessThan(14);
  });

  it('draws event ticks over the bar, one per pixel', () => {
    const { rec, frame } = paint();
    const ticks = rec.filledRects().filter((r) => r.fillStyle === lightPalette.eventTick);
    // 600, 600.2, 600.4 fall in one pixel at this zoom; 700 in another.
    expect(ticks).toHaveLength(2);
    const w = timelineWidthCssPx(frame.viewport);
    expect(ticks[1].x - ticks[0].x).toBeCloseTo(0.1 * w, 0);
  });

  it('marks selection with a row background and a bar outline, hover with its own colour', () => {
    const { rec } = paint({ selected: 2, hovered: 1 });
    const rects = rec.filledRects();
    expect(rects.some((r) => r.fillStyle === lightPalette.rowSelected && r.y === 30 + 2 * 24)).toBe(true);
    expect(rects.some((r) => r.fillStyle === lightPalette.rowHover && r.y === 30 + 24)).toBe(true);
    expect(rects.filter((r) => r.fillStyle === lightPalette.selectedOutline)).toHaveLength(4);
  });

  it('dims bars outside the find matches and highlights the matches', () => {
    const { rec } = paint({ highlight: Uint32Array.from([3]), dimOthers: true });
    const bars = barsOf(rec);
    expect(bars.filter((b) => b.globalAlpha < 1)).toHaveLength(3);
    expect(bars.filter((b) => b.globalAlpha === 1)).toHaveLength(1);
    expect(rec.filledRects().some((r) => r.fillStyle === lightPalette.rowMatch && r.y === 30 + 3 * 24)).toBe(
      true,
    );
  });

  it('hides the rows of a collapsed subtree and shows the hidden count', () => {
    const rows = setCollapsed(cols, createRowModel(cols), 1, true);
    const { rec } = paint({ rows });
    const texts = rec.texts().map((t) => t.text);
    expect(texts).not.toContain('SELECT items');
    expect(texts).toContain('+1');
    expect(barsOf(rec)).toHaveLength(3);
  });

  it('draws the critical path over the bars', () => {
    const critical = indexCriticalPath(
      Uint32Array.from([0, 3, 0]),
      Float64Array.from([0, 500, 800]),
      Float64Array.from([500, 800, 1000]),
    );
    const { rec } = paint({ critical });
    const segs = rec.filledRects().filter((r) => r.fillStyle === lightPalette.criticalPath);
    expect(segs).toHaveLength(3);
    expect(segs.every((s) => s.h === 3)).toBe(true);
  });

  it('labels the time axis with round ticks in one unit', () => {
    const { rec } = paint();
    const labels = rec
      .texts()
      .filter((t) => t.y < 30)
      .map((t) => t.text);
    expect(labels).toContain('0 ns');
    expect(labels).toContain('200 ns');
    expect(labels.filter((l) => /ns$/.test(l)).length).toBeGreaterThan(3);
  });

  it('zoomed in, clips bars to the timeline and skips those outside the window', () => {
    const viewport = testViewport(cols, { startNs: 550, endNs: 650 });
    const { rec } = paint({ viewport });
    const left = timelineLeftCssPx(viewport);
    const right = left + timelineWidthCssPx(viewport);
    const bars = barsOf(rec);
    expect(bars).toHaveLength(2); // api and charge cover 550..650; cart and db are off screen
    for (const b of bars) {
      expect(b.x).toBeGreaterThanOrEqual(left - 0.01);
      expect(b.x + b.w).toBeLessThanOrEqual(right + 0.01);
    }
  });

  it('draws crisp device pixels on HiDPI screens', () => {
    const viewport = testViewport(cols, { dpr: 2 });
    const { rec } = paint({ viewport });
    expect(rec.calls[0]).toMatchObject({ op: 'setTransform', args: [2, 0, 0, 2, 0, 0] });
    for (const r of rec.filledRects().filter((b) => b.h === 12)) expect((r.x * 2) % 1).toBe(0);
  });

  it('paints with the dark palette', () => {
    const { rec } = paint({ palette: darkPalette });
    expect(rec.calls.find((c) => c.op === 'fillRect')?.fillStyle).toBe(darkPalette.background);
  });

  it('bounds the work by rows on screen × width, however large the trace (LOD)', () => {
    const big = syntheticColumns(100_000, 10);
    // One span with 200k events.
    const events = Float64Array.from({ length: 200_000 }, (_, i) => (i / 200_000) * big.endNs[0]);
    const eventStart = new Uint32Array(big.nodeCount + 1).fill(events.length);
    eventStart[0] = 0;
    const cols2 = { ...big, eventNs: events, eventStart };
    const { rec, ctx } = recordingContext();
    const frame = testFrame(cols2, { viewport: testViewport(cols2, { heightCssPx: 600, widthCssPx: 1200 }) });
    const t0 = performance.now();
    paintWaterfall(ctx, frame, new FrameScratch(lightPalette.services.length));
    const ms = performance.now() - t0;
    const rowsOnScreen = Math.ceil((600 - 30) / 24) + 1;
    const width = timelineWidthCssPx(frame.viewport);
    const rects = rec.filledRects().length;
    expect(rects).toBeLessThan(rowsOnScreen * 40 + width + 50);
    expect(rec.texts().length).toBeLessThan(rowsOnScreen * 5 + 50);
    expect(ms).toBeLessThan(200);
  });
});
