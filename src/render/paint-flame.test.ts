import { describe, expect, it } from 'vitest';
import { type LaneLayout, layoutFromLanes } from '../core/layout/lane-layout.ts';
import { recordingContext } from '../testing/waterfall-frame.ts';
import { flameColours } from './flame-colours.ts';
import {
  FLAME_GEOMETRY,
  type FlameFrame,
  FlameScratch,
  type FlameViewport,
  flameAxisOf,
} from './flame-frame.ts';
import { paintFlame } from './paint-flame.ts';
import { lightPalette } from './theme.ts';

/** Items as [lane, x0, x1]; labels are "item<i>" and colour slots are i % 3. */
function lanes(items: readonly (readonly [number, number, number])[]): LaneLayout {
  const laneCount = Math.max(...items.map((i) => i[0])) + 1;
  return layoutFromLanes(
    laneCount,
    Uint32Array.from(items, (i) => i[0]),
    null,
    Float64Array.from(items, (i) => i[1]),
    Float64Array.from(items, (i) => i[2]),
  );
}

const WIDTH = 1008; // an axis 1000 px wide (the flame keeps 8 px for its scrollbar)
const colours = flameColours(lightPalette);

function frame(layout: LaneLayout, over: Partial<FlameFrame> & { view?: Partial<FlameViewport> } = {}) {
  const viewport: FlameViewport = {
    widthCssPx: WIDTH,
    heightCssPx: 400,
    dpr: 1,
    ...FLAME_GEOMETRY,
    scrollTopCssPx: 0,
    firstLane: 0,
    endLane: layout.laneCount,
    ...over.view,
  };
  const f: FlameFrame = {
    layout,
    overlay: null,
    slotOf: Uint8Array.from({ length: layout.laneOf.length }, (_, i) => i % 3),
    colours,
    labelOf: (i) => `item${i}`,
    viewport,
    axis: flameAxisOf(viewport, { startNs: 0, endNs: 1000 }),
    shareOf: null,
    palette: lightPalette,
    selected: -1,
    hovered: -1,
    marks: null,
    rangeSelection: null,
    ...over,
  };
  return f;
}

function paint(f: FlameFrame) {
  const { rec, ctx } = recordingContext();
  const s = new FlameScratch(colours.length);
  paintFlame(ctx, f, s);
  return { rec, s };
}

const BAR_H = FLAME_GEOMETRY.laneHeightCssPx - 1;
const barsOf = (rec: ReturnType<typeof recordingContext>['rec']) =>
  rec.filledRects().filter((r) => r.h === BAR_H && colours.includes(r.fillStyle));

describe('paintFlame', () => {
  //  x   0      250      500      750     1000
  //  0   [============= item0 ============]
  //  1   [= item1 =]      [== item2 ==]
  //  2         [a][b]                        item3 and item4: 2 px each
  const layout = lanes([
    [0, 0, 1000],
    [1, 0, 250],
    [1, 500, 800],
    [2, 300, 302],
    [2, 302, 304],
  ]);

  it('draws each item in its lane at its x, in its slot colour, with a label where it fits', () => {
    const { rec, s } = paint(frame(layout));
    const bars = barsOf(rec).sort((a, b) => a.y - b.y || a.x - b.x);
    expect(bars.map((b) => [Math.round(b.x), Math.round(b.w), b.y])).toEqual([
      [0, 999, 30],
      [0, 249, 50],
      [500, 299, 50],
      [300, 2, 70],
      [302, 2, 70],
    ]);
    expect(bars[0].fillStyle).toBe(colours[0]);
    expect(bars[2].fillStyle).toBe(colours[2]);
    const labels = rec.texts().map((t) => t.text);
    expect(labels).toEqual(expect.arrayContaining(['item0', 'item1', 'item2']));
    expect(labels).not.toContain('item3');
    expect(s.labelCount).toBe(3);
  });

  it('merges bars narrower than a pixel: O(pixels) rects for a lane of 100,000 items', () => {
    const n = 100_000;
    const items: [number, number, number][] = [];
    for (let i = 0; i < n; i++) items.push([0, i * 0.01, i * 0.01 + 0.005]);
    const { rec } = paint(frame(lanes(items)));
    const bars = barsOf(rec);
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.length).toBeLessThanOrEqual(1001);
    // Every pixel the items cover is inked.
    const covered = new Uint8Array(1000);
    for (const b of bars) for (let x = Math.floor(b.x); x < Math.ceil(b.x + b.w); x++) covered[x] = 1;
    expect(covered.slice(0, 999).every((c) => c === 1)).toBe(true);
    expect(rec.texts().filter((t) => t.text.startsWith('item'))).toHaveLength(0);
  });

  it('fits labels with an ellipsis and never past the bar', () => {
    const long = lanes([[0, 0, 60]]);
    const { rec } = paint(frame(long, { labelOf: () => 'a very long span name indeed' }));
    const [label] = rec.texts().filter((t) => t.text.startsWith('a'));
    expect(label.text.endsWith('…')).toBe(true);
    expect(label.text.length * 6).toBeLessThanOrEqual(60 - 8);
  });

  it('dims everything under an overlay of highlighted items, which stay opaque and labelled', () => {
    const overlay = lanes([[1, 500, 800]]);
    const { rec } = paint(frame(layout, { overlay }));
    const bars = barsOf(rec);
    const dimmed = bars.filter((b) => b.globalAlpha < 1);
    const full = bars.filter((b) => b.globalAlpha === 1);
    expect(dimmed).toHaveLength(5);
    expect(full.map((b) => Math.round(b.x))).toEqual([500]);
    expect(rec.texts().map((t) => t.text)).toContain('item0');
    expect(
      rec
        .texts()
        .filter((t) => t.text.startsWith('item'))
        .map((t) => t.text),
    ).toEqual(['item0']);
  });

  it('outlines the selected item and draws marks under bars', () => {
    const marks = { lane: Uint32Array.of(1), x0: Float64Array.of(100), x1: Float64Array.of(200) };
    const { rec } = paint(frame(layout, { selected: 2, marks }));
    const outline = rec.filledRects().filter((r) => r.fillStyle === lightPalette.selectedOutline);
    expect(outline).toHaveLength(4);
    const critical = rec.filledRects().filter((r) => r.fillStyle === lightPalette.criticalPath);
    expect(critical.map((r) => [r.x, r.w])).toEqual([[100, 100]]);
  });

  it('shows only the lanes in view: a focused block starts at its first lane, scrolled lanes are skipped', () => {
    const { rec } = paint(frame(layout, { view: { firstLane: 1, endLane: 3 } }));
    const ys = new Set(barsOf(rec).map((b) => b.y));
    expect([...ys].sort()).toEqual([30, 50]);
    const scrolled = paint(frame(layout, { view: { scrollTopCssPx: 20, heightCssPx: 70 } })).rec;
    expect(new Set(barsOf(scrolled).map((b) => b.y))).toEqual(new Set([30, 50]));
  });

  it('labels an axis that is a share of a whole in percent', () => {
    const f = frame(layout);
    const { rec } = paint({
      ...f,
      shareOf: { startNs: 0, endNs: 1000 },
      axis: flameAxisOf(f.viewport, { startNs: 0, endNs: 500 }),
    });
    const labels = rec
      .texts()
      .map((t) => t.text)
      .filter((t) => t.endsWith('%'));
    expect(labels).toContain('0%');
    expect(labels).toContain('20%');
    expect(labels).not.toContain('60%');
  });

  it('zooms: items outside the window are not drawn, the rest scale', () => {
    const f = frame(layout);
    const { rec } = paint({ ...f, axis: flameAxisOf(f.viewport, { startNs: 500, endNs: 750 }) });
    const lane1 = barsOf(rec).filter((b) => b.y === 50);
    expect(lane1.map((b) => Math.round(b.x))).toEqual([0]);
    expect(lane1[0].w).toBe(999);
  });
});
