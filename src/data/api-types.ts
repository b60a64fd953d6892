/**
 * Answer shapes of the store API as the app reads them, and their normalisation into view rows.
 * The store speaks Tempo's search shape (core/api/tempo-search.ts); fields Tempo may omit are optional.
 */

import { LOCAL_SOURCE } from '../core/api/paths.ts';
import type { SourceInfo, SourcesResponse } from '../core/api/sources.ts';
import type {
  Received,
  TempoSearchMetrics,
  TempoSearchSpan,
  TempoSearchTrace,
  TempoSpanSet,
  TempoTagsResponse,
  TempoTagValuesResponse,
} from '../core/api/tempo-search.ts';
import { canonicalTraceId } from '../core/model/ids.ts';

export type { SourceInfo, SourcesResponse } from '../core/api/sources.ts';
export type { AnyValueJson, KeyValueJson } from '../core/api/tempo-search.ts';

/** A matched span of a TraceQL search answer (Tempo: `attributes` hold what the query selected). */
export type SearchSpanJson = Received<TempoSearchSpan>;
export type SearchSpanSetJson = Received<TempoSpanSet>;

export type SearchHit = Received<TempoSearchTrace> & {
  readonly traceID: string;
  /** Tempo's older single span set, still sent beside `spanSets`. */
  readonly spanSet?: SearchSpanSetJson;
};

export interface SearchResponse {
  readonly traces?: readonly SearchHit[];
  /** Tempo sends its uint64 counts as strings, others as numbers. */
  readonly metrics?: { readonly [K in keyof TempoSearchMetrics]?: string | number };
}

/** `/api/v2/search/tags`: attribute names per scope. */
export type TagsResponse = Received<TempoTagsResponse>;
/** `/api/v2/search/tag/{tag}/values`. */
export type TagValuesResponse = Received<TempoTagValuesResponse>;

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

/** One search hit as a row; null when its id is unreadable. */
export function toTraceRow(hit: SearchHit): TraceRow | null {
  const traceId = typeof hit?.traceID === 'string' ? canonicalTraceId(hit.traceID) : null;
  if (!traceId) return null;
  const stats = hit.serviceStats ? Object.entries(hit.serviceStats) : null;
  const sum = (key: 'spanCount' | 'errorCount') =>
    stats ? stats.reduce((n, [, s]) => n + (Number.isFinite(s?.[key]) ? Number(s?.[key]) : 0), 0) : null;
  return {
    traceId,
    rootService: hit.rootServiceName || null,
    rootName: hit.rootTraceName || null,
    startMs: nsStringToMs(hit.startTimeUnixNano),
    durationMs: Number.isFinite(hit.durationMs) ? Number(hit.durationMs) : null,
    spanCount: sum('spanCount'),
    errorCount: sum('errorCount'),
    services: stats ? stats.map(([name]) => name).sort() : [],
  };
}

/** Newest first (rows without a start last), as the store answers. */
export function newestFirst<T extends TraceRow>(rows: T[]): T[] {
  return rows.sort((a, b) => (b.startMs ?? 0) - (a.startMs ?? 0));
}

/** Search hits as rows, newest first; hits with unreadable ids are dropped. */
export function toTraceRows(response: SearchResponse | null | undefined): TraceRow[] {
  const rows: TraceRow[] = [];
  for (const hit of response?.traces ?? []) {
    const row = toTraceRow(hit);
    if (row) rows.push(row);
  }
  return newestFirst(rows);
}

export function toSources(response: SourcesResponse | null | undefined): SourceInfo[] {
  const list = (response?.sources ?? []).filter((s) => s && typeof s.name === 'string');
  return list.some((s) => s.name === LOCAL_SOURCE)
    ? [...list]
    : [{ name: LOCAL_SOURCE, kind: LOCAL_SOURCE }, ...list];
}
