import { describe, expect, it } from 'vitest';
import { IngestRate } from './ingest-rate.ts';

describe('IngestRate', () => {
  it('averages the spans of the last minute per second, forgetting older seconds', () => {
    let now = 1_000_000;
    const rate = new IngestRate(() => now);
    expect(rate.perSecond()).toBe(0);
    rate.add(600);
    now += 30_000;
    rate.add(1200);
    expect(rate.perSecond()).toBe(30);
    now += 31_000;
    expect(rate.perSecond()).toBe(20);
    now += 60_000;
    expect(rate.perSecond()).toBe(0);
    rate.add(20);
    expect(rate.perSecond()).toBe(0.3);
  });
});
