/**
 * A compiled query run against one trace: the spansets it finds, with their spans (numbers of the
 * QueryTrace) and the values by(), aggregates and select() report. Never throws: a value that
 * cannot be computed (a missing attribute, a division by zero) is nil and its condition false.
 */
import type { Query } from './compile.ts';
import { EvalTrace } from './eval-trace.ts';
import type { NamedValue, Spanset } from './plan.ts';
import type { QueryTrace } from './query-trace.ts';

export type { NamedValue } from './plan.ts';

export interface ResultSpanset {
  /** Matched span numbers, ascending. */
  readonly spans: readonly number[];
  /** by() keys and aggregates of the spanset, in pipeline order. */
  readonly attributes: readonly NamedValue[];
  /** Per span of `spans` (same order), the fields select() asked for that have a value; [] without select(). */
  readonly selected: readonly (readonly NamedValue[])[];
}

export interface QueryResult {
  readonly matched: boolean;
  readonly spansets: readonly ResultSpanset[];
}

export function evaluate(query: Query, trace: QueryTrace): QueryResult {
  // A trace without spans has nothing to return (even `count() = 0` finds no span in it).
  if (trace.spanCount === 0) return { matched: false, spansets: [] };
  const x = new EvalTrace(trace);
  const all = Array.from({ length: trace.spanCount }, (_, i) => i);
  const found = query.plan([{ spans: all, attributes: [], selected: [] }], x);
  return { matched: found.length > 0, spansets: found.map((set) => resultOf(set, x)) };
}

function resultOf(set: Spanset, x: EvalTrace): ResultSpanset {
  const selected =
    set.selected.length === 0
      ? []
      : set.spans.map((s) =>
          set.selected.flatMap((f) => {
            const value = f.read(x, s);
            return value === undefined ? [] : [{ name: f.name, value }];
          }),
        );
  return { spans: set.spans, attributes: set.attributes, selected };
}
