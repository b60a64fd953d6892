/**
 * Autocomplete answers of the external sources, which list far less than the local store's catalog:
 * the tag names each can give values for, and the values it lists, in Tempo's v2 shapes.
 */
import type { TempoTagsResponse, TempoTagValuesResponse } from '../../core/api/tempo-search.ts';

export interface TagScope {
  readonly name: string;
  readonly tags: readonly string[];
}

/** The TraceQL identifiers of the service name and of the span name. */
export const SERVICE_TAGS: ReadonlySet<string> = new Set(['resource.service.name', '.service.name']);
export const NAME_TAGS: ReadonlySet<string> = new Set(['name', 'span:name']);

/** `{scopes}` for one scope, or for all (none, '' or 'all'). */
export function tagsOfScopes(scopes: readonly TagScope[], scope: string | undefined): TempoTagsResponse {
  const all = scope === undefined || scope === '' || scope === 'all';
  return { scopes: scopes.filter((s) => all || s.name === scope) };
}

/** Distinct strings, sorted, as string tag values. */
export function stringValues(values: readonly string[]): TempoTagValuesResponse {
  return { tagValues: [...new Set(values)].sort().map((value) => ({ type: 'string', value })) };
}
