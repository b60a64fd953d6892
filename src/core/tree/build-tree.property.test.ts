import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkTree } from '../../testing/check-tree.ts';
import { type SpanInput, type SpanTable, TraceSetBuilder } from '../model/span-table.ts';
import { EMPTY_DETAILS } from '../model/types.ts';
import { decodeColumnar } from '../transfer/decode-columnar.ts';
import { columnarFromTable, encodeColumnar } from '../transfer/encode-columnar.ts';
import { buildTree } from './build-tree.ts';
import type { TraceTree } from './types.ts';

const TRACE = '0000000000000000000000000000abcd';
const POOL = 6;
/** Span ids a..f in hex; 'missing' ids are never used as span ids. */
const spanId = (i: number): string => (0xa0 + i).toString(16).padStart(16, '0');
const missingId = (i: number): string => (0xe0 + i).toString(16).padStart(16, '0');

const spanArb = fc.record({
  id: fc.integer({ min: 0, max: POOL - 1 }),
  parent: fc.oneof(
    fc.constant(''),
    fc.integer({ min: 0, max: POOL - 1 }).map(spanId),
    fc.integer({ min: 0, max: 1 }).map(missingId),
  ),
  name: fc.constantFrom('a', 'b'),
  service: fc.constantFrom('s1', 's2', ''),
  start: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
  dur: fc.option(fc.integer({ min: -5, max: 40 }), { nil: null }),
  shared: fc.boolean(),
  status: fc.integer({ min: 0, max: 2 }),
});

/** Random spans, plus exact copies of some of them appended (a batch sent twice). */
const tableArb = fc
  .tuple(fc.array(spanArb, { maxLength: 24 }), fc.array(fc.nat(), { maxLength: 6 }))
  .map(([spans, copies]) => {
    const all = spans.length ? [...spans, ...copies.map((c) => spans[c % spans.length])] : [];
    const builder = new TraceSetBuilder();
    for (const s of all) {
      const input: SpanInput = {
        traceId: TRACE,
        spanId: spanId(s.id),
        parentId: s.parent,
        name: s.name,
        service: s.service,
        kind: 0,
        status: s.status,
        startNs: s.start === null ? null : 1_000_000n + BigInt(s.start),
        durNs: s.dur === null ? null : BigInt(s.dur),
        shared: s.shared,
        details: EMPTY_DETAILS,
      };
      builder.add(input);
    }
    return builder.build()[0] as SpanTable | undefined;
  })
  .filter((t): t is SpanTable => t !== undefined);

/** Everything a tree holds, its ids as text and bytes included, as plain data. */
function plain(tree: TraceTree): unknown {
  const { table: _t, spanIdOf, spanIdBytes, ...arrays } = tree;
  return {
    ...arrays,
    ids: Array.from({ length: tree.nodeCount }, (_, k) => spanIdOf(k)),
    idBytes: spanIdBytes(),
  };
}

function snapshot(table: SpanTable): unknown {
  const { details: _details, ...data } = table;
  return structuredClone(data);
}

describe('buildTree on random parent links (cycles, self-parents, duplicates, missing parents)', () => {
  test('every kept span appears once; depth, subtreeEnd, children and links are consistent', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        checkTree(table, buildTree(table, { adjustClockSkew: false }));
      }),
      { numRuns: 300 },
    );
  });

  test('with clock-skew adjustment: same structure, same summary, children sorted by adjusted start', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        const adjusted = buildTree(table, { adjustClockSkew: true });
        checkTree(table, adjusted);
        expect(adjusted.summary).toEqual(buildTree(table, { adjustClockSkew: false }).summary);
      }),
      { numRuns: 200 },
    );
  });

  test('buildTree never mutates the table and is deterministic', () => {
    fc.assert(
      fc.property(tableArb, fc.boolean(), (table, adjustClockSkew) => {
        const before = snapshot(table);
        const a = buildTree(table, { adjustClockSkew });
        const b = buildTree(table, { adjustClockSkew });
        expect(snapshot(table)).toEqual(before);
        const { table: _ta, spanIdOf: _sa, spanIdBytes: ia, ...restA } = a;
        const { table: _tb, spanIdOf: _sb, spanIdBytes: ib, ...restB } = b;
        expect(restA).toEqual(restB);
        expect(ia()).toEqual(ib());
      }),
      { numRuns: 150 },
    );
  });

  test("the ids as bytes (the store's columnar answer) give the tree the ids as text give", () => {
    fc.assert(
      fc.property(tableArb, fc.boolean(), (table, adjustClockSkew) => {
        const binary = decodeColumnar(encodeColumnar(columnarFromTable(table)));
        expect(binary.idBytes).toBeDefined();
        const fromText = plain(buildTree(table, { adjustClockSkew }));
        const fromBytes = plain(buildTree(binary, { adjustClockSkew }));
        expect(JSON.stringify(fromBytes)).toBe(JSON.stringify(fromText));
      }),
      { numRuns: 300 },
    );
  });
});
