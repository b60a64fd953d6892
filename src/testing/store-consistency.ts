/**
 * Everything a running server stores, read back and checked against itself (the fault tests, after
 * a crash or a failed write): `/api/status` counts, the recent-traces search (trace totals summed
 * from the trace parts), every trace read back (its span rows), and a TraceQL search per service
 * (which reads the span rows' attributes). A torn commit or delete shows here as a disagreement: a
 * trace part without its rows, rows without their part, a count that is off, a search that misses.
 */
import { fetchTraceJson, flattenTrace, type Json } from './otlp-readback.ts';

export interface StoreReadback {
  /** Trace id → the span ids read back (a span stored twice appears twice). */
  readonly traces: Map<string, string[]>;
  /** Every disagreement found; [] when the store is consistent. */
  readonly problems: string[];
}

interface SearchTrace {
  traceID: string;
  serviceStats: Record<string, { spanCount: number }>;
}

async function getJson<T>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function serviceOf(resource: Json): string {
  const attribute = ((resource.attributes ?? []) as Json[]).find((a) => a.key === 'service.name');
  return String((attribute?.value as Json | undefined)?.stringValue ?? 'unknown_service');
}

const sorted = (counts: Iterable<[string, number]>) => JSON.stringify([...counts].sort());

/** Reads back every trace (at most 1,000: the search limit) and checks that the answers agree. */
export async function readBackStore(base: string): Promise<StoreReadback> {
  const problems: string[] = [];
  const status = await getJson<{ traceCount: number; spanCount: number }>(base, '/api/status');
  if (status.traceCount > 1000) throw new Error(`${status.traceCount} traces: too many to read back`);
  const listed = (await getJson<{ traces: SearchTrace[] }>(base, '/api/search?limit=1000')).traces;
  if (listed.length !== status.traceCount)
    problems.push(`status counts ${status.traceCount} traces, the search lists ${listed.length}`);

  const traces = new Map<string, string[]>();
  const byService = new Map<string, Set<string>>();
  let spanTotal = 0;
  for (const t of listed) {
    const answer = await fetchTraceJson(base, t.traceID);
    const spans = answer ? flattenTrace(answer) : [];
    traces.set(
      t.traceID,
      spans.map((s) => String(s.span.spanId)),
    );
    spanTotal += spans.length;
    const rows = new Map<string, number>();
    for (const s of spans) {
      const service = serviceOf(s.resource);
      rows.set(service, (rows.get(service) ?? 0) + 1);
      if (!byService.has(service)) byService.set(service, new Set());
      byService.get(service)!.add(t.traceID);
    }
    const totals = sorted(Object.entries(t.serviceStats).map(([service, s]) => [service, s.spanCount]));
    if (totals !== sorted(rows)) problems.push(`${t.traceID}: totals ${totals}, rows ${sorted(rows)}`);
  }
  if (spanTotal !== status.spanCount)
    problems.push(`status counts ${status.spanCount} spans, the traces hold ${spanTotal}`);

  for (const [service, expected] of byService) {
    const q = encodeURIComponent(`{ resource.service.name = "${service}" }`);
    const found = (await getJson<{ traces: SearchTrace[] }>(base, `/api/search?q=${q}&limit=1000`)).traces;
    const ids = new Set(found.map((t) => t.traceID));
    const missed = [...expected].filter((id) => !ids.has(id));
    const extra = [...ids].filter((id) => !expected.has(id));
    if (missed.length + extra.length > 0)
      problems.push(`search for ${service}: missed ${missed.join(',')}; found too ${extra.join(',')}`);
  }
  return { traces, problems };
}

/** The acknowledged spans (trace id → span ids) that the store does not hold. */
export function missingSpans(
  stored: Map<string, string[]>,
  acknowledged: Iterable<readonly [string, readonly string[]]>,
): string[] {
  const missing: string[] = [];
  for (const [traceId, spanIds] of acknowledged) {
    const held = new Set(stored.get(traceId));
    for (const id of spanIds) if (!held.has(id)) missing.push(`${traceId}/${id}`);
  }
  return missing;
}
