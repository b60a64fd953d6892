/**
 * The paths of the store API (DESIGN §4), one copy for the server that routes them, the worker and
 * the app that build them, and the CLI: the local store answers at `/api/…`, an external source
 * through the server at `/api/sources/{name}/api/…`, in the same shapes.
 */

/** The name of the embedded store among the sources (`source=local`, or no source at all). */
export const LOCAL_SOURCE = 'local';

/** The configured sources and their health. */
export const SOURCES_PATH = '/api/sources';

const isLocal = (source: string | null | undefined): boolean => !source || source === LOCAL_SOURCE;

/** `path` (a local `/api/…` path, query included) as answered by `source`. */
export function sourcePath(source: string | null | undefined, path: string): string {
  return isLocal(source) ? path : `${SOURCES_PATH}/${encodeURIComponent(source as string)}${path}`;
}

/** A trace by id: Tempo v2 (`/api/v2/traces/{id}`) or v1 (`/api/traces/{id}`). */
export function tracePath(traceId: string, source?: string | null, version: 1 | 2 = 2): string {
  const id = encodeURIComponent(traceId);
  return sourcePath(source, version === 2 ? `/api/v2/traces/${id}` : `/api/traces/${id}`);
}

export interface SearchQuery {
  /** TraceQL; empty or absent lists the most recent traces. */
  readonly q?: string;
  /** Unix seconds, on the trace start. */
  readonly start?: number | null;
  readonly end?: number | null;
  readonly limit?: number | null;
  readonly spss?: number | null;
}

/** `/api/search?…` with the parameters given (times rounded outwards to whole seconds). */
export function searchPath(source: string | null | undefined, query: SearchQuery): string {
  const p: string[] = [];
  const q = query.q?.trim();
  if (q) p.push(`q=${encodeURIComponent(q)}`);
  if (query.start != null) p.push(`start=${Math.floor(query.start)}`);
  if (query.end != null) p.push(`end=${Math.ceil(query.end)}`);
  if (query.limit != null) p.push(`limit=${query.limit}`);
  if (query.spss != null) p.push(`spss=${query.spss}`);
  return sourcePath(source, `/api/search?${p.join('&')}`);
}

/** `/api/v2/search/tags?scope=…[&q=…]`. */
export function tagsPath(source: string | null | undefined, scope: string, q?: string): string {
  const query = q ? `&q=${encodeURIComponent(q)}` : '';
  return sourcePath(source, `/api/v2/search/tags?scope=${encodeURIComponent(scope)}${query}`);
}

/** `/api/v2/search/tag/{tag}/values[?q=…]`. */
export function tagValuesPath(source: string | null | undefined, tag: string, q?: string): string {
  const query = q ? `?q=${encodeURIComponent(q)}` : '';
  return sourcePath(source, `/api/v2/search/tag/${encodeURIComponent(tag)}/values${query}`);
}

/**
 * A request path under `/api/sources/{name}/…`: the source's name (decoded) and the read path it
 * asks for (`/api/…`); null for any other path. A name that does not decode is kept as it came.
 */
export function splitSourcePath(pathname: string): { readonly name: string; readonly rest: string } | null {
  const m = /^\/api\/sources\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!m) return null;
  let name = m[1];
  try {
    name = decodeURIComponent(name);
  } catch {
    // a malformed escape: the resolver says no source has that name
  }
  return { name, rest: m[2] ?? '/' };
}
