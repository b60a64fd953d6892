/**
 * A Zipkin server (API v2, EXTERNAL-APIS §3.4) as a TraceSource. Traces are decoded by the core
 * Zipkin decoder, exactly as a Zipkin file is (DESIGN §2: a server half sharing its client's id
 * stays a span of its own), so a trace summarises the same through the source as from the file.
 * Searches are TraceQL translated to `/api/v2/traces` parameters (zipkin-params.ts), whose answer
 * holds whole traces, then answered as the local store answers (search-answer.ts). Autocomplete:
 * services, a service's span names, and the tag keys and values Zipkin is configured to list
 * (`autocompleteKeys`).
 */
import { canonicalTraceId } from '../../../core/model/ids.ts';
import { clampLimit } from '../../store/search/recent-traces.ts';
import { fetchTrace } from '../fetch-trace.ts';
import { searchAnswer } from '../search-answer.ts';
import { serviceOfQuery, translateQuery } from '../search-terms.ts';
import { searchWindow } from '../search-window.ts';
import {
  INTRINSIC_TAGS,
  NAME_TAGS,
  RESOURCE_TAGS,
  SERVICE_TAGS,
  stringValues,
  tagsOfScopes,
} from '../tag-lists.ts';
import { type ConvertTrace, convertInline } from '../trace-converter.ts';
import type { TraceSource, Upstream } from '../trace-source.ts';
import { expectOk, failureOf, jsonOf, stringsOf, tracesOf } from '../upstream-answer.ts';
import { ZIPKIN_SEARCH, zipkinId, zipkinSearchQuery } from './zipkin-params.ts';

const FORMATS = ['zipkin-json'] as const;

export function createZipkinSource(
  name: string,
  upstream: Upstream,
  convert: ConvertTrace = convertInline,
): TraceSource {
  /** A list of strings Zipkin answers; `optional`: a server without that endpoint lists none. */
  async function strings(path: string, query?: Record<string, string>, optional = false): Promise<string[]> {
    const what = `GET ${path}`;
    const answer = await upstream.get(path, query);
    if (optional && answer.status === 404) return [];
    expectOk(name, answer, what);
    return stringsOf(name, jsonOf(name, answer, what), what);
  }

  // Older servers, and servers with no keys configured, list no tag keys.
  const autocompleteKeys = () => strings('/api/v2/autocompleteKeys', undefined, true);

  return {
    async getTrace(traceId, encoding) {
      // Only a canonical id goes into the upstream's path.
      const id = canonicalTraceId(traceId);
      if (id === null) return null;
      const what = 'GET /api/v2/trace/{id}';
      const c = { source: name, what, traceId: id, reader: FORMATS, encoding };
      const got = await fetchTrace(upstream, `/api/v2/trace/${zipkinId(id)}`, convert, c);
      if ('trace' in got) return got.trace;
      if (got.answer.status === 404) return null;
      throw failureOf(name, got.answer, what);
    },

    async search(params) {
      const translated = translateQuery(params.q, ZIPKIN_SEARCH);
      const what = 'GET /api/v2/traces';
      const window = searchWindow(params);
      const query = zipkinSearchQuery(params.q ?? '', translated.terms, window, clampLimit(params.limit));
      const answer = await upstream.get('/api/v2/traces', query);
      expectOk(name, answer, what);
      return searchAnswer(
        tracesOf(name, answer.body, what, FORMATS),
        translated,
        params,
        window,
        answer.body.byteLength,
      );
    },

    async tags(scope) {
      return tagsOfScopes(
        [RESOURCE_TAGS, { name: 'span', tags: await autocompleteKeys() }, INTRINSIC_TAGS],
        scope,
      );
    },

    async tagValues(tag, q) {
      if (SERVICE_TAGS.has(tag)) return stringValues(await strings('/api/v2/services'));
      if (NAME_TAGS.has(tag)) {
        const service = serviceOfQuery(q);
        return stringValues(
          service === undefined ? [] : await strings('/api/v2/spans', { serviceName: service }),
        );
      }
      const key = /^(?:span)?\.(.+)$/.exec(tag)?.[1];
      if (key === undefined || !(await autocompleteKeys()).includes(key)) return { tagValues: [] };
      return stringValues(await strings('/api/v2/autocompleteValues', { key }));
    },
  };
}
