import { describe, expect, it } from 'vitest';
import {
  BASE_NS as BASE,
  groupedOrder,
  makeParts,
  type Part,
  partsStore,
} from '../../../testing/trace-parts.ts';
import { recentTraces } from './recent-traces.ts';

/**
 * The listing's fast path (the newest parts' traces) against a JS oracle over the same parts: traces
 * whose many late parts would crowd the newest parts, ties in start, parts without a start, time
 * filters, limits above the trace count.
 */

/** The listing as the whole grouping answers it. */
function oracle(parts: Part[], limit: number, from?: number, to?: number): [string, string][] {
  return groupedOrder(parts, from, to)
    .slice(0, limit)
    .map(([t, s]) => [t, String(s ?? 0n)]);
}

const store = partsStore();
const load = store.load;

async function listed(limit: number, startS?: number, endS?: number): Promise<[string, string][]> {
  const answer = await recentTraces(store.reads, { limit, spss: 3, startS, endS });
  return answer.traces.map((t) => [t.traceID, t.startTimeUnixNano]);
}

describe('recent traces: the newest parts’ traces answer as the whole grouping', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: every limit and time filter`, async () => {
      const parts = makeParts(seed, 400);
      await load(parts);
      const from = 1_700_000_050;
      const to = 1_700_000_120;
      for (const limit of [1, 3, 20, 97, 399, 400, 1000]) {
        expect(await listed(limit), `limit ${limit}`).toEqual(oracle(parts, limit));
        expect(await listed(limit, from), `limit ${limit}, start`).toEqual(oracle(parts, limit, from));
        expect(await listed(limit, from, to), `limit ${limit}, range`).toEqual(
          oracle(parts, limit, from, to),
        );
        expect(await listed(limit, undefined, to), `limit ${limit}, end`).toEqual(
          oracle(parts, limit, undefined, to),
        );
      }
    });
  }

  it('an old trace whose late parts fill the newest parts does not hide the newest traces', async () => {
    const parts: Part[] = [{ trace: 0, start: BASE }];
    for (let k = 0; k < 200; k++) parts.push({ trace: 0, start: BASE + 1_000_000_000_000n + BigInt(k) });
    for (let t = 1; t <= 30; t++) parts.push({ trace: t, start: BASE + BigInt(t) * 1_000_000_000n });
    await load(parts);
    expect(await listed(20)).toEqual(oracle(parts, 20));
    expect(await listed(31)).toEqual(oracle(parts, 31));
  });

  it('ties at the oldest of the newest parts are ordered by trace id, as the grouping orders them', async () => {
    // Stored with the highest trace ids first, so the tied parts a top-N keeps are not the lowest ids.
    const parts: Part[] = Array.from({ length: 100 }, (_, i) => 99 - i).map((t) => ({
      trace: t,
      start: BASE + BigInt(t % 3),
    }));
    await load(parts);
    for (const limit of [1, 5, 20, 50]) expect(await listed(limit)).toEqual(oracle(parts, limit));
  });
});
