/**
 * Properties of evaluation on random traces (random-query-trace.ts): no valid query ever throws,
 * results are well formed, and the structural operators agree with their definitions computed
 * the slow way (every pair of spans).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { queryArbitrary } from '../../testing/query-arbitraries.ts';
import { queryTraceArb } from '../../testing/random-query-trace.ts';
import type { SpansetOperator } from './ast.ts';
import { compileQuery, type Query } from './compile.ts';
import { TraceQLError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import type { QueryTrace } from './query-trace.ts';
import { MarksPool } from './span-marks.ts';
import { structural } from './structural.ts';

/** The query compiled, or null when it is not valid (the grammar's generator also makes type errors). */
function compiled(text: string): Query | null {
  try {
    return compileQuery(text);
  } catch (err) {
    if (err instanceof TraceQLError) return null;
    throw err;
  }
}

describe('evaluate (properties)', () => {
  test('never throws on valid queries over random traces, and returns ascending span numbers', () => {
    const validQuery = queryArbitrary.map(compiled).filter((q): q is Query => q !== null);
    fc.assert(
      fc.property(validQuery, queryTraceArb, (query, trace) => {
        const result = evaluate(query, trace);
        expect(result.matched).toBe(result.spansets.length > 0);
        for (const set of result.spansets) {
          expect(set.spans.length).toBeGreaterThan(0);
          set.spans.forEach((s, i) => {
            expect(Number.isInteger(s) && s >= 0 && s < trace.spanCount).toBe(true);
            if (i > 0) expect(s).toBeGreaterThan(set.spans[i - 1]);
          });
          expect(set.selected.length === 0 || set.selected.length === set.spans.length).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  const ancestors = (t: QueryTrace, s: number): number[] => {
    const out: number[] = [];
    for (let p = t.parent(s); p >= 0; p = t.parent(p)) out.push(p);
    return out;
  };

  /** Does (l, r) stand in the relation? By definition, one pair at a time. */
  const RELATED: Record<string, (t: QueryTrace, l: number, r: number) => boolean> = {
    '>': (t, l, r) => t.parent(r) === l,
    '<': (t, l, r) => t.parent(l) === r,
    '>>': (t, l, r) => ancestors(t, r).includes(l),
    '<<': (t, l, r) => ancestors(t, l).includes(r),
    '~': (t, l, r) => l !== r && t.parent(l) >= 0 && t.parent(l) === t.parent(r),
  };

  function slowStructural(op: string, left: number[], right: number[], t: QueryTrace): number[] {
    const relation = RELATED[op.replace(/^[!&]/, '')];
    const rightMatches = (r: number) => left.some((l) => relation(t, l, r));
    if (op.startsWith('!')) return right.filter((r) => !rightMatches(r));
    const matchedRight = right.filter(rightMatches);
    if (!op.startsWith('&')) return matchedRight;
    const matchedLeft = left.filter((l) => right.some((r) => relation(t, l, r)));
    return [...new Set([...matchedRight, ...matchedLeft])].sort((a, b) => a - b);
  }

  const OPS = [
    '>',
    '<',
    '>>',
    '<<',
    '~',
    '!>',
    '!<',
    '!>>',
    '!<<',
    '!~',
    '&>',
    '&<',
    '&>>',
    '&<<',
    '&~',
  ] as const;

  test('structural operators agree with their pairwise definitions', () => {
    fc.assert(
      fc.property(
        queryTraceArb.chain((t) => {
          const subset = fc.subarray(Array.from({ length: t.spanCount }, (_, i) => i));
          return fc.tuple(fc.constant(t), subset, subset, fc.constantFrom(...OPS));
        }),
        ([t, left, right, op]) => {
          const pool = new MarksPool(t.spanCount);
          const fast = structural(op as Exclude<SpansetOperator, '&&' | '||'>, left, right, t, pool);
          expect(fast).toEqual(slowStructural(op, left, right, t));
          // The marks it took are given back.
          expect(pool.taken).toBe(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
