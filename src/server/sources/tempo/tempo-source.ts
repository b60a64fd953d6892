/**
 * Grafana Tempo as a TraceSource (EXTERNAL-APIS.md §3.3): trace by id from `/api/v2/traces/{id}`,
 * falling back to v1 `/api/traces/{id}` when v2 is not there (Tempo < 2.5); TraceQL search passed
 * through to `/api/search` (`q`, `start`, `end`, `limit`, `spss`); tags and tag values from the v2
 * endpoints, falling back to v1 (`{tagNames}`, `{tagValues:[string]}`) in the v2 shapes. Answers are
 * re-encoded in the shapes the local store answers (encode-trace.ts), so the routes cannot tell; a
 * trace is converted as it arrives (fetch-trace.ts), never held whole.
 */
import type {
  TempoSearchResponse,
  TempoTagsResponse,
  TempoTagValuesResponse,
} from '../../../core/api/tempo-search.ts';
import { TraceQLError } from '../../../core/query/errors.ts';
import type { SearchParams, TraceEncoding } from '../../store/types.ts';
import { fetchTrace } from '../fetch-trace.ts';
import { type ConvertTrace, convertInline } from '../trace-converter.ts';
import type { TraceSource, Upstream, UpstreamAnswer } from '../trace-source.ts';
import { excerpt, failureOf, malformed, okJson } from '../upstream-answer.ts';

/** The probe of the source's health: Tempo answers `echo`. */
export const TEMPO_HEALTH_PATH = '/api/echo';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An endpoint this Tempo does not have (an older version): try the older one. */
const missing = (a: UpstreamAnswer) => a.status === 404 || a.status === 405;

export function createTempoSource(
  name: string,
  upstream: Upstream,
  convert: ConvertTrace = convertInline,
): TraceSource {
  return {
    async getTrace(traceId: string, encoding: TraceEncoding): Promise<Uint8Array | null> {
      const what = `trace ${traceId}`;
      const c = { source: name, what, traceId, reader: 'tempo', encoding } as const;
      let got = await fetchTrace(upstream, `/api/v2/traces/${traceId}`, convert, c);
      // 404 is also Tempo's answer for an unknown trace: v1 then says the same.
      if ('answer' in got && missing(got.answer))
        got = await fetchTrace(upstream, `/api/traces/${traceId}`, convert, c);
      if ('trace' in got) return got.trace;
      if (got.answer.status === 404) return null;
      throw failureOf(name, got.answer, what);
    },

    async search(params: SearchParams): Promise<TempoSearchResponse> {
      const answer = await upstream.get('/api/search', {
        q: params.q,
        start: params.startS,
        end: params.endS,
        limit: params.limit,
        spss: params.spss,
      });
      if (answer.status === 400 && params.q) {
        // Tempo's objection to a query ours accepted (a construct it does not run): the user's to fix.
        const q = params.q;
        throw new TraceQLError(
          'unsupported',
          0,
          q.length,
          `Tempo refused the query: ${excerpt(answer.body)}`,
          q,
        );
      }
      const body = okJson(name, answer, 'search');
      if (!isObj(body) || (body.traces !== undefined && !Array.isArray(body.traces)))
        throw malformed(name, 'search', 'not a Tempo search answer ({"traces":[…]})');
      return { ...body, traces: body.traces ?? [] } as unknown as TempoSearchResponse;
    },

    async tags(scope?: string, q?: string): Promise<TempoTagsResponse> {
      const v2 = await upstream.get('/api/v2/search/tags', { scope, q });
      if (!missing(v2)) {
        const body = okJson(name, v2, 'tags');
        if (!isObj(body) || !Array.isArray(body.scopes))
          throw malformed(name, 'tags', 'not a Tempo tags answer ({"scopes":[…]})');
        return body as unknown as TempoTagsResponse;
      }
      const body = okJson(name, await upstream.get('/api/search/tags', { scope }), 'tags');
      if (!isObj(body) || !Array.isArray(body.tagNames))
        throw malformed(name, 'tags', 'not a Tempo tags answer ({"tagNames":[…]})');
      const tags = body.tagNames.filter((t): t is string => typeof t === 'string');
      // v1 names are unscoped: each may be a span or a resource attribute (TraceQL's `.key`).
      const scopes = scope ? [scope] : ['span', 'resource'];
      return { scopes: scopes.map((s) => ({ name: s, tags })) };
    },

    async tagValues(tag: string, q?: string): Promise<TempoTagValuesResponse> {
      const v2 = await upstream.get(`/api/v2/search/tag/${encodeURIComponent(tag)}/values`, { q });
      if (!missing(v2)) {
        const body = okJson(name, v2, 'tag values');
        if (!isObj(body) || !Array.isArray(body.tagValues))
          throw malformed(name, 'tag values', 'not a Tempo tag values answer ({"tagValues":[…]})');
        return body as unknown as TempoTagValuesResponse;
      }
      // v1 takes the attribute's name without its TraceQL scope.
      const plain = tag.replace(/^(resource|span)?\./, '');
      const answer = await upstream.get(`/api/search/tag/${encodeURIComponent(plain)}/values`);
      const body = okJson(name, answer, 'tag values');
      if (!isObj(body) || !Array.isArray(body.tagValues))
        throw malformed(name, 'tag values', 'not a Tempo tag values answer ({"tagValues":[…]})');
      return {
        tagValues: body.tagValues
          .filter((v): v is string => typeof v === 'string')
          .map((value) => ({ type: 'string', value })),
      };
    },
  };
}
