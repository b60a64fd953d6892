/**
 * Tempo-compatible search: `/api/search` (TraceQL, or the most recent traces without a query),
 * `/api/v2/search/tags` and `/api/v2/search/tag/{tag}/values` for autocomplete (optionally within a
 * query's filter, `q`). Queries are compiled here, before the store sees them: a query that does not
 * compile is a 400 whose body has the message (naming line:column) and the offsets `from`/`to` the
 * editor marks; a metrics query is a 501; a search past `--search-timeout` is a 504. The same routes
 * answer `/api/sources/{name}/…` with the resolved source (its own objection to a query is a 400 too).
 */
import { compileQuery } from '../../core/query/compile.ts';
import { TraceQLError } from '../../core/query/errors.ts';
import type { TraceSource } from '../sources/trace-source.ts';
import type { SearchParams } from '../store/types.ts';
import { decodeSegment, intParam, ParamError, printable } from './params.ts';
import type { ResolveTarget } from './read-target.ts';
import { sendError, sendJson } from './respond.ts';
import type { Route, RouteContext } from './router.ts';

export const TAG_SCOPES = ['resource', 'span', 'intrinsic', 'event', 'link', 'instrumentation'] as const;
const MAX_TAG_CHARS = 1024;
/** Longest query text taken (a URL of three times this, percent-encoded, still fits Node's 16 KiB header limit). */
export const MAX_QUERY_CHARS = 4096;
export const MAX_LIMIT = 1000;
export const DEFAULT_SEARCH_TIMEOUT_MS = 30_000;
/** How long past the store's own deadline the route waits before answering 504 itself. */
const TIMEOUT_GRACE_MS = 5_000;

/** A query refused as TraceQL: 400 (or 501 for a metrics query) with the position for the editor. */
export class QueryRefused extends Error {
  constructor(readonly error: TraceQLError) {
    super(error.message);
  }
}

/** `q` as given (not trimmed: offsets point into it), at most MAX_QUERY_CHARS; '' when absent. */
export function queryText(query: URLSearchParams, required = false): string {
  const q = query.get('q') ?? '';
  if (required && !q.trim()) throw new ParamError('missing q: expected a TraceQL query');
  if (q.length > MAX_QUERY_CHARS)
    throw new ParamError(
      `invalid q: the query is ${q.length} characters long; the limit is ${MAX_QUERY_CHARS}`,
    );
  return q;
}

/** Throws QueryRefused when the text is not a query the store can run (`{}` and '' are). */
export function checkQuery(q: string): void {
  if (q.trim() === '' || /^\{\s*\}$/.test(q.trim())) return;
  try {
    compileQuery(q);
  } catch (err) {
    if (err instanceof TraceQLError) throw new QueryRefused(err);
    throw err;
  }
}

function boundedInt(query: URLSearchParams, name: string, max: number, fallback: number): number {
  const value = intParam(query, name, { min: 1, max: Number.MAX_SAFE_INTEGER, fallback })!;
  if (value > max) throw new ParamError(`invalid ${name} ${value}: at most ${max}`);
  return value;
}

/** The query string of `/api/search` → store parameters; throws ParamError or QueryRefused. */
export function parseSearchQuery(query: URLSearchParams): SearchParams {
  const q = queryText(query);
  const startS = intParam(query, 'start', { min: 0, max: Number.MAX_SAFE_INTEGER });
  const endS = intParam(query, 'end', { min: 0, max: Number.MAX_SAFE_INTEGER });
  if (startS !== undefined && endS !== undefined && endS < startS) {
    throw new ParamError(`invalid end ${endS}: before start ${startS}`);
  }
  const limit = boundedInt(query, 'limit', MAX_LIMIT, 20);
  const spss = boundedInt(query, 'spss', MAX_LIMIT, 3);
  checkQuery(q);
  return { ...(q.trim() ? { q } : {}), startS, endS, limit, spss };
}

/** Answers a refused query, a bad parameter, a timeout; false for anything else. */
export function answerRefusal(ctx: RouteContext, err: unknown): boolean {
  if (err instanceof ParamError) sendError(ctx.res, 400, err.message);
  else if (err instanceof QueryRefused || err instanceof TraceQLError) {
    // Refused here, or by the source that runs it (a construct an external store cannot do).
    const e = err instanceof QueryRefused ? err.error : err;
    if (e.kind === 'metrics') sendError(ctx.res, 501, e.message);
    else sendJson(ctx.res, 400, { error: e.message, kind: e.kind, from: e.from, to: e.to });
  } else if ((err as Error)?.name === 'SearchTimeoutError') sendError(ctx.res, 504, (err as Error).message);
  else return false;
  return true;
}

/** The store's answer, or a SearchTimeoutError once the store overran its own deadline by the grace period. */
function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new Error(`the search did not finish within ${timeoutMs / 1000} s (--search-timeout)`);
      e.name = 'SearchTimeoutError';
      reject(e);
    }, timeoutMs + TIMEOUT_GRACE_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function searchRoutes(resolve: ResolveTarget, searchTimeoutMs = DEFAULT_SEARCH_TIMEOUT_MS): Route[] {
  const withStore =
    (fn: (ctx: RouteContext, store: TraceSource) => Promise<unknown>) => async (ctx: RouteContext) => {
      const store = resolve(ctx)?.source;
      if (!store) return;
      let answer: unknown;
      try {
        answer = await fn(ctx, store);
      } catch (err) {
        if (answerRefusal(ctx, err)) return;
        throw err;
      }
      sendJson(ctx.res, 200, answer);
    };
  /** `q` of an autocomplete call: any text (an unfinished query is expected), bounded. */
  const partialQuery = (query: URLSearchParams) => {
    const q = queryText(query);
    return q.trim() ? q : undefined;
  };
  return [
    {
      methods: ['GET'],
      path: /^\/api\/search\/?$/,
      handle: withStore(({ url }, store) =>
        withDeadline(
          store.search({ ...parseSearchQuery(url.searchParams), timeoutMs: searchTimeoutMs }),
          searchTimeoutMs,
        ),
      ),
    },
    {
      methods: ['GET'],
      path: /^\/api\/v2\/search\/tags\/?$/,
      handle: withStore(({ url }, store) => {
        const scope = url.searchParams.get('scope') ?? '';
        const q = partialQuery(url.searchParams);
        if (scope === '' || scope === 'all') return store.tags(undefined, q);
        if (!(TAG_SCOPES as readonly string[]).includes(scope)) {
          throw new ParamError(
            `invalid scope '${printable(scope)}': expected one of all, ${TAG_SCOPES.join(', ')}`,
          );
        }
        return store.tags(scope, q);
      }),
    },
    {
      methods: ['GET'],
      path: /^\/api\/v2\/search\/tag\/([^/]+)\/values\/?$/,
      handle: withStore(({ params, url }, store) => {
        const tag = decodeSegment(params[0], 'tag');
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
        if (tag.length > MAX_TAG_CHARS || /[\u0000-\u001f\u007f]/.test(tag)) {
          throw new ParamError(`invalid tag '${printable(tag)}'`);
        }
        return store.tagValues(tag, partialQuery(url.searchParams));
      }),
    },
  ];
}
