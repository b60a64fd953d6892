/**
 * The two HTTP APIs of Jaeger's query service (EXTERNAL-APIS §3.1, §3.2) behind one interface:
 * api_v3 (OTLP JSON, stable) and the internal v1 `/api/*` (Jaeger JSON), whose search and service
 * listings newer Jaegers removed. jaeger-v3.ts and jaeger-v1.ts implement it; the source probes
 * which one answers (api_v3 first) and keeps it.
 */
import type { SpanTable } from '../../../core/model/span-table.ts';
import type { TraceEncoding } from '../../store/types.ts';
import type { SearchTerms } from '../search-terms.ts';
import type { SearchWindow } from '../search-window.ts';
import type { ConvertTrace } from '../trace-converter.ts';

export interface JaegerSearch {
  readonly terms: SearchTerms & { readonly service: string };
  readonly window: SearchWindow;
  readonly limit: number;
}

export interface JaegerApi {
  /** `v3` or `v1`, for messages and tests. */
  readonly version: 'v3' | 'v1';
  /** The trace, converted as Jaeger's answer arrives (fetch-trace.ts), or null when Jaeger does not have it. */
  trace(traceId: string, encoding: TraceEncoding, convert: ConvertTrace): Promise<Uint8Array | null>;
  /** The traces the search finds, and the bytes Jaeger answered. */
  find(search: JaegerSearch): Promise<{ tables: SpanTable[]; bytes: number }>;
  services(): Promise<string[]>;
  operations(service: string): Promise<string[]>;
}

/** Go duration text (what both APIs parse): whole ns, rounded outward so that the bound stays inclusive. */
export function goDuration(ns: number, round: 'down' | 'up'): string {
  return `${round === 'down' ? Math.floor(ns) : Math.ceil(ns)}ns`;
}

/** The tags a search asks for, as the JSON map both APIs take (`status = error` is the tag error=true). */
export function tagsJson(terms: SearchTerms): string | undefined {
  const tags = terms.error ? [...terms.tags, ['error', 'true'] as const] : terms.tags;
  return tags.length > 0 ? JSON.stringify(Object.fromEntries(tags)) : undefined;
}
