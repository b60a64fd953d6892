/**
 * react-query hooks over the store API. Server data lives in react-query's cache only (STYLE
 * habit 13): views read it through these hooks and never copy it into a store.
 */
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { searchPath as apiSearchPath, SOURCES_PATH } from '../core/api/paths.ts';
import { getJson } from './api-client.ts';
import {
  type SearchResponse,
  type SourcesResponse,
  type TraceRow,
  toSources,
  toTraceRows,
} from './api-types.ts';
import { type SearchResults, toSearchResults } from './search-results.ts';

export interface SearchArgs {
  readonly source: string | null;
  /** TraceQL; empty or absent: the most recent traces. */
  readonly q?: string;
  /** Unix seconds. */
  readonly startS?: number | null;
  readonly endS?: number | null;
  readonly limit?: number | null;
}

export const searchKey = (args: SearchArgs) => ['search', args.source ?? 'local', args] as const;

export function searchPath(args: SearchArgs): string {
  return apiSearchPath(args.source, {
    q: args.q,
    start: args.startS,
    end: args.endS,
    limit: args.limit ?? 20,
  });
}

/** The most recent traces (newest first), refreshed every 15 s while shown. */
export function useRecentTraces(args: SearchArgs) {
  return useQuery({
    queryKey: searchKey(args),
    queryFn: async ({ signal }): Promise<TraceRow[]> =>
      toTraceRows(await getJson<SearchResponse>(searchPath(args), signal)),
    refetchInterval: 15_000,
  });
}

export interface TraceSearchArgs extends SearchArgs {
  /**
   * When the search was run (ms): relative times were resolved then, and running it again makes a
   * new entry. Going back to an earlier search finds its answer in the cache, as it was.
   */
  readonly asOfMs: number;
}

/** A TraceQL search (or the recent traces when `q` is empty) in one typed answer. */
export function useTraceSearch(args: TraceSearchArgs) {
  return useQuery({
    queryKey: searchKey(args),
    queryFn: async ({ signal }): Promise<SearchResults> =>
      toSearchResults(await getJson<SearchResponse>(searchPath(args), signal)),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 15 * 60_000,
  });
}

export function useSources() {
  return useQuery({
    queryKey: ['sources'],
    queryFn: async ({ signal }) => toSources(await getJson<SourcesResponse>(SOURCES_PATH, signal)),
    staleTime: 60_000,
  });
}

/** Searches answer anew (after an import, new traces are among them). */
export function invalidateSearches(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ queryKey: ['search'] });
}
