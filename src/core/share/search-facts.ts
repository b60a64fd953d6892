/**
 * What a search says when it is shared: the query, its time range, how many traces it found and
 * the first of them (root operation, duration, errors).
 */
import type { TempoSearchTrace } from '../api/tempo-search.ts';
import { canonicalTraceId } from '../model/ids.ts';
import type { SpanLabel } from './trace-facts.ts';

/** How many traces the search page asks for when its link sets no `limit`. */
export const SEARCH_PAGE_LIMIT = 50;

/** Results listed; the rest are counted. */
export const LISTED_RESULTS = 5;

export interface SearchHitFact {
  readonly traceId: string;
  readonly root: SpanLabel | null;
  readonly durationMs: number | null;
  readonly errorCount: number | null;
}

export interface SearchFacts {
  /** The TraceQL query; '' lists the most recent traces. */
  readonly query: string;
  /** Start and end, ms since the epoch; null: open. */
  readonly startMs: number | null;
  readonly endMs: number | null;
  /** Traces found, and the limit the search stopped at. */
  readonly count: number;
  readonly limit: number;
  /** The first LISTED_RESULTS found (newest first). */
  readonly hits: readonly SearchHitFact[];
}

/** A hit of a Tempo search answer (the store's, DESIGN §4); null when its id is unreadable. */
export function hitOfTempoTrace(t: TempoSearchTrace): SearchHitFact | null {
  const traceId = canonicalTraceId(t.traceID);
  if (!traceId) return null;
  let errors = 0;
  for (const s of Object.values(t.serviceStats ?? {})) errors += s.errorCount ?? 0;
  return {
    traceId,
    root:
      t.rootServiceName !== undefined || t.rootTraceName !== undefined
        ? { service: t.rootServiceName ?? '', name: t.rootTraceName ?? '' }
        : null,
    durationMs: Number.isFinite(t.durationMs) ? t.durationMs : null,
    errorCount: errors,
  };
}
