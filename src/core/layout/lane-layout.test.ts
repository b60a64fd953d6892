import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  filterLayout,
  type LaneLayout,
  LaneRuns,
  laneRuns,
  layoutFromLanes,
  NOT_LAID,
  slotAt,
} from './lane-layout.ts';

/** A layout from bars per lane ([x0, x1] pairs, sorted, not overlapping); items numbered lane by lane. */
function layoutOf(lanes: (readonly [number, number])[][]): LaneLayout {
  const bars = lanes.flatMap((bars, lane) => bars.map(([x0, x1]) => ({ lane, x0, x1 })));
  return layoutFromLanes(
    lanes.length,
    Uint32Array.from(bars, (b) => b.lane),
    null,
    Float64Array.from(bars, (b) => b.x0),
    Float64Array.from(bars, (b) => b.x1),
  );
}

interface Run {
  slot: number;
  x0Px: number;
  x1Px: number;
  merged: boolean;
}

function runsOf(
  L: LaneLayout,
  lane: number,
  startX: number,
  xPerPx: number,
  widthPx: number,
  minPx = 1,
): Run[] {
  const out = new LaneRuns(2);
  const n = laneRuns(L, lane, startX, xPerPx, widthPx, minPx, out);
  return Array.from({ length: n }, (_, i) => ({
    slot: out.slot[i],
    x0Px: out.x0Px[i],
    x1Px: out.x1Px[i],
    merged: out.merged[i] === 1,
  }));
}

describe('laneRuns', () => {
  // 10 x per px, window [0, 200): 20 px.
  //   px   0    5    10   15   20
  //        [===]||[=====]||       [==]  (slots 0 | 1 2 3 | 4 | 5 6 | 7, outside)
  const L = layoutOf([
    [
      [0, 50], // 0: 5 px, its own bar
      [52, 53], // 1: narrow, pixel 5
      [55, 56], // 2: narrow, pixel 5
      [61, 62], // 3: narrow, pixel 6
      [63, 120], // 4: starts in pixel 6 after narrow bars, wide: still drawn
      [130, 131], // 5: narrow, pixel 13
      [145, 146], // 6: narrow, pixel 14: coalesces with pixel 13
      [300, 400], // 7: outside the window
    ],
  ]);

  it('draws wide bars alone and merges narrow ones into whole pixels', () => {
    expect(runsOf(L, 0, 0, 10, 20)).toEqual([
      { slot: 0, x0Px: 0, x1Px: 5, merged: false },
      { slot: 1, x0Px: 5, x1Px: 7, merged: true },
      { slot: 4, x0Px: expect.closeTo(6.3), x1Px: 12, merged: false },
      { slot: 5, x0Px: 13, x1Px: 15, merged: true },
    ]);
  });

  it('does not clamp a bar cut by the window, and skips what ends where the window starts', () => {
    expect(runsOf(L, 0, 25, 10, 3)).toEqual([
      { slot: 0, x0Px: -2.5, x1Px: 2.5, merged: false },
      { slot: 1, x0Px: 2, x1Px: 3, merged: true },
    ]);
    expect(runsOf(L, 0, 50, 10, 1)).toEqual([{ slot: 1, x0Px: 0, x1Px: 1, merged: true }]);
    expect(runsOf(L, 0, 400, 10, 10)).toEqual([]);
  });

  it('merges a million narrow bars into at most one run per pixel, reading O(pixels · log n) of them', () => {
    const n = 1_000_000;
    const x0 = Float64Array.from({ length: n }, (_, i) => i * 10);
    // Every 10,007th bar is 3 px wide (it ends where the next starts).
    const x1 = Float64Array.from(x0, (x, i) => (i % 10_007 === 0 ? x + 10 : x + 4));
    const L = layoutFromLanes(1, new Uint32Array(n), null, x0, x1);
    const reads = { count: 0 };
    const counting = (a: Float64Array) =>
      new Proxy(a, {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads.count++;
          const v = Reflect.get(target, key);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    const widthPx = 1000;
    const out = new LaneRuns(16);
    const count = laneRuns(
      { ...L, x0: counting(L.x0), x1: counting(L.x1) },
      0,
      0,
      (n * 10) / widthPx,
      widthPx,
      1,
      out,
    );
    expect(count).toBeLessThanOrEqual(widthPx);
    // About one binary search (≈ 2 · log2 n reads) per pixel, against a million bars.
    console.log(`laneRuns, 1M bars over ${widthPx} px: ${count} run(s), ${reads.count} array reads`);
    expect(reads.count).toBeLessThan(widthPx * 64);
    // Zoomed out, every bar is narrow: one merged run covers the whole window.
    expect(runsOf(L, 0, 0, (n * 10) / widthPx, widthPx)).toEqual([
      { slot: 0, x0Px: 0, x1Px: widthPx, merged: true },
    ]);
    // Zoomed in on a wide bar among narrow ones: it is drawn alone.
    const wide = 10_007 * 10;
    expect(runsOf(L, 0, wide - 100, 10, 30)).toEqual([
      { slot: 10_007 - 10, x0Px: 0, x1Px: 10, merged: true },
      { slot: 10_007, x0Px: 10, x1Px: 11, merged: false },
      { slot: 10_008, x0Px: 11, x1Px: 30, merged: true },
    ]);
  });

  it('covers every pixel a bar touches, agreeing with a brute force per bar (fast-check)', () => {
    const barsArb = fc.array(fc.record({ gap: fc.nat(30), width: fc.oneof(fc.constant(0), fc.nat(40)) }), {
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        barsArb,
        fc.integer({ min: -20, max: 200 }),
        fc.integer({ min: 1, max: 150 }).map((k) => k / 7),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0.5, 1, 3),
        (bars, startX, xPerPx, widthPx, minPx) => {
          let x = 0;
          const pairs = bars.map(({ gap, width }): [number, number] => {
            x += gap;
            const bar: [number, number] = [x, x + width];
            x += width;
            return bar;
          });
          const L = layoutOf([pairs]);
          expect(
            coverageViolations(
              L,
              runsOf(L, 0, startX, xPerPx, widthPx, minPx),
              startX,
              xPerPx,
              widthPx,
              minPx,
            ),
          ).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/**
 * Every bar in the window is drawn: a bar at least minPx wide as its own run, a narrower one inside
 * a merged run covering its pixels; merged runs are whole pixels inside the window, never touching.
 */
function coverageViolations(
  L: LaneLayout,
  runs: Run[],
  startX: number,
  xPerPx: number,
  widthPx: number,
  minPx: number,
): string[] {
  const bad: string[] = [];
  const endX = startX + widthPx * xPerPx;
  const visible: number[] = [];
  for (let s = 0; s < L.item.length; s++) {
    const [x0, x1] = [L.x0[s], L.x1[s]];
    if (x0 < endX && (x1 > startX || (x0 === x1 && x0 >= startX))) visible.push(s);
  }
  const visibleEnd = visible.length ? visible[visible.length - 1] + 1 : 0;
  // Run i accounts for slots [runs[i].slot, runs[i + 1].slot) (the last: up to the last visible).
  const runOfSlot = new Map<number, number>();
  runs.forEach((r, i) => {
    const end = i + 1 < runs.length ? runs[i + 1].slot : visibleEnd;
    if (!r.merged && end !== r.slot + 1) bad.push(`run ${i}: a single bar's run spans ${r.slot}..${end}`);
    for (let s = r.slot; s < end; s++) runOfSlot.set(s, i);
    if (
      r.merged &&
      (!Number.isInteger(r.x0Px) || !Number.isInteger(r.x1Px) || r.x0Px < 0 || r.x1Px > widthPx)
    )
      bad.push(`run ${i}: merged run ${r.x0Px}..${r.x1Px} not whole pixels in the window`);
    if (i > 0 && r.merged && runs[i - 1].merged && runs[i - 1].x1Px >= r.x0Px)
      bad.push(`run ${i}: touches run ${i - 1}`);
  });
  for (const s of runOfSlot.keys()) if (!visible.includes(s)) bad.push(`slot ${s}: drawn but not visible`);
  for (const s of visible) {
    const i = runOfSlot.get(s);
    if (i === undefined) {
      bad.push(`slot ${s}: not drawn`);
      continue;
    }
    const px0 = (L.x0[s] - startX) / xPerPx;
    const px1 = (L.x1[s] - startX) / xPerPx;
    const r = runs[i];
    if (L.x1[s] - L.x0[s] >= Math.max(1, minPx) * xPerPx) {
      if (r.merged || r.slot !== s) bad.push(`slot ${s}: wide but not drawn alone`);
      continue;
    }
    const firstPx = Math.max(0, Math.floor(px0));
    const endPx = Math.min(widthPx, Math.max(firstPx + 1, Math.ceil(px1)));
    if (!r.merged || firstPx < r.x0Px || endPx > r.x1Px)
      bad.push(`slot ${s}: pixels ${firstPx}..${endPx} not covered`);
  }
  return bad;
}

describe('slotAt', () => {
  // lane 0: [10, 20) [20, 20] [30, 40)   lane 1: empty   lane 2: [0, 5)
  const L = layoutOf([
    [
      [10, 20],
      [20, 20],
      [30, 40],
    ],
    [],
    [[0, 5]],
  ]);

  it('finds the bar holding x, x0 included and x1 excluded', () => {
    expect([10, 15, 19.9, 30, 39.9].map((x) => slotAt(L, 0, x, 0))).toEqual([0, 0, 0, 2, 2]);
    expect(slotAt(L, 2, 0, 0)).toBe(3);
  });

  it('takes the nearest bar within the slop, the left one on a tie', () => {
    expect(slotAt(L, 0, 20, 0)).toBe(1); // the zero-width bar at 20
    expect(slotAt(L, 0, 25, 4)).toBe(-1);
    expect(slotAt(L, 0, 25, 5)).toBe(1);
    expect(slotAt(L, 0, 27, 5)).toBe(2);
    expect(slotAt(L, 0, 9, 0.5)).toBe(-1);
    expect(slotAt(L, 0, 9, 1)).toBe(0);
    expect(slotAt(L, 0, 41, 1)).toBe(2);
  });

  it('answers -1 on an empty lane or outside the lanes', () => {
    expect(slotAt(L, 1, 10, 100)).toBe(-1);
    expect(slotAt(L, 3, 0, 100)).toBe(-1);
    expect(slotAt(L, -1, 0, 100)).toBe(-1);
  });
});

describe('filterLayout', () => {
  const L = layoutOf([
    [
      [0, 10],
      [10, 20],
    ],
    [[5, 8]],
    [
      [2, 3],
      [30, 40],
    ],
  ]);

  it('keeps the lanes and only the kept items, with their lanes, slots and x range', () => {
    const f = filterLayout(L, Uint8Array.from([0, 1, 0, 64, 0])); // any non-zero byte keeps
    expect(f.laneCount).toBe(3);
    expect(Array.from(f.laneStart)).toEqual([0, 1, 1, 2]);
    expect(Array.from(f.item)).toEqual([1, 3]);
    expect([Array.from(f.x0), Array.from(f.x1)]).toEqual([
      [10, 2],
      [20, 3],
    ]);
    expect(Array.from(f.laneOf)).toEqual([NOT_LAID, 0, NOT_LAID, 2, NOT_LAID]);
    expect(Array.from(f.slotOf)).toEqual([NOT_LAID, 0, NOT_LAID, 1, NOT_LAID]);
    expect([f.minX, f.maxX]).toEqual([2, 20]);
    expect([L.minX, L.maxX]).toEqual([0, 40]);
  });

  it('gives an empty layout the range {0, 0}', () => {
    const f = filterLayout(L, new Uint8Array(5));
    expect([f.item.length, f.minX, f.maxX, f.laneCount]).toEqual([0, 0, 0, 3]);
  });
});
