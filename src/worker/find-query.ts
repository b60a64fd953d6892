/**
 * Find in trace with a TraceQL query (`{ span.db.system = "postgresql" && duration > 10ms }`): the
 * spans of every spanset the query returns on this trace, as tree nodes. Up to
 * FIND_ATTRIBUTES_MAX_SPANS (or for a file, whose details are all here) the worker evaluates it with
 * core/query; above, a store trace is asked of the store (`details/query`), which has the details.
 */

import type { SpanTable } from '../core/model/span-table.ts';
import { compileQuery } from '../core/query/compile.ts';
import { evaluate } from '../core/query/evaluate.ts';
import { traceForQuery } from '../core/query/trace-adapter.ts';
import type { TraceTree } from '../core/tree/types.ts';
import type { DetailLoader } from './detail-loader.ts';

/**
 * A find text is a TraceQL query when it is written as a whole one: `{ … }` (possibly followed by
 * more: `{ … } >> { … }`, a pipeline) or a parenthesised query. A text such as `{"user` stays text.
 */
export function isTraceQL(text: string): boolean {
  const t = text.trim();
  if (t.startsWith('(')) return t.endsWith(')') || /\)\s*\|/.test(t);
  return t.startsWith('{') && (t.endsWith('}') || /\}\s*\|/.test(t));
}

/** Nodes (ascending) of the spans the query returns; throws TraceQLError for a bad query. */
export async function findByQuery(
  text: string,
  table: SpanTable,
  tree: () => TraceTree,
  loader: DetailLoader | null,
  inWorker: boolean,
): Promise<Uint32Array> {
  const query = compileQuery(text);
  if (loader && !inWorker) {
    const marks = new Uint8Array(table.count);
    await loader.markQuery(text, marks);
    const t = tree();
    const out: number[] = [];
    for (let k = 0; k < t.nodeCount; k++) if (t.row[k] >= 0 && marks[t.row[k]]) out.push(k);
    return Uint32Array.from(out);
  }
  await loader?.ensureAll();
  // The tree may have been rebuilt (skew toggle) while the details arrived.
  const trace = traceForQuery(table, tree());
  const nodes = new Set<number>();
  for (const set of evaluate(query, trace).spansets)
    for (const span of set.spans) nodes.add(trace.nodeOf(span));
  return Uint32Array.from(nodes).sort();
}
