/**
 * The Tempo search answers of the store API (DESIGN §4), shared by the store that writes them and
 * the app that reads them: the proto3 JSON mapping of Tempo's `SearchResponse`,
 * `SearchTagsV2Response` and `SearchTagValuesV2Response`. Pure types. The interfaces are what the
 * store writes; `Received<T>` is what a reader may get from any Tempo-compatible store (Tempo
 * itself omits fields, so every one is optional there).
 */

/** An OTLP AnyValue as the proto3 JSON mapping writes it (int64 as a decimal string). */
export interface AnyValueJson {
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: string | number;
  readonly doubleValue?: number | string;
  readonly bytesValue?: string;
  readonly arrayValue?: { readonly values?: readonly AnyValueJson[] };
  readonly kvlistValue?: { readonly values?: readonly KeyValueJson[] };
}

export interface KeyValueJson {
  readonly key: string;
  readonly value?: AnyValueJson;
}

/**
 * A matched span. `attributes` are what the query selected (`select(…)`), and `status` when the
 * span is in error (so a result can be drawn red without asking for it).
 */
export interface TempoSearchSpan {
  readonly spanID: string;
  readonly name: string;
  /** Unix ns as a decimal string; absent when the span has no start. */
  readonly startTimeUnixNano?: string;
  /** ns as a decimal string. */
  readonly durationNanos: string;
  readonly attributes?: readonly KeyValueJson[];
}

export interface TempoSpanSet {
  /** The first `spss` matched spans, earliest first. */
  readonly spans: readonly TempoSearchSpan[];
  /** How many spans the span set holds (the list stops at `spss`). */
  readonly matched: number;
  /** by() keys and aggregate values (`by(resource.service.name)`, `count()`). */
  readonly attributes?: readonly KeyValueJson[];
}

export interface TempoServiceStats {
  readonly spanCount: number;
  readonly errorCount?: number;
}

export interface TempoSearchTrace {
  readonly traceID: string;
  readonly rootServiceName?: string;
  readonly rootTraceName?: string;
  /** Unix ns of the earliest span start, as a decimal string. */
  readonly startTimeUnixNano: string;
  readonly durationMs: number;
  readonly serviceStats: Readonly<Record<string, TempoServiceStats>>;
  /** The span sets of a TraceQL answer; empty for a listing without a query. */
  readonly spanSets: readonly TempoSpanSet[];
}

/**
 * What answering cost: traces and spans whose rows the store scanned, bytes of span text
 * (attributes, details) it read, and jobs (pages of traces, newest first) done and planned: a
 * search that found `limit` traces early completes fewer jobs than it planned.
 */
export interface TempoSearchMetrics {
  readonly inspectedTraces: number;
  /** uint64 as a decimal string (as Tempo). */
  readonly inspectedSpans: string;
  readonly inspectedBytes: string;
  readonly completedJobs: number;
  readonly totalJobs: number;
}

export interface TempoSearchResponse {
  readonly traces: readonly TempoSearchTrace[];
  readonly metrics: TempoSearchMetrics;
}

/** `/api/v2/search/tags`: attribute names per scope. */
export interface TempoTagsResponse {
  readonly scopes: readonly { readonly name: string; readonly tags: readonly string[] }[];
}

/** `/api/v2/search/tag/{tag}/values`: `type` is string, int, float, bool, duration or keyword. */
export interface TempoTagValuesResponse {
  readonly tagValues: readonly { readonly type: string; readonly value: string }[];
}

/** An answer as a reader may receive it from any Tempo-compatible store: every field may be missing. */
export type Received<T> = T extends KeyValueJson
  ? T
  : T extends readonly (infer E)[]
    ? readonly Received<E>[]
    : T extends object
      ? { readonly [K in keyof T]?: Received<T[K]> }
      : T;
