import { describe, expect, it } from 'vitest';
import {
  brushSpan,
  durationTicks,
  hitTest,
  type PlotPoint,
  plotScales,
  pointPixels,
  timeLabel,
  timeTicks,
} from './scatter-model.ts';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const FRAME = { widthPx: 1040, heightPx: 240, margin: { top: 10, right: 20, bottom: 30, left: 60 } };
const OPEN = { startMs: null, endMs: null };
const point = (i: number, startMs: number, durationMs: number, error = false): PlotPoint => ({
  traceId: `t${i}`,
  startMs,
  durationMs,
  error,
});

describe('plotScales', () => {
  it('spans the searched range on x, or the points with a margin when the range is open', () => {
    const points = [point(0, T0, 5), point(1, T0 + 600_000, 8)];
    const ranged = plotScales(points, FRAME, { startMs: T0 - 60_000, endMs: T0 + 3_600_000 }, T0);
    expect(ranged.x.domain().map((d) => d.getTime())).toEqual([T0 - 60_000, T0 + 3_600_000]);
    expect([ranged.left, ranged.right]).toEqual([60, 1020]);
    const open = plotScales(points, FRAME, OPEN, T0);
    const [a, b] = open.x.domain().map((d) => d.getTime());
    expect(a).toBe(T0 - 30_000);
    expect(b).toBe(T0 + 630_000);
    // Only a start: up to now (the run) or the newest point.
    const since = plotScales(points, FRAME, { startMs: T0, endMs: null }, T0 + 3_600_000);
    expect(since.x.domain()[1].getTime()).toBe(T0 + 3_600_000);
  });

  it('gives one point or none a sensible window', () => {
    const one = plotScales([point(0, T0, 5)], FRAME, OPEN, T0);
    expect(one.x.domain().map((d) => d.getTime())).toEqual([T0 - 30_000, T0 + 30_000]);
    const none = plotScales([], FRAME, OPEN, T0);
    expect(none.x.domain().map((d) => d.getTime())).toEqual([T0 - 3_600_000 - 108_000, T0 + 108_000]);
  });

  it('uses a log duration axis when durations span decades, with power-of-ten ticks', () => {
    const s = plotScales([point(0, T0, 0.3), point(1, T0, 40), point(2, T0, 2_500)], FRAME, OPEN, T0);
    expect(s.yLog).toBe(true);
    expect(s.y.domain()).toEqual([0.1, 10_000]);
    expect(durationTicks(s).map((t) => t.label)).toEqual([
      '100 µs',
      '1 ms',
      '10 ms',
      '100 ms',
      '1 s',
      '10 s',
    ]);
    // The y range is inset so that dots keep clear of the frame.
    expect(s.y(0.1)).toBe(FRAME.heightPx - FRAME.margin.bottom - 6);
  });

  it('adds 2× and 5× ticks when the log axis has few decades', () => {
    const s = plotScales([point(0, T0, 1.5), point(1, T0, 80)], FRAME, OPEN, T0);
    expect(s.yLog).toBe(true);
    expect(durationTicks(s).map((t) => t.value)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });

  it('uses a linear axis from zero when durations are alike, zero durations at zero', () => {
    const s = plotScales([point(0, T0, 10), point(1, T0, 90), point(2, T0, 0)], FRAME, OPEN, T0);
    expect(s.yLog).toBe(false);
    expect(durationTicks(s).map((t) => t.label)).toEqual(['0', '20 ms', '40 ms', '60 ms', '80 ms', '100 ms']);
    expect(pointPixels([point(2, T0, 0)], s)[0].yPx).toBe(s.y(0));
  });

  it('puts zero durations (under 1 ms in whole ms) at the bottom of a log axis', () => {
    const s = plotScales([point(0, T0, 0), point(1, T0, 1), point(2, T0, 2_000)], FRAME, OPEN, T0);
    expect(s.yLog).toBe(true);
    expect(s.y.domain()).toEqual([1, 10_000]);
    expect(pointPixels([point(0, T0, 0)], s)[0].yPx).toBe(s.y(1));
    const allZero = plotScales([point(0, T0, 0)], FRAME, OPEN, T0);
    expect(allZero.yLog).toBe(false);
    expect(Number.isFinite(pointPixels([point(0, T0, 0)], allZero)[0].yPx)).toBe(true);
  });

  it('labels time ticks in local 24-hour time, as precise as their step', () => {
    const at = new Date(2026, 11, 7, 14, 30, 15, 250).getTime();
    expect(timeLabel(at, 250)).toBe('14:30:15.250');
    expect(timeLabel(at, 5000)).toBe('14:30:15');
    expect(timeLabel(at, 1_800_000)).toBe('14:30');
    expect(timeLabel(new Date(2026, 11, 7).getTime(), 1_800_000)).toBe('Dec 7');
    expect(timeLabel(at, 86_400_000)).toBe('Dec 7');
  });

  it('puts time ticks about every 110 px', () => {
    const s = plotScales([], FRAME, { startMs: T0, endMs: T0 + 3_600_000 }, T0);
    const ticks = timeTicks(s);
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    expect(ticks.length).toBeLessThanOrEqual(13);
    for (const t of ticks) expect(t.px).toBeGreaterThanOrEqual(s.left);
  });
});

describe('hitTest and brushSpan', () => {
  const s = plotScales([], FRAME, { startMs: T0, endMs: T0 + 960_000 }, T0);
  const points = [point(0, T0 + 100_000, 10), point(1, T0 + 100_000, 10, true), point(2, T0 + 500_000, 100)];
  const pixels = pointPixels(points, s);

  it('finds the nearest point within the radius, an error when two are as near', () => {
    expect(hitTest(pixels, points, pixels[2].xPx + 3, pixels[2].yPx - 3)).toBe(2);
    expect(hitTest(pixels, points, pixels[0].xPx, pixels[0].yPx)).toBe(1);
    expect(hitTest(pixels, points, pixels[2].xPx + 20, pixels[2].yPx)).toBe(-1);
  });

  it('turns a drag into times inside the plot; a click-sized drag is none', () => {
    // 1 px is 1 s here (960 px for 960 s).
    expect(brushSpan(s, 160, 60 + 300)).toEqual([T0 + 100_000, T0 + 300_000]);
    expect(brushSpan(s, 400, 160)).toEqual([T0 + 100_000, T0 + 340_000]);
    expect(brushSpan(s, 0, 2000)).toEqual([T0, T0 + 960_000]);
    expect(brushSpan(s, 100, 102)).toBeNull();
  });
});
