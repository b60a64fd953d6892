/**
 * Find by a TraceQL query in one trace (`/api/v2/traces/{id}/details/query?q=`): the store keys of
 * the spans the query's span sets hold, for the viewer's find box on traces too big to evaluate in
 * the browser. The same two paths as the search: SQL answers a query of filters joined by `&&`/`||`
 * (then maybe scalar filters of count() or durations) when it knows every span; otherwise the trace
 * is loaded and evaluated.
 */
import type { Query } from '../../../../core/query/compile.ts';
import { evaluate } from '../../../../core/query/evaluate.ts';
import { traceForQuery } from '../../../../core/query/trace-adapter.ts';
import { buildTree } from '../../../../core/tree/build-tree.ts';
import { TRACE_PARTS, type TraceReader } from '../../read/trace-reader.ts';
import type { DetailMatches } from '../../types.ts';
import { queryShape } from './query-shape.ts';
import type { Reads } from './search-budget.ts';
import { candidates, exactSpans } from './span-conditions.ts';
import { aggregateValues } from './sql-aggregates.ts';
import { loadTraces } from './trace-loader.ts';
import type { TraceRef } from './trace-pages.ts';
import { verdict } from './traceql-search.ts';

async function traceRef(pool: Reads, traceId: string): Promise<TraceRef | null> {
  const [[lo], [hi], [start], [n]] = await pool.columns(
    `SELECT min(seq_min), max(seq_max), min(start_ns), sum(span_count)::DOUBLE FROM ${TRACE_PARTS}`,
    [traceId],
  );
  if (lo === null || lo === undefined) return null;
  return {
    traceId,
    seqMin: lo as bigint,
    seqMax: hi as bigint,
    startNs: start as bigint | null,
    spanCount: Number(n),
  };
}

export async function queryMatches(
  pool: Reads,
  reader: TraceReader,
  query: Query,
  traceId: string,
): Promise<DetailMatches | null> {
  const ref = await traceRef(pool, traceId);
  if (!ref) return null;
  const none = { keyBase: ref.seqMin, offsets: new Uint32Array(0) };
  const shape = queryShape(query.ast);
  const [row] = await candidates(pool, shape, [ref]);
  const v = row ? verdict(shape, row) : null;
  if (v === null) return none;
  if (v === 'sure') {
    const [t] = await exactSpans(pool, shape, [ref], null);
    if (!t) return none;
    const aggregates = t.sharedIds ? 'unknown' : aggregateValues(shape.aggregates, t);
    if (aggregates === null) return none;
    if (aggregates !== 'unknown')
      return { keyBase: ref.seqMin, offsets: Uint32Array.from(t.spans, (s) => Number(s.key)).sort() };
  }
  const loaded = await loadTraces(pool, reader, [ref], shape.readsSpanDetails);
  const table = loaded.tables.get(traceId);
  const keys = loaded.keys.get(traceId);
  if (!table || !keys) return none;
  const trace = traceForQuery(table, buildTree(table, { adjustClockSkew: false }));
  const result = evaluate(query, trace);
  const matched = new Set<number>();
  for (const set of result.spansets) for (const span of set.spans) matched.add(keys[trace.rowOf(span)]);
  return { keyBase: ref.seqMin, offsets: Uint32Array.from(matched).sort() };
}
