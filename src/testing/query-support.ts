/**
 * Helpers for the TraceQL tests: trees compared without their offsets, and queries run on traces
 * drawn in ASCII (ascii-trace.ts) with the results named by span label.
 */
import { compileQuery } from '../core/query/compile.ts';
import { evaluate, type QueryResult } from '../core/query/evaluate.ts';
import { type TableQueryTrace, traceForQuery } from '../core/query/trace-adapter.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { type AsciiOptions, asciiTrace, labelOf } from './ascii-trace.ts';

/** A syntax tree (or any value) with every `from` and `to` removed, for toEqual. */
export function withoutOffsets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutOffsets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'from' && k !== 'to')
      .map(([k, v]) => [k, withoutOffsets(v)]),
  );
}

/** A drawn trace as the evaluator reads it (raw times, as `spanscope query`). */
export function drawnTrace(drawing: string, options: AsciiOptions = {}): TableQueryTrace {
  const table = asciiTrace(drawing, options);
  return traceForQuery(table, buildTree(table, { adjustClockSkew: false }));
}

/** The labels of the spans of each result spanset. */
export function spansetLabels(trace: TableQueryTrace, result: QueryResult): string[][] {
  return result.spansets.map((set) => set.spans.map((s) => labelOf(trace.spanId(s))));
}

/** The labels of the matched spans of each spanset, [] when the trace does not match. */
export function matchLabels(trace: TableQueryTrace, query: string): string[][] {
  return spansetLabels(trace, evaluate(compileQuery(query), trace));
}
