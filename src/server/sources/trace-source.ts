/**
 * The read side of a trace store, as the HTTP read routes see it: the local store implements it, and
 * so does one adapter per external kind (Tempo, Jaeger, Zipkin), so that every read path of
 * DESIGN §4 answers the same shapes whichever source holds the trace.
 */

import type { SourceFailure } from '../../core/api/errors.ts';
import type {
  TempoSearchResponse,
  TempoTagsResponse,
  TempoTagValuesResponse,
} from '../../core/api/tempo-search.ts';
import type { SearchParams, TraceEncoding } from '../store/types.ts';

export interface TraceSource {
  /** The whole trace in the requested encoding, or null when the source does not have it. */
  getTrace(traceId: string, encoding: TraceEncoding): Promise<Uint8Array | null>;
  /**
   * Tempo search: without `q` (or `{}`) the most recent traces, else the traces the TraceQL query
   * matches with their span sets, newest first. Throws a TraceQLError for a query that does not
   * compile (or that the source cannot answer), a SearchTimeoutError past `timeoutMs`.
   */
  search(params: SearchParams): Promise<TempoSearchResponse>;
  /** Tempo v2 tags (`{scopes:[…]}`); with `q` (TraceQL, perhaps unfinished) the keys of what it matches. */
  tags(scope?: string, q?: string): Promise<TempoTagsResponse>;
  /** Tempo v2 tag values (`{tagValues:[{type,value}]}`). */
  tagValues(tag: string, q?: string): Promise<TempoTagValuesResponse>;
}

/** What an external source answered over HTTP: the status and the body (decompressed). */
export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * Told the status of an answer, before its body: a function that takes the body's chunks as they
 * arrive (the answer's `body` is then empty), or null to have the body whole. A chunk it throws on
 * ends the GET with that error.
 */
export type OpenBody = (status: number) => ((chunk: Uint8Array) => void) | null;

/**
 * How an adapter reaches its upstream: a GET of a path (with its query) below the source's base
 * URL, with the source's credentials, timeout and TLS options applied by the implementation, its
 * body whole or (`open`) streamed. Rejects with an UpstreamError when the upstream cannot be
 * reached, times out, or its answer is cut off or too large.
 */
export interface Upstream {
  get(
    path: string,
    query?: Readonly<Record<string, string | number | undefined>>,
    open?: OpenBody,
  ): Promise<UpstreamAnswer>;
}

/** Why an external source failed, for the user: each kind says what to check (core/api/errors.ts). */
export type UpstreamFailure = SourceFailure;

/** An external source failed; the message names the source and what to check (never a credential). */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly source: string,
    readonly failure: UpstreamFailure,
    /** What failed and what to check, without the source's name. */
    readonly detail: string,
  ) {
    super(`source '${source}': ${detail}`);
  }
}
