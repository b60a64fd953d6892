/**
 * A Jaeger query service as a TraceSource. The first call probes which API answers, api_v3 first
 * (`GET /api/v3/services`), else v1 (`GET /api/services`), and keeps it (a failed probe is tried
 * again next time). Traces are converted by convert-trace.ts (in a worker thread when big);
 * searches are TraceQL translated to Jaeger's parameters (search-terms.ts), asked of each service
 * when the query names none, and answered as the local store answers (search-answer.ts).
 * Autocomplete knows what Jaeger lists: services (`resource.service.name`) and a service's
 * operations (`name`); Jaeger lists no attribute keys.
 */
import { canonicalTraceId } from '../../../core/model/ids.ts';
import type { SpanTable } from '../../../core/model/span-table.ts';
import { TraceQLError } from '../../../core/query/errors.ts';
import { clampLimit } from '../../store/search/recent-traces.ts';
import { searchAnswer } from '../search-answer.ts';
import { serviceOfQuery, translateQuery } from '../search-terms.ts';
import { searchWindow } from '../search-window.ts';
import {
  INTRINSIC_TAGS,
  NAME_TAGS,
  RESOURCE_TAGS,
  SERVICE_TAGS,
  stringValues,
  type TagScope,
  tagsOfScopes,
} from '../tag-lists.ts';
import { type ConvertTrace, convertInline } from '../trace-converter.ts';
import { type TraceSource, type Upstream, UpstreamError } from '../trace-source.ts';
import type { JaegerApi } from './jaeger-api.ts';
import { jaegerV1 } from './jaeger-v1.ts';
import { jaegerV3 } from './jaeger-v3.ts';

/** What a probe's service listing failing this way means: not this API (try the next one). */
const NOT_THIS_API = new Set(['not-found', 'malformed']);

async function probe(name: string, upstream: Upstream): Promise<JaegerApi> {
  for (const candidate of [jaegerV3(name, upstream), jaegerV1(name, upstream)]) {
    try {
      await candidate.services();
      return candidate;
    } catch (err) {
      if (!(err instanceof UpstreamError && NOT_THIS_API.has(err.failure))) throw err;
    }
  }
  throw new UpstreamError(
    name,
    'unsupported',
    "neither Jaeger's api_v3 (GET /api/v3/services) nor its v1 API (GET /api/services) answered; check that the URL is Jaeger's query service (e.g. http://jaeger:16686)",
  );
}

const JAEGER_SEARCH = { name: 'Jaeger', resourceAttributes: true, typedValues: true };

/**
 * Jaeger searches one service at a time: a query naming none (the recent traces, say) is asked of
 * each service, up to this many (beyond, the query must name one), a few searches at a time.
 */
const MAX_SERVICES_ASKED = 20;
const SEARCHES_AT_ONCE = 4;

/** `work` over every item, at most `width` at a time; results in the items' order. */
async function inTurn<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Tag names per scope Jaeger can search and list values of. */
const JAEGER_TAGS: readonly TagScope[] = [RESOURCE_TAGS, { name: 'span', tags: [] }, INTRINSIC_TAGS];

export function createJaegerSource(
  name: string,
  upstream: Upstream,
  convert: ConvertTrace = convertInline,
): TraceSource {
  let chosen: Promise<JaegerApi> | null = null;
  const api = (): Promise<JaegerApi> => {
    if (!chosen) {
      const p = probe(name, upstream);
      chosen = p;
      p.catch(() => {
        if (chosen === p) chosen = null;
      });
    }
    return chosen;
  };

  return {
    async getTrace(traceId, encoding) {
      // Only a canonical id goes into the upstream's path.
      const id = canonicalTraceId(traceId);
      if (id === null) return null;
      return (await api()).trace(id, encoding, convert);
    },

    async search(params) {
      const translated = translateQuery(params.q, JAEGER_SEARCH);
      const jaeger = await api();
      const services =
        translated.terms.service !== undefined ? [translated.terms.service] : await jaeger.services();
      if (services.length > MAX_SERVICES_ASKED) {
        const text = params.q ?? '';
        throw new TraceQLError(
          'unsupported',
          0,
          text.length,
          `Jaeger searches one service at a time, and it has ${services.length}: add resource.service.name = "…" to the query (its services: ${services.slice(0, 10).join(', ')}, …)`,
          text,
        );
      }
      const window = searchWindow(params);
      const limit = clampLimit(params.limit);
      const found = await inTurn(services, SEARCHES_AT_ONCE, (service) =>
        jaeger.find({ terms: { ...translated.terms, service }, window, limit }),
      );
      // A trace through several services is found under each of them.
      const tables = new Map<string, SpanTable>();
      for (const { tables: list } of found)
        for (const t of list) if (!tables.has(t.traceId)) tables.set(t.traceId, t);
      const bytes = found.reduce((sum, f) => sum + f.bytes, 0);
      return searchAnswer([...tables.values()], translated, params, window, bytes);
    },

    async tags(scope) {
      return tagsOfScopes(JAEGER_TAGS, scope);
    },

    async tagValues(tag, q) {
      const jaeger = await api();
      if (SERVICE_TAGS.has(tag)) return stringValues(await jaeger.services());
      if (NAME_TAGS.has(tag)) {
        const service = serviceOfQuery(q);
        return stringValues(service === undefined ? [] : await jaeger.operations(service));
      }
      return { tagValues: [] };
    },
  };
}
