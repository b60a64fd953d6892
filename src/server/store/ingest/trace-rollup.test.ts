import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpanInput } from '../../../core/model/span-table.ts';
import { BatchTotalsBuilder, GroupRollup } from './trace-rollup.ts';

const NO_DETAILS = () => {
  throw new Error('not read');
};

const spanArb: fc.Arbitrary<Row> = fc.record({
  traceId: fc.constantFrom('a', 'b', 'c'),
  parentId: fc.constantFrom('', 'p'),
  name: fc.constantFrom('x', 'y', 'z'),
  service: fc.constantFrom('s1', 's2'),
  status: fc.integer({ min: 0, max: 2 }),
  startNs: fc.option(fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }), { nil: null }),
  durNs: fc.option(fc.bigInt({ min: -5n, max: 2n ** 63n - 1n }), { nil: null }),
});

interface Row {
  readonly traceId: string;
  readonly parentId: string;
  readonly name: string;
  readonly service: string;
  readonly status: number;
  readonly startNs: bigint | null;
  readonly durNs: bigint | null;
}

/** The group totals of `rows` cut into batches at `cuts`, row i stored as seq 100 + i. */
function rollup(rows: readonly Row[], cuts: readonly number[]): GroupRollup {
  const group = new GroupRollup();
  const bounds = [...new Set([0, ...cuts.filter((c) => c > 0 && c < rows.length), rows.length])].sort(
    (a, b) => a - b,
  );
  for (let b = 0; b + 1 < bounds.length; b++) {
    const totals = new BatchTotalsBuilder();
    for (let i = bounds[b]; i < bounds[b + 1]; i++) {
      const r = rows[i];
      const s: SpanInput = { ...r, spanId: String(i), kind: 0, details: NO_DETAILS };
      totals.add(i - bounds[b], s, r.service, r.durNs);
    }
    group.add(totals.finish(), 100n + BigInt(bounds[b]));
  }
  return group;
}

describe('trace totals', () => {
  it('are the same whatever the batches a commit group is cut into', () => {
    fc.assert(
      fc.property(fc.array(spanArb, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(30)), (rows, cuts) => {
        expect([...rollup(rows, cuts).traces.values()]).toEqual([...rollup(rows, []).traces.values()]);
      }),
      { numRuns: 500 },
    );
  });

  it('keep seq ranges, time range, counts per service, and the earliest root', () => {
    const rows: Row[] = [
      {
        traceId: 'a',
        parentId: 'p',
        name: 'child',
        service: 's1',
        status: 2,
        startNs: 2n ** 64n - 10n,
        durNs: 100n,
      },
      { traceId: 'a', parentId: '', name: 'late root', service: 's2', status: 0, startNs: 40n, durNs: 5n },
      {
        traceId: 'a',
        parentId: '',
        name: 'root without start',
        service: 's2',
        status: 0,
        startNs: null,
        durNs: null,
      },
      {
        traceId: 'a',
        parentId: '',
        name: 'early root',
        service: 's1',
        status: 0,
        startNs: 30n,
        durNs: 2n ** 63n - 1n,
      },
    ];
    const [t] = rollup(rows, [2]).traces.values();
    expect(t).toMatchObject({
      seqMin: 100n,
      seqMax: 103n,
      startNs: 30n,
      endNs: 2n ** 64n - 1n,
      spanCount: 4,
      errorCount: 1,
      rootName: 'early root',
      rootService: 's1',
      rootStartNs: 30n,
    });
    expect(Object.fromEntries(t.services)).toEqual({
      s1: { spanCount: 2, errorCount: 1 },
      s2: { spanCount: 2, errorCount: 0 },
    });
  });
});
