/**
 * Search terms → Zipkin's `/api/v2/traces` parameters (EXTERNAL-APIS §3.4): serviceName, spanName,
 * annotationQuery (`key=value and key=value`), minDuration/maxDuration in µs, endTs/lookback in ms,
 * limit. Zipkin span names are lower case (its server lowers what it stores and what it is asked).
 */
import { TraceQLError } from '../../../core/query/errors.ts';
import type { SearchTerms, StoreSearch } from '../search-terms.ts';
import type { SearchWindow } from '../search-window.ts';

export const ZIPKIN_SEARCH: StoreSearch = { name: 'Zipkin', resourceAttributes: false, typedValues: false };

/** A 128-bit id whose upper half is zero is the 64-bit id Zipkin stores (Span.normalizeTraceId). */
export function zipkinId(traceId: string): string {
  return traceId.length === 32 && traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
}

/** `key=value and …`; a key with `=` or a text with ` and ` cannot be written in it. */
function annotationQuery(text: string, tags: SearchTerms['tags']): string | undefined {
  if (tags.length === 0) return undefined;
  for (const [key, value] of tags)
    if (key.includes('=') || / and /i.test(key) || / and /i.test(value))
      throw new TraceQLError(
        'unsupported',
        0,
        text.length,
        `Zipkin cannot search the tag ${key} = "${value}": its annotationQuery cannot hold "=" in a key nor " and " in a key or value`,
        text,
      );
  return tags.map(([key, value]) => `${key}=${value}`).join(' and ');
}

export function zipkinSearchQuery(
  text: string,
  terms: SearchTerms,
  window: SearchWindow,
  limit: number,
): Record<string, string | number | undefined> {
  return {
    serviceName: terms.service,
    spanName: terms.operation,
    annotationQuery: annotationQuery(text, terms.tags),
    minDuration: terms.minDurationNs !== undefined ? Math.floor(terms.minDurationNs / 1000) : undefined,
    maxDuration: terms.maxDurationNs !== undefined ? Math.ceil(terms.maxDurationNs / 1000) : undefined,
    endTs: window.endMs,
    lookback: window.endMs - window.startMs,
    limit,
  };
}
