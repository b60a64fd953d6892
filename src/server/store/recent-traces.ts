/**
 * `/api/search` without a query: the most recent traces (by trace start, newest first) from the
 * `traces` table, in Tempo's search response shape. `startS`/`endS` (unix seconds) filter on the
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
  const where: string[] = [];
  const values: bigint[] = [];
  const from = seconds(params.startS);
  const to = seconds(params.endS);
  if (from !== null) where.push(`start_ns >= $${values.push(from * NS_PER_S)}`);
  if (to !== null) where.push(`start_ns < $${values.push((to + 1n) * NS_PER_S)}`);
  const sql = `WITH t AS (
      SELECT trace_id, start_ns, end_ns, root_service, root_name FROM traces
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY start_ns DESC NULLS LAST, trace_id LIMIT ${clampLimit(params.limit)})
    SELECT t.trace_id, t.start_ns, t.end_ns, t.root_service, t.root_name, s.service, s.span_count, s.error_count
    FROM t LEFT JOIN trace_services s USING (trace_id)
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
