/**
 * The two HTTP APIs of Jaeger's query service (EXTERNAL-APIS §3.1, §3.2) behind one interface:
 * api_v3 (OTLP JSON, stable) and the internal v1 `/api/*` (Jaeger JSON), whose search and service
 * listings newer Jaegers removed. jaeger-v3.ts and jaeger-v1.ts implement it; the source probes
 * which one answers (api_v3 first) and keeps it.
 */
import type { SpanTable } from '../../../core/model/span-table.ts';
import type { SearchTerms } from '../search-terms.ts';
import type { SearchWindow } from '../search-window.ts';

export interface JaegerSearch {
  readonly terms: SearchTerms & { readonly service: string };
  readonly window: SearchWindow;
  readonly limit: number;
}

export interface JaegerApi {
  /** `v3` or `v1`, for messages and tests. */
  readonly version: 'v3' | 'v1';
  /** The trace's spans, or null when Jaeger does not have it. */
  trace(traceId: string): Promise<SpanTable | null>;
  /** The traces the search finds, and the bytes Jaeger answered. */
  find(search: JaegerSearch): Promise<{ tables: SpanTable[]; bytes: number }>;
  services(): Promise<string[]>;
  operations(service: string): Promise<string[]>;
}

/** Go duration text (what both APIs parse): whole ns, rounded outward so that the bound stays inclusive. */
export function goDuration(ns: number, round: 'down' | 'up'): string {
  return `${round === 'down' ? Math.floor(ns) : Math.ceil(ns)}ns`;
}

/** The one table of `traceId` among what Jaeger answered, or null. */
export function pickTrace(tables: readonly SpanTable[], traceId: string): SpanTable | null {
  return tables.find((t) => t.traceId === traceId) ?? null;
}
