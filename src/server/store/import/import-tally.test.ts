import { describe, expect, it } from 'vitest';
import type { PreparedBatch } from '../ingest/batch-columns.ts';
import { ImportTally } from './import-tally.ts';

/** A stand-in batch: only what the tally reads. */
const batch = (count: number, bytes: number, traceIds: string[]) =>
  ({
    count,
    bytes,
    totals: { traces: traceIds.map((traceId) => ({ traceId })) },
  }) as unknown as PreparedBatch;

describe('ImportTally', () => {
  it('counts what was committed, in order, and holds `below` until commits catch up', async () => {
    const commits: (() => void)[] = [];
    const tally = new ImportTally(() => new Promise<void>((resolve) => commits.push(resolve)));
    const told: number[] = [];
    tally.add([batch(100, 1000, ['a'])], (s) => told.push(s.spans));
    tally.add([batch(200, 5000, ['b', 'a'])], (s) => told.push(s.spans));
    let released = false;
    const waiting = tally.below({ spans: 150, bytes: 10_000 }).then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    commits[0]();
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toBe(false);
    expect(tally.kept).toEqual({ traceIds: ['a'], spanCount: 100 });
    commits[1]();
    await waiting;
    expect(told).toEqual([100, 200]);
    expect(await tally.settle()).toEqual({ traceIds: ['a', 'b'], spanCount: 300 });
  });

  it('holds `below` on bytes as on spans, and settles with a commit’s failure', async () => {
    let fail: (error: Error) => void = () => undefined;
    const tally = new ImportTally(() => new Promise<void>((_, reject) => (fail = reject)));
    tally.add([batch(1, 64 * 1024 * 1024, ['a'])]);
    let released = false;
    const waiting = tally.below({ spans: 1000, bytes: 32 * 1024 * 1024 }).then(() => (released = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toBe(false);
    fail(new Error('disk full'));
    await waiting;
    await expect(tally.settle()).rejects.toThrow('disk full');
    expect(tally.kept).toEqual({ traceIds: [], spanCount: 0 });
  });
});
