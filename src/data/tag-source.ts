/**
 * Attribute names and values for the query editor's autocomplete, from `/api/v2/search/tags?scope=`
 * and `/api/v2/search/tag/{tag}/values` of the chosen source. Answers are cached in react-query's
 * cache (fresh for a minute, so typing asks the store once per scope or tag); a request whose
 * completion was abandoned (the user typed on) is cancelled.
 */
import type { QueryClient } from '@tanstack/react-query';
import { tagValuesPath as apiTagValuesPath, tagsPath } from '../core/api/paths.ts';
import { getJson } from './api-client.ts';
import type { TagsResponse, TagValuesResponse } from './api-types.ts';

export const ATTRIBUTE_SCOPES = ['span', 'resource', 'event', 'link', 'instrumentation'] as const;
export type AttributeScope = (typeof ATTRIBUTE_SCOPES)[number];
export type TagScope = AttributeScope | 'intrinsic';

export interface TagValue {
  /** Tempo's value type: string, int, float, bool, duration, keyword (status, kind). */
  readonly type: string;
  readonly value: string;
}

/**
 * `context` is the query typed so far (up to the cursor): the store answers only the names and
 * values of spans its last usable filter matches (autocomplete inside a query), else everything.
 */
export interface TagSource {
  tagNames(scope: TagScope, signal?: AbortSignal, context?: string): Promise<readonly string[]>;
  /** `tag` is a TraceQL identifier: `resource.service.name`, `.http.route`, `name`, `status`, … */
  tagValues(tag: string, signal?: AbortSignal, context?: string): Promise<readonly TagValue[]>;
}

const FRESH_MS = 60_000;

/** The query context when it holds a condition (a bare `{ ` narrows nothing). */
function contextQuery(context: string | undefined): string | undefined {
  const q = context?.trim() ?? '';
  return /[=<>~]/.test(q) ? q : undefined;
}

export function tagNamesPath(source: string | null, scope: TagScope, context?: string): string {
  return tagsPath(source, scope, contextQuery(context));
}

export function tagValuesPath(source: string | null, tag: string, context?: string): string {
  return apiTagValuesPath(source, tag, contextQuery(context));
}

export function namesOf(answer: TagsResponse | null | undefined, scope: TagScope): string[] {
  const names = new Set<string>();
  for (const s of Array.isArray(answer?.scopes) ? answer.scopes : [])
    if (s?.name === scope && Array.isArray(s.tags))
      for (const t of s.tags) if (typeof t === 'string' && t) names.add(t);
  return [...names].sort();
}

export function valuesOf(answer: TagValuesResponse | null | undefined): TagValue[] {
  const out: TagValue[] = [];
  for (const v of Array.isArray(answer?.tagValues) ? answer.tagValues : [])
    if (v && typeof v.value === 'string')
      out.push({ type: typeof v.type === 'string' ? v.type : 'string', value: v.value });
  return out;
}

async function fetchCached<T>(
  client: QueryClient,
  queryKey: readonly unknown[],
  path: string,
  read: (json: never) => T,
  signal: AbortSignal | undefined,
): Promise<T> {
  const onAbort = () => void client.cancelQueries({ queryKey, exact: true });
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await client.fetchQuery({
      queryKey,
      queryFn: async ({ signal: s }) => read((await getJson<unknown>(path, s)) as never),
      staleTime: FRESH_MS,
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

export function createTagSource(client: QueryClient, source: string | null): TagSource {
  const src = source ?? 'local';
  return {
    tagNames: (scope, signal, context) => {
      const path = tagNamesPath(source, scope, context);
      return fetchCached(client, ['tags', src, path], path, (j: TagsResponse) => namesOf(j, scope), signal);
    },
    tagValues: (tag, signal, context) => {
      const path = tagValuesPath(source, tag, context);
      return fetchCached(client, ['tag-values', src, path], path, valuesOf, signal);
    },
  };
}
