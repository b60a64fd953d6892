import { describe, expect, it } from 'vitest';
import { columnsFromOutline, syntheticColumns } from '../../testing/fake-columns.ts';
import { lowerBound } from './binary-search.ts';
import { bucketCountFor, buildDensityGrid, DensityBuilder } from './density-grid.ts';
import { pixelMarks } from './lod.ts';
import { createRowModel, setCollapsed } from './row-model.ts';
import { NodeFlag } from './trace-columns.ts';

describe('pixelMarks', () => {
  it('keeps one mark per pixel however many instants fall in it', () => {
    const times = Float64Array.from({ length: 100_000 }, (_, i) => i); // 0..99999 ns
    const out = new Int32Array(1000);
    // 1000 ns per pixel over 100 px: 100 marks, not 100k.
    const n = pixelMarks(times, 0, times.length, 0, 1000, 100, out);
    expect(n).toBe(100);
    expect(Array.from(out.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
  });

  it('skips instants outside the window and sparse gaps', () => {
    const times = Float64Array.from([5, 10, 11, 12, 55, 250]);
    const out = new Int32Array(10);
    const n = pixelMarks(times, 0, times.length, 8, 10, 10, out); // window [8, 108)
    expect(Array.from(out.subarray(0, n))).toEqual([0, 4]);
  });

  it('lowerBound finds the first index at or above', () => {
    const a = Float64Array.from([1, 3, 3, 7]);
    expect([0, 1, 3, 4, 8].map((x) => lowerBound(a, x))).toEqual([0, 0, 1, 3, 4]);
  });
});

//            0    50   100  150  200
//  a         [=====================]     (errors: c)
//  b         [=========]
//  c !            [====]
//  d                        [=======]
const cols = columnsFromOutline(`
  s1 a 0..200
    s2 b 0..100
      s3 c 50..100 !
    s4 d 120..200
`);

describe('density grid', () => {
  it('uses power-of-two bucket counts', () => {
    expect(bucketCountFor(10)).toBe(64);
    expect(bucketCountFor(700)).toBe(1024);
    expect(bucketCountFor(1024)).toBe(1024);
    expect(bucketCountFor(1e6)).toBe(8192);
  });

  it('gives each row its own band when there are more bands than rows', () => {
    const g = buildDensityGrid(cols, createRowModel(cols), 64, 8, NodeFlag.Error);
    expect(g.columns).toBe(64);
    const cell = (band: number, ns: number) => g.count[band * 64 + Math.floor((ns / 200) * 64)];
    // Row 0 (a) covers bands 0-1 and all time; row 2 (c) bands 4-5, 50..100 only.
    expect(cell(0, 10)).toBe(1);
    expect(cell(4, 10)).toBe(0);
    expect(cell(4, 75)).toBe(1);
    expect(g.errors[4 * 64 + 24]).toBe(1);
    expect(g.errors[0]).toBe(0);
    expect(Array.from(g.bandService, (s) => cols.strings[s])).toEqual([
      's1',
      's1',
      's2',
      's2',
      's3',
      's3',
      's4',
      's4',
    ]);
  });

  it('sums rows sharing a band and follows collapses', () => {
    const g = buildDensityGrid(cols, createRowModel(cols), 64, 1, NodeFlag.Error);
    expect(g.count[Math.floor((75 / 200) * 64)]).toBe(3); // a, b, c
    expect(g.maxCount).toBe(3);
    expect(g.bandService[0]).toBe(-1);
    const collapsed = setCollapsed(cols, createRowModel(cols), 0, true);
    const g2 = buildDensityGrid(cols, collapsed, 64, 1, NodeFlag.Error);
    expect(g2.maxCount).toBe(1);
  });

  it('summarises 100k rows into a bounded grid quickly', () => {
    const big = syntheticColumns(100_000, 8);
    const t0 = performance.now();
    const g = buildDensityGrid(big, createRowModel(big), 1200, 60, NodeFlag.Error);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(g.count.length).toBe(2048 * 60);
    // Every band is covered at time 0 by the root of its rows.
    expect(g.count[0]).toBeGreaterThan(0);
  });
});

describe('density builder', () => {
  it('gives the same grid in slices as in one go', () => {
    const big = syntheticColumns(20_000, 6);
    const rows = createRowModel(big);
    const whole = buildDensityGrid(big, rows, 500, 30, NodeFlag.Error);
    const b = new DensityBuilder(big, rows, 500, 30, NodeFlag.Error);
    let steps = 0;
    while (!b.step(3000)) steps++;
    // Rows in whole chunks of 4096 (five calls), then the bands' sums as much work a call: 512
    // buckets a band, so 5 of the 30 bands (six calls, the first being the last rows' call).
    expect(b.columns).toBe(512);
    expect(steps + 1).toBe(Math.ceil(20_000 / 4096) + Math.ceil(30 / Math.floor(3000 / 512)) - 1);
    expect(b.grid!.count).toEqual(whole.count);
    expect(b.grid!.errors).toEqual(whole.errors);
    expect(b.grid!.maxCount).toBe(whole.maxCount);
  });
});
