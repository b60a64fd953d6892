/**
 * The latest traces of one root service and operation (the candidates of "Compare with…", the
 * baselines of the typical trace), newest first: a TraceQL search (`{ trace:rootService = … &&
 * trace:rootName = … }`), or, from a store that does not search with TraceQL (a 400 for the query),
 * the most recent traces filtered by their root here.
 */
import { ApiError, getJson } from './api-client.ts';
import { type SearchResponse, type TraceRow, toTraceRows } from './api-types.ts';
import { sameRootQuery } from './compare-candidates.ts';
import { searchPath } from './queries.ts';

/** How many recent traces the fallback looks through (the store's largest page). */
export const RECENT_SCAN_LIMIT = 1000;

export interface SameRootTraces {
  readonly rows: readonly TraceRow[];
  /** How they were found: the store's TraceQL search, or its recent traces filtered here. */
  readonly by: 'traceql' | 'recent';
}

export async function sameRootTraces(args: {
  readonly source: string | null;
  readonly rootService: string;
  readonly rootName: string;
  /** At most this many, after leaving out `exclude`. */
  readonly limit: number;
  readonly exclude?: string;
  readonly signal?: AbortSignal;
}): Promise<SameRootTraces> {
  const { source, rootService, rootName, limit, exclude, signal } = args;
  const keep = (rows: readonly TraceRow[]) => rows.filter((r) => r.traceId !== exclude).slice(0, limit);
  const q = sameRootQuery(rootService, rootName);
  try {
    const answer = await getJson<SearchResponse>(searchPath({ source, q, limit: limit + 1 }), signal);
    return { rows: keep(toTraceRows(answer)), by: 'traceql' };
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 400)) throw e;
  }
  const recent = await getJson<SearchResponse>(searchPath({ source, limit: RECENT_SCAN_LIMIT }), signal);
  const rows = toTraceRows(recent).filter((r) => r.rootService === rootService && r.rootName === rootName);
  return { rows: keep(rows), by: 'recent' };
}
