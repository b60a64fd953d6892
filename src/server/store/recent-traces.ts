/**
 * `/api/search` without a query: the most recent traces (by trace start, newest first) from the
 * trace parts (schema.ts), in Tempo's search response shape. `startS`/`endS` (unix seconds) filter on the
 * trace start, both inclusive at second precision: startS ≤ start < endS + 1 s.
 */

import type { ReadPool } from './read-pool.ts';
import type { SearchParams } from './types.ts';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

export interface TempoSearchTrace {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano: string;
  durationMs: number;
  spanSets: never[];
  serviceStats: Record<string, { spanCount: number; errorCount?: number }>;
}

export interface TempoSearchResponse {
  traces: TempoSearchTrace[];
  metrics: { inspectedTraces: number; inspectedBytes: string; completedJobs: number; totalJobs: number };
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit) || limit < 1) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.floor(limit));
}

const NS_PER_S = 1_000_000_000n;

function seconds(s: number | undefined): bigint | null {
  return s === undefined || !Number.isFinite(s) ? null : BigInt(Math.max(0, Math.floor(s)));
}

export async function recentTraces(pool: ReadPool, params: SearchParams): Promise<TempoSearchResponse> {
  if (params.q !== undefined && params.q.trim() !== '' && !/^\{\s*\}$/.test(params.q))
    throw new Error('TraceQL search is not yet supported');
  const having: string[] = [];
  const values: bigint[] = [];
  const from = seconds(params.startS);
  const to = seconds(params.endS);
  if (from !== null) having.push(`start_ns >= $${values.push(from * NS_PER_S)}`);
  if (to !== null) having.push(`start_ns < $${values.push((to + 1n) * NS_PER_S)}`);
  // A trace is the sum of its parts; of several roots the earliest names it.
  const sql = `WITH t AS (
      SELECT trace_id, min(start_ns) AS start_ns, max(end_ns) AS end_ns,
        arg_min(root_service, coalesce(root_start_ns, 18446744073709551615::UBIGINT)) FILTER (root_name IS NOT NULL) AS root_service,
        arg_min(root_name, coalesce(root_start_ns, 18446744073709551615::UBIGINT)) FILTER (root_name IS NOT NULL) AS root_name
      FROM trace_parts GROUP BY trace_id
      ${having.length ? `HAVING ${having.join(' AND ')}` : ''}
      ORDER BY start_ns DESC NULLS LAST, trace_id LIMIT ${clampLimit(params.limit)}),
    s AS (
      SELECT trace_id, service, sum(span_count) AS span_count, sum(error_count) AS error_count
      FROM trace_service_parts WHERE trace_id IN (SELECT trace_id FROM t) GROUP BY trace_id, service)
    SELECT t.trace_id, t.start_ns, t.end_ns, t.root_service, t.root_name, s.service, s.span_count, s.error_count
    FROM t LEFT JOIN s USING (trace_id)
    ORDER BY t.start_ns DESC NULLS LAST, t.trace_id, s.service`;
  const [ids, starts, ends, rootServices, rootNames, services, spanCounts, errorCounts] = await pool.columns(
    sql,
    values,
  );
  const traces: TempoSearchTrace[] = [];
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
        spanSets: [],
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
  return {
    traces,
    metrics: { inspectedTraces: traces.length, inspectedBytes: '0', completedJobs: 1, totalJobs: 1 },
  };
}
