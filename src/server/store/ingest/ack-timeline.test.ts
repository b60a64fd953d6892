import { describe, expect, it } from 'vitest';
import {
  AckWaits,
  BUCKET_MS,
  MOMENTS,
  newTimeline,
  SMALL_EXPORT_SPANS,
  stamp,
  waitPercentile,
} from './ack-timeline.ts';

/** A complete timeline whose step i lasts `steps[i - 1]` ms. */
function timeline(steps: readonly number[]): number[] {
  const t = [1_000];
  for (const ms of steps) t.push(t[t.length - 1] + ms);
  return t;
}

const evenSteps = (ms: number) => new Array(MOMENTS.length - 1).fill(ms);

describe('ack timeline', () => {
  it('stamps moments in epoch ms, NaN until reached', () => {
    const t = newTimeline();
    expect(t).toHaveLength(MOMENTS.length);
    expect(Math.abs(t[0] - Date.now())).toBeLessThan(1_000);
    expect(Number.isNaN(t[1])).toBe(true);
    stamp(t, 'committed');
    expect(t[MOMENTS.indexOf('committed')]).toBeGreaterThanOrEqual(t[0]);
    stamp(undefined, 'committed');
  });

  it('counts small exports with complete timelines only, and answers percentiles of what came between readings', () => {
    const waits = new AckWaits();
    waits.add(timeline(evenSteps(1)), 20);
    const before = waits.counts;
    for (let i = 0; i < 19; i++) waits.add(timeline(evenSteps(2)), 20);
    waits.add(timeline(evenSteps(100)), SMALL_EXPORT_SPANS);
    waits.add(timeline(evenSteps(500)), SMALL_EXPORT_SPANS + 1);
    waits.add(newTimeline(), 20);
    waits.add([1, 2, 3], 20);
    const after = waits.counts;
    expect(after.exports).toBe(21);
    const p50 = waitPercentile(before, after, 'commitStart', 50);
    expect(p50).toBeGreaterThanOrEqual(2);
    expect(p50).toBeLessThan(2 * 1.26);
    const p99 = waitPercentile(before, after, 'commitStart', 99);
    expect(p99).toBeGreaterThanOrEqual(100);
    expect(p99).toBeLessThan(126);
    const total = waitPercentile(before, after, 'total', 50);
    expect(total).toBeGreaterThanOrEqual(2 * 9);
    expect(waitPercentile(after, after, 'total', 50)).toBeNaN();
    expect(waitPercentile(undefined, after, 'total', 0)).toBeGreaterThanOrEqual(9);
  });

  it('times the steps of an export acknowledged from the ack log from the last moment reached', () => {
    const waits = new AckWaits();
    const t = timeline(evenSteps(3));
    for (const m of ['queued', 'appendStart', 'appendEnd', 'commitStart', 'committed'] as const)
      t[MOMENTS.indexOf(m)] = Number.NaN;
    waits.add(t, 20);
    const c = waits.counts;
    expect(c.exports).toBe(1);
    expect(waitPercentile(undefined, c, 'logged', 50)).toBeGreaterThanOrEqual(3);
    expect(waitPercentile(undefined, c, 'commitStart', 50)).toBeNaN();
    // 'answered' follows 'logged' here: the five queue steps' time (5 × 3 ms) plus its own.
    expect(waitPercentile(undefined, c, 'answered', 50)).toBeGreaterThanOrEqual(18);
    expect(waitPercentile(undefined, c, 'total', 50)).toBeGreaterThanOrEqual(3 * (MOMENTS.length - 1));
  });

  it('puts hostile durations in the end buckets', () => {
    const waits = new AckWaits();
    waits.add(timeline(evenSteps(-5)), 1);
    waits.add(timeline(evenSteps(1e12)), 1);
    waits.add(timeline(evenSteps(Number.POSITIVE_INFINITY)), 1);
    const c = waits.counts;
    expect(c.exports).toBe(3);
    expect(waitPercentile(undefined, c, 'received', 1)).toBe(BUCKET_MS[0]);
    expect(waitPercentile(undefined, c, 'received', 100)).toBe(BUCKET_MS[BUCKET_MS.length - 1]);
  });
});
