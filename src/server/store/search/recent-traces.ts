/**
 * `/api/search` without a query: the most recent traces (by trace start, newest first) from the
 * trace parts (schema.ts), in Tempo's search response shape; and the same per-trace summary (root,
 * start, duration, spans and errors per service) for the traces a TraceQL search found.
 * `startS`/`endS` (unix seconds) filter on the trace start, both inclusive at second precision:
 * startS ≤ start < endS + 1 s.
 */
import { listValue } from '@duckdb/node-api';
import type {
  TempoSearchResponse,
  TempoSearchTrace,
  TempoServiceStats,
} from '../../../core/api/tempo-search.ts';
import { traceIdHex, traceIdsOfHexList } from '../schema/binary-ids.ts';
import type { SearchParams } from '../types.ts';
import type { Reads } from './traceql/search-budget.ts';
import { PARTS_PER_TRACE, startFilter } from './traceql/trace-pages.ts';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit) || limit < 1) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.floor(limit));
}

/** A trace's summary: everything of its search answer but the span sets. */
export type TraceSummary = Omit<TempoSearchTrace, 'spanSets' | 'spanSet'> & {
  readonly startTimeUnixNano: string;
  readonly serviceStats: Record<string, TempoServiceStats>;
};

// A trace is the sum of its parts; of several roots the earliest names it.
const TRACE_COLUMNS = `trace_id, min(start_ns) AS start_ns, max(end_ns) AS end_ns,
  arg_min(root_service, coalesce(root_start_ns, 18446744073709551615::UBIGINT)) FILTER (root_name IS NOT NULL) AS root_service,
  arg_min(root_name, coalesce(root_start_ns, 18446744073709551615::UBIGINT)) FILTER (root_name IS NOT NULL) AS root_name`;

/** Summaries of the traces `t` selects (a query over trace_parts giving TRACE_COLUMNS), newest first. */
async function summaries(pool: Reads, t: string, values: unknown[]): Promise<TraceSummary[]> {
  const sql = `WITH t AS (${t}),
    s AS (
      SELECT trace_id, service, sum(span_count) AS span_count, sum(error_count) AS error_count
      FROM trace_service_parts WHERE trace_id IN (SELECT trace_id FROM t) GROUP BY trace_id, service)
    SELECT ${traceIdHex('t.trace_id')}, t.start_ns, t.end_ns, t.root_service, t.root_name, s.service, s.span_count, s.error_count
    FROM t LEFT JOIN s USING (trace_id)
    ORDER BY t.start_ns DESC NULLS LAST, t.trace_id, s.service`;
  const [ids, starts, ends, rootServices, rootNames, services, spanCounts, errorCounts] = await pool.columns(
    sql,
    values as never[],
  );
  const traces: (TraceSummary & { serviceStats: Record<string, TempoServiceStats> })[] = [];
  for (let i = 0; i < ids.length; i++) {
    let t = traces.at(-1);
    if (t?.traceID !== ids[i]) {
      const start = (starts[i] as bigint | null) ?? 0n;
      const end = (ends[i] as bigint | null) ?? start;
      t = {
        traceID: ids[i] as string,
        ...(rootServices[i] !== null ? { rootServiceName: rootServices[i] as string } : {}),
        ...(rootNames[i] !== null ? { rootTraceName: rootNames[i] as string } : {}),
        startTimeUnixNano: start.toString(),
        durationMs: Number((end - start) / 1_000_000n),
        // No prototype: a service may be called __proto__.
        serviceStats: Object.create(null),
      };
      traces.push(t);
    }
    if (services[i] !== null) {
      const errors = Number(errorCounts[i]);
      t.serviceStats[services[i] as string] = {
        spanCount: Number(spanCounts[i]),
        ...(errors > 0 ? { errorCount: errors } : {}),
      };
    }
  }
  return traces;
}

/** The summaries of these traces (those not stored are left out), newest first. */
export function traceSummaries(pool: Reads, traceIds: readonly string[]): Promise<TraceSummary[]> {
  if (traceIds.length === 0) return Promise.resolve([]);
  return summaries(
    pool,
    `SELECT ${TRACE_COLUMNS} FROM trace_parts WHERE trace_id IN ${traceIdsOfHexList('$1')} GROUP BY trace_id`,
    [listValue([...traceIds])],
  );
}

/**
 * The newest traces from the `limit × perTrace` newest parts (a top-N over trace_parts)
 * instead of grouping every part: exact when at least `limit` of the traces they name start after
 * θ, the oldest start among those parts, since every other trace's parts, its first one included,
 * start at θ or before. Returns null when it cannot tell (few traces, or the newest parts belong
 * to few traces), and the whole grouping answers.
 */
async function newestFromTopParts(
  pool: Reads,
  filter: { sql: string; values: string[] },
  limit: number,
  perTrace: number,
): Promise<TraceSummary[] | null> {
  const where = filter.sql ? `AND ${filter.sql}` : '';
  const traces = await summaries(
    pool,
    `WITH p AS (
        SELECT trace_id, start_ns FROM trace_parts WHERE start_ns IS NOT NULL ${where}
        ORDER BY start_ns DESC LIMIT ${limit * perTrace})
      SELECT * FROM (
        SELECT ${TRACE_COLUMNS} FROM trace_parts WHERE trace_id IN (SELECT trace_id FROM p) GROUP BY trace_id)
      WHERE start_ns > (SELECT min(start_ns) FROM p) ${where}
      ORDER BY start_ns DESC, trace_id LIMIT ${limit}`,
    filter.values,
  );
  return traces.length === limit ? traces : null;
}

export async function recentTraces(pool: Reads, params: SearchParams): Promise<TempoSearchResponse> {
  const filter = startFilter(params.startS, params.endS);
  const limit = clampLimit(params.limit);
  let traces: TraceSummary[] | null = null;
  for (const perTrace of PARTS_PER_TRACE) traces ??= await newestFromTopParts(pool, filter, limit, perTrace);
  traces ??= await summaries(
    pool,
    `SELECT * FROM (SELECT ${TRACE_COLUMNS} FROM trace_parts GROUP BY trace_id)
        ${filter.sql ? `WHERE ${filter.sql}` : ''}
        ORDER BY start_ns DESC NULLS LAST, trace_id LIMIT ${limit}`,
    filter.values,
  );
  let spans = 0;
  for (const t of traces) for (const s of Object.values(t.serviceStats)) spans += s.spanCount ?? 0;
  return {
    traces: traces.map((t) => ({ ...t, spanSets: [] })),
    metrics: {
      inspectedTraces: traces.length,
      inspectedSpans: String(spans),
      inspectedBytes: '0',
      completedJobs: 1,
      totalJobs: 1,
    },
  };
}
