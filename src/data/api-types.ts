/**
 * Answer shapes of the store API as the app reads them, and their normalisation into view rows.
 * The store speaks Tempo's search shape; fields Tempo may omit are optional here.
 */
import { canonicalTraceId } from '../core/model/ids.ts';

export interface SourceInfo {
  readonly name: string;
  /** 'local' or the external store's kind (tempo, jaeger, zipkin). */
  readonly kind: string;
  readonly url?: string;
}

export interface SourcesResponse {
  readonly sources: readonly SourceInfo[];
}

export interface SearchHit {
  readonly traceID: string;
  readonly rootServiceName?: string;
  readonly rootTraceName?: string;
  readonly startTimeUnixNano?: string;
  readonly durationMs?: number;
  readonly serviceStats?: Readonly<Record<string, { spanCount?: number; errorCount?: number }>>;
  readonly spanSets?: readonly { readonly matched?: number; readonly spans?: readonly unknown[] }[];
}

export interface SearchResponse {
  readonly traces?: readonly SearchHit[];
}

export interface ImportResult {
  readonly traceIds: readonly string[];
  readonly spanCount: number;
}

/** One row of a trace list. */
export interface TraceRow {
  /** Canonical 32-hex id. */
  readonly traceId: string;
  readonly rootService: string | null;
  readonly rootName: string | null;
  /** Start in ms since the epoch (for display), null when unknown. */
  readonly startMs: number | null;
  readonly durationMs: number | null;
  /** From serviceStats when the store sends it. */
  readonly spanCount: number | null;
  readonly errorCount: number | null;
  readonly services: readonly string[];
}

function nsStringToMs(ns: string | undefined): number | null {
  if (!ns || !/^\d{1,20}$/.test(ns)) return null;
  return Number(BigInt(ns) / 1_000_000n);
}

/** Search hits as rows, newest first; hits with unreadable ids are dropped. */
export function toTraceRows(response: SearchResponse | null | undefined): TraceRow[] {
  const rows: TraceRow[] = [];
  for (const hit of response?.traces ?? []) {
    const traceId = typeof hit.traceID === 'string' ? canonicalTraceId(hit.traceID) : null;
    if (!traceId) continue;
    const stats = hit.serviceStats ? Object.entries(hit.serviceStats) : null;
    const sum = (key: 'spanCount' | 'errorCount') =>
      stats ? stats.reduce((n, [, s]) => n + (Number.isFinite(s?.[key]) ? Number(s[key]) : 0), 0) : null;
    rows.push({
      traceId,
      rootService: hit.rootServiceName || null,
      rootName: hit.rootTraceName || null,
      startMs: nsStringToMs(hit.startTimeUnixNano),
      durationMs: Number.isFinite(hit.durationMs) ? Number(hit.durationMs) : null,
      spanCount: sum('spanCount'),
      errorCount: sum('errorCount'),
      services: stats ? stats.map(([name]) => name).sort() : [],
    });
  }
  return rows.sort((a, b) => (b.startMs ?? 0) - (a.startMs ?? 0));
}

export function toSources(response: SourcesResponse | null | undefined): SourceInfo[] {
  const list = (response?.sources ?? []).filter((s) => s && typeof s.name === 'string');
  return list.some((s) => s.name === 'local') ? [...list] : [{ name: 'local', kind: 'local' }, ...list];
}
