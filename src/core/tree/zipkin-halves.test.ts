import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { SpanTable } from '../model/span-table.ts';
import { assignToHalves } from './zipkin-halves.ts';

/** Only startNs and durNs are read. */
function times(starts: number[], durs: number[]): SpanTable {
  return { startNs: Float64Array.from(starts), durNs: Float64Array.from(durs) } as unknown as SpanTable;
}

/** DESIGN §2 read literally: the first half in input order whose window holds the start, else the first. */
function naive(t: SpanTable, servers: number[], children: number[]): number[] {
  return children.map((c) => {
    const s = t.startNs[c];
    for (const h of servers) {
      const d = t.durNs[h];
      const end = t.startNs[h] + (Number.isNaN(d) || d < 0 ? 0 : d);
      if (s >= t.startNs[h] && s <= end) return h;
    }
    return servers[0];
  });
}

const time = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(Number.NaN));

describe('assignToHalves', () => {
  test('agrees with the literal rule, overlapping and missing windows included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(time, fc.oneof(fc.integer({ min: -3, max: 15 }), fc.constant(Number.NaN))), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(time, { maxLength: 10 }),
        (halves, childStarts) => {
          const t = times(
            [...halves.map(([s]) => s), ...childStarts],
            [...halves.map(([, d]) => d), ...childStarts.map(() => 0)],
          );
          const servers = halves.map((_, i) => i);
          const children = childStarts.map((_, i) => halves.length + i);
          expect(assignToHalves(t, servers, children)).toEqual(naive(t, servers, children));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('50,000 halves and 50,000 children: no quadratic blow-up', () => {
    const k = 50_000;
    // Half i covers [10i, 10i + 5]; child j starts at 10j + 7 (in no window) or 10j + 2 (in half j).
    const starts = [
      ...Array.from({ length: k }, (_, i) => 10 * i),
      ...Array.from({ length: k }, (_, j) => 10 * j + (j % 2 ? 7 : 2)),
    ];
    const durs = [...Array.from({ length: k }, () => 5), ...Array.from({ length: k }, () => 0)];
    const servers = Array.from({ length: k }, (_, i) => i);
    const children = Array.from({ length: k }, (_, j) => k + j);
    const t0 = performance.now();
    const out = assignToHalves(times(starts, durs), servers, children);
    // Generous for a loaded machine; the product (2.5e9 window tests) would take many seconds.
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(out.slice(0, 4)).toEqual([0, 0, 2, 0]);
    expect(out[k - 2]).toBe(k - 2);
  });
});
