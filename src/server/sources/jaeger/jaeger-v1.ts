/**
 * Jaeger's internal v1 HTTP API (EXTERNAL-APIS §3.1): `{"data": …}` envelopes, traces as Jaeger JSON,
 * times in µs and durations as Go duration text; 404 for a trace Jaeger does not have. Newer Jaegers
 * (2026-08, #9260) removed its search and service listings, hence api_v3 first.
 */

import { fetchTrace } from '../fetch-trace.ts';
import type { Upstream } from '../trace-source.ts';
import { expectOk, failureOf, jsonOf, malformed, stringsOf, tracesOf } from '../upstream-answer.ts';
import { goDuration, type JaegerApi, type JaegerSearch, tagsJson } from './jaeger-api.ts';

/** `data` of a v1 envelope (null counts as an empty list). */
function dataOf(source: string, value: unknown, what: string): unknown[] {
  const data = (value as { data?: unknown } | null)?.data ?? [];
  if (!Array.isArray(data)) throw malformed(source, what, 'data is not a list');
  return data;
}

export function jaegerV1(source: string, upstream: Upstream): JaegerApi {
  const FORMATS = ['jaeger-json'] as const;
  return {
    version: 'v1',

    async trace(traceId, encoding, convert) {
      const what = 'GET /api/traces/{id}';
      const c = { source, what, traceId, reader: FORMATS, encoding };
      const got = await fetchTrace(upstream, `/api/traces/${traceId}`, convert, c);
      if ('trace' in got) return got.trace;
      if (got.answer.status === 404) return null;
      throw failureOf(source, got.answer, what);
    },

    async find({ terms, window, limit }: JaegerSearch) {
      const what = 'GET /api/traces';
      const answer = await upstream.get('/api/traces', {
        service: terms.service,
        operation: terms.operation,
        tags: tagsJson(terms),
        start: window.startMs * 1000,
        end: window.endMs * 1000,
        minDuration: terms.minDurationNs !== undefined ? goDuration(terms.minDurationNs, 'down') : undefined,
        maxDuration: terms.maxDurationNs !== undefined ? goDuration(terms.maxDurationNs, 'up') : undefined,
        limit,
      });
      expectOk(source, answer, what);
      return { tables: tracesOf(source, answer.body, what, FORMATS), bytes: answer.body.byteLength };
    },

    async services() {
      const what = 'GET /api/services';
      const answer = await upstream.get('/api/services');
      expectOk(source, answer, what);
      return stringsOf(source, dataOf(source, jsonOf(source, answer, what), what), what);
    },

    async operations(service) {
      const what = 'GET /api/operations';
      const answer = await upstream.get('/api/operations', { service });
      expectOk(source, answer, what);
      // Older Jaegers list names, newer ones {name, spanKind}.
      const ops = dataOf(source, jsonOf(source, answer, what), what);
      return stringsOf(
        source,
        ops.map((o) => (typeof o === 'string' ? o : (o as { name?: unknown } | null)?.name)),
        what,
      );
    },
  };
}
