/**
 * Tempo-compatible search: `/api/search` (recent traces; TraceQL not yet), `/api/v2/search/tags`
 * and `/api/v2/search/tag/{tag}/values` for autocomplete.
 */
import type { SearchParams } from '../store/types.ts';
import { decodeSegment, intParam, ParamError, printable } from './params.ts';
import { sendError, sendJson } from './respond.ts';
import type { Route, RouteContext } from './router.ts';
import type { ServerState } from './server-state.ts';

export const TAG_SCOPES = ['resource', 'span', 'intrinsic', 'event', 'link', 'instrumentation'] as const;
const MAX_TAG_CHARS = 1024;

/** The query string of `/api/search` → store parameters; throws ParamError naming the bad one. */
export function parseSearchQuery(query: URLSearchParams): SearchParams {
  const q = (query.get('q') ?? '').trim();
  // `{}` (match everything) is what a query editor sends before anything is typed.
  if (q !== '' && !/^\{\s*\}$/.test(q)) throw new ParamError('TraceQL search is not yet supported');
  const startS = intParam(query, 'start', { min: 0, max: Number.MAX_SAFE_INTEGER });
  const endS = intParam(query, 'end', { min: 0, max: Number.MAX_SAFE_INTEGER });
  if (startS !== undefined && endS !== undefined && endS < startS) {
    throw new ParamError(`invalid end ${endS}: before start ${startS}`);
  }
  const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 20 })!;
  const spss = intParam(query, 'spss', { min: 1, max: 1000, fallback: 3 })!;
  return { startS, endS, limit, spss };
}

export function searchRoutes(state: ServerState): Route[] {
  const withStore =
    (fn: (ctx: RouteContext, store: NonNullable<ServerState['store']>) => Promise<unknown>) =>
    async (ctx: RouteContext) => {
      const store = state.openStore;
      if (!store) return sendError(ctx.res, 503, 'the store is not ready', { 'Retry-After': 1 });
      let answer: unknown;
      try {
        answer = await fn(ctx, store);
      } catch (err) {
        if (err instanceof ParamError) return sendError(ctx.res, 400, err.message);
        throw err;
      }
      sendJson(ctx.res, 200, answer);
    };
  return [
    {
      methods: ['GET'],
      path: /^\/api\/search\/?$/,
      handle: withStore(({ url }, store) => store.search(parseSearchQuery(url.searchParams))),
    },
    {
      methods: ['GET'],
      path: /^\/api\/v2\/search\/tags\/?$/,
      handle: withStore(({ url }, store) => {
        const scope = url.searchParams.get('scope') ?? '';
        if (scope === '' || scope === 'all') return store.tags();
        if (!(TAG_SCOPES as readonly string[]).includes(scope)) {
          throw new ParamError(
            `invalid scope '${printable(scope)}': expected one of all, ${TAG_SCOPES.join(', ')}`,
          );
        }
        return store.tags(scope);
      }),
    },
    {
      methods: ['GET'],
      path: /^\/api\/v2\/search\/tag\/([^/]+)\/values\/?$/,
      handle: withStore(({ params }, store) => {
        const tag = decodeSegment(params[0], 'tag');
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
        if (tag.length > MAX_TAG_CHARS || /[\u0000-\u001f\u007f]/.test(tag)) {
          throw new ParamError(`invalid tag '${printable(tag)}'`);
        }
        return store.tagValues(tag);
      }),
    },
  ];
}
