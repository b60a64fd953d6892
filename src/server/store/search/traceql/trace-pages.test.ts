/**
 * A search's pages of traces, read from the newest parts when that decides them, against the order
 * the whole grouping gives (src/testing/trace-parts.ts): every page, time filters, late parts of old
 * traces, ties, traces without a start (last), and the pages planned.
 */
import { describe, expect, it } from 'vitest';
import { BASE_NS, groupedOrder, makeParts, type Part, partsStore } from '../../../../testing/trace-parts.ts';
import { TracePages } from './trace-pages.ts';

const store = partsStore();

/** Every page in turn: the traces with their starts, page sizes, and the pages planned after the first. */
async function allPages(startS?: number, endS?: number) {
  const pages = new TracePages(store.reads, startS, endS);
  const traces: [string, bigint | null][] = [];
  const sizes: number[] = [];
  let planned = 0;
  for (let page = await pages.next(); page.length > 0; page = await pages.next()) {
    if (sizes.length === 0) planned = pages.plannedPages;
    sizes.push(page.length);
    traces.push(...page.map((r): [string, bigint | null] => [r.traceId, r.startNs]));
  }
  return { traces, sizes, planned };
}

describe('search pages: the newest parts’ traces answer as the whole grouping', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every page, with and without time filters`, async () => {
      const parts = makeParts(seed, 2000);
      await store.load(parts);
      const from = 1_700_000_050;
      const to = 1_700_000_120;
      for (const [startS, endS] of [
        [undefined, undefined],
        [from, undefined],
        [from, to],
        [undefined, to],
      ]) {
        const want = groupedOrder(parts, startS, endS);
        const got = await allPages(startS, endS);
        expect(got.traces, `${startS}–${endS}`).toEqual(want);
        // Pages of 256, 1,024, 4,096, …: every one full but the last.
        expect(got.sizes.slice(0, -1)).toEqual([256, 1024, 4096].slice(0, got.sizes.length - 1));
        expect(got.planned).toBeGreaterThanOrEqual(got.sizes.length);
      }
    });
  }

  it('an old trace whose late parts fill the newest parts keeps its place', async () => {
    const parts: Part[] = [{ trace: 0, start: BASE_NS }];
    for (let k = 0; k < 2000; k++) parts.push({ trace: 0, start: BASE_NS + 10n ** 15n + BigInt(k) });
    for (let t = 1; t <= 600; t++) parts.push({ trace: t, start: BASE_NS + BigInt(t) * 1_000_000_000n });
    await store.load(parts);
    expect((await allPages()).traces).toEqual(groupedOrder(parts));
  });

  it('ties at the page boundary follow trace ids, as the grouping orders them', async () => {
    // Stored with the highest trace ids first, so the tied parts a top-N keeps are not the lowest ids.
    const parts: Part[] = Array.from({ length: 1500 }, (_, i) => 1499 - i).map((t) => ({
      trace: t,
      start: BASE_NS + BigInt(t % 3),
    }));
    await store.load(parts);
    expect((await allPages()).traces).toEqual(groupedOrder(parts));
    // 100 traces start last; the newest parts' limit cuts through the 1,400 tied before them.
    const cut: Part[] = Array.from({ length: 1500 }, (_, i) => 1499 - i).map((t) => ({
      trace: t,
      start: BASE_NS + (t < 100 ? 1n : 0n),
    }));
    await store.load(cut);
    expect((await allPages()).traces).toEqual(groupedOrder(cut));
  });
});
