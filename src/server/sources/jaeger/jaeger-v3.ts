/**
 * Jaeger api_v3 over HTTP (EXTERNAL-APIS §3.2): traces as OTLP JSON wrapped in `{"result": …}` (hex
 * ids, numeric enums), every trace of a search in one `resourceSpans` list; 404 when nothing is
 * found (a trace, or a search).
 */

import { fetchTrace } from '../fetch-trace.ts';
import type { Upstream } from '../trace-source.ts';
import { expectOk, failureOf, jsonOf, malformed, stringsOf, tracesOf } from '../upstream-answer.ts';
import { goDuration, type JaegerApi, type JaegerSearch, tagsJson } from './jaeger-api.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function jaegerV3(source: string, upstream: Upstream): JaegerApi {
  const FORMATS = ['otlp-json'] as const;
  return {
    version: 'v3',

    async trace(traceId, encoding, convert) {
      const what = 'GET /api/v3/traces/{id}';
      const c = { source, what, traceId, reader: FORMATS, encoding };
      const got = await fetchTrace(upstream, `/api/v3/traces/${traceId}`, convert, c);
      if ('trace' in got) return got.trace;
      if (got.answer.status === 404) return null;
      throw failureOf(source, got.answer, what);
    },

    async find({ terms, window, limit }: JaegerSearch) {
      const what = 'GET /api/v3/traces';
      const answer = await upstream.get('/api/v3/traces', {
        'query.serviceName': terms.service,
        'query.operationName': terms.operation,
        'query.attributes': tagsJson(terms),
        'query.startTimeMin': iso(window.startMs),
        'query.startTimeMax': iso(window.endMs),
        'query.durationMin':
          terms.minDurationNs !== undefined ? goDuration(terms.minDurationNs, 'down') : undefined,
        'query.durationMax':
          terms.maxDurationNs !== undefined ? goDuration(terms.maxDurationNs, 'up') : undefined,
        'query.searchDepth': limit,
      });
      if (answer.status === 404) return { tables: [], bytes: answer.body.byteLength };
      expectOk(source, answer, what);
      return { tables: tracesOf(source, answer.body, what, FORMATS), bytes: answer.body.byteLength };
    },

    async services() {
      const what = 'GET /api/v3/services';
      const answer = await upstream.get('/api/v3/services');
      expectOk(source, answer, what);
      const body = jsonOf(source, answer, what) as { services?: unknown } | null;
      return stringsOf(source, body?.services ?? [], what);
    },

    async operations(service) {
      const what = 'GET /api/v3/operations';
      const answer = await upstream.get('/api/v3/operations', { service });
      expectOk(source, answer, what);
      const body = jsonOf(source, answer, what) as { operations?: unknown } | null;
      const ops = body?.operations ?? [];
      if (!Array.isArray(ops)) throw malformed(source, what, 'operations is not a list');
      return stringsOf(
        source,
        ops.map((o) => (o as { name?: unknown } | null)?.name),
        what,
      );
    },
  };
}
