/**
 * The embedded store as the HTTP layer sees it. The implementation owns DuckDB in a worker thread;
 * every method is a message to that worker, so the HTTP event loop never waits on the database.
 */

import type { AttributeKeys } from '../../core/analysis/attribute-values.ts';
import type { PinInfo, StoreStatus } from '../../core/api/store-status.ts';
import type { TraceSource } from '../sources/trace-source.ts';

export type { PinInfo, RetentionPass, RetentionPolicy, StoreStatus } from '../../core/api/store-status.ts';

/** What an OTLP export body was, after HTTP decompression. */
export type OtlpEncoding = 'protobuf' | 'json';

export type IngestResult =
  | {
      readonly ok: true;
      /** Spans committed (durable) by the time this resolves. */
      readonly acceptedSpans: number;
      /** Spans refused one by one (invalid ids, …): OTLP partial success. */
      readonly rejectedSpans: number;
      /** Names the rejected spans and why; '' when none. */
      readonly errorMessage: string;
    }
  | {
      readonly ok: false;
      /** The body could not be decoded at all: nothing of it was stored (HTTP 400 / gRPC INVALID_ARGUMENT). */
      readonly reason: 'undecodable';
      readonly errorMessage: string;
    };

/**
 * Answer shapes of the read API; the HTTP layer serialises them as they are. `columnar` is the whole
 * trace in the columnar transfer (core/transfer); `columnar-deferred` leaves the span details out
 * (each span carries a key instead) for `getSpanDetails` to answer later.
 */
export type TraceEncoding = 'tempo-v1' | 'tempo-v2' | ColumnarEncoding;
export type ColumnarEncoding = 'columnar' | 'columnar-deferred';

export interface SearchParams {
  /** TraceQL; absent lists the most recent traces. */
  readonly q?: string;
  /** Unix seconds, filtering on trace start. */
  readonly startS?: number;
  readonly endS?: number;
  /** Default 20, at most 1000. */
  readonly limit: number;
  /** Spans per span set. */
  readonly spss: number;
  /** The search is cancelled past this (a SearchTimeoutError); none: no limit. */
  readonly timeoutMs?: number;
}

/** Span keys (as in a `columnar-deferred` answer): `keyBase + offsets[i]`, ascending. */
export interface DetailMatches {
  readonly keyBase: bigint;
  readonly offsets: Uint32Array;
}

/**
 * One attribute's value per span (as in `details/values`): the spans with keys `keyBase + offsets[i]`
 * (ascending) have the value `values[codes[i]]`; the others have none. `values` is sorted.
 */
export interface AttributeValues {
  readonly keyBase: bigint;
  readonly offsets: Uint32Array;
  readonly codes: Uint32Array;
  readonly values: readonly string[];
}

/** What an import stored: its trace ids (in the order they first came) and its spans. */
export interface ImportResult {
  readonly traceIds: string[];
  readonly spanCount: number;
}

export interface ImportOptions {
  /** The file may inflate to at most this many bytes: past it, the import fails (InputTooLargeError). */
  readonly maxInflatedBytes?: number;
}

/**
 * A streamed import (POST /api/import, start-up files): a file of any supported format, gzip'd or
 * not, in chunks; its spans are decoded and stored as they come, in constant memory. An input
 * refused midway keeps what was stored before the piece that failed (ImportFailure.kept).
 */
export interface ImportSession {
  /**
   * Takes the next chunk (the session owns it from now on); resolves when the store can take
   * another: the caller pauses reading meanwhile. Rejects with an ImportFailure once the import failed.
   */
  write(chunk: Uint8Array): Promise<void>;
  /** The file ended: resolves once all its spans are committed; rejects with an ImportFailure. */
  end(): Promise<ImportResult>;
  /** Gives up (the client went away): resolves with what was kept. */
  abort(): Promise<ImportResult>;
}

/**
 * An import stopped by its input: `reason` is the decoder's FormatError, or an InputTooLargeError
 * (compare by name: it may have crossed from a worker); `kept` is what was stored before it.
 */
export class ImportFailure extends Error {
  override name = 'ImportFailure';
  constructor(
    readonly reason: Error,
    readonly kept: ImportResult,
  ) {
    super(reason.message);
  }
}

/** An error of the input (the decoder's FormatError, or too large once inflated), also after crossing a worker. */
export function isInputError(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'FormatError' || error.name === 'InputTooLargeError');
}

/** Why a pin, as the API takes it (validated by the HTTP layer: pin-request.ts). */
export interface PinRequest {
  readonly traceId: string;
  /** '' when none. */
  readonly note: string;
  /** Who or what pinned ('cli', 'app', a user name); '' when unknown. */
  readonly pinnedBy: string;
}

/**
 * Takes the next piece of a streamed read. A promise when its taker is behind (a client slower
 * than the read): the read waits for it before reading more, so a slow client holds a bounded
 * amount of the answer in memory, not all of it.
 */
export type PieceSink = (piece: Uint8Array) => Promise<void> | void;

/**
 * The embedded store: the read side of every source (TraceSource: trace by id, search, tags, tag
 * values), plus ingest, pins and the reads only it answers (deferred details, find in details, …).
 */
export interface TraceStore extends TraceSource {
  /** Decodes and stores one OTLP export body; resolves only after the spans are committed. */
  ingestOtlp(body: Uint8Array, encoding: OtlpEncoding): Promise<IngestResult>;
  /** Starts a streamed import of a file of any supported format. */
  beginImport(options?: ImportOptions): ImportSession;
  /**
   * The trace in the streamed columnar transfer (core/transfer/columnar-stream.ts), or as Tempo v1/v2
   * JSON: `send` gets it in pieces as they are read; resolves false, having sent nothing, when the
   * trace is unknown. A failure after the first piece is also told in an error frame (columnar; a
   * JSON answer is cut off). Once `signal` aborts (the client went away), the read stops and frees
   * its connection, and the promise rejects.
   */
  streamTrace(
    traceId: string,
    encoding: TraceEncoding,
    send: PieceSink,
    signal: AbortSignal,
  ): Promise<boolean>;
  /**
   * Starts the streamed read a browser opening the trace's page asks for a moment later (details
   * deferred), so that the first `streamTrace` of it gets it sooner; it is dropped when unasked.
   */
  readTraceAhead(traceId: string): void;
  /**
   * The details of the trace's spans whose keys (from a `columnar-deferred` answer) lie in
   * [fromKey, toKey], as a core/transfer detail batch in key order; null when the trace is unknown.
   */
  getSpanDetails(traceId: string, fromKey: bigint, toKey: bigint): Promise<Uint8Array | null>;
  /**
   * The keys of the trace's spans whose attribute keys or values, event names or status message
   * contain `text`, ignoring case; null when the trace is unknown. Find in a trace too big to
   * fetch every detail of.
   */
  findInDetails(traceId: string, text: string): Promise<DetailMatches | null>;
  /**
   * The value of attribute `key` of each of the trace's spans that has it: the span's attribute,
   * else its resource's; null when the trace is unknown. Statistics grouped by an attribute of a
   * trace too big to fetch every detail of.
   */
  attributeValues(traceId: string, key: string): Promise<AttributeValues | null>;
  /** The span and resource attribute keys of the trace's spans, with span counts; null when unknown. */
  attributeKeys(traceId: string): Promise<AttributeKeys | null>;
  /**
   * The keys of the trace's spans that the query's span sets hold (find in a trace too big to
   * evaluate in the browser); null when the trace is unknown. Throws a TraceQLError for a bad query.
   */
  findByQuery(traceId: string, q: string): Promise<DetailMatches | null>;
  /**
   * Pins the trace as it is now (kept by retention, read as this snapshot); null when unknown.
   * Pinning a pinned trace keeps its snapshot and pinned time and takes the new note.
   */
  pin(request: PinRequest): Promise<PinInfo | null>;
  /** False when the trace was not pinned. The trace itself stays until retention deletes it. */
  unpin(traceId: string): Promise<boolean>;
  /** Every pin, most recently pinned first. */
  pins(): Promise<PinInfo[]>;
  /** The trace's pin, or null (the trace page's "pinned snapshot" line). */
  pinOf(traceId: string): Promise<PinInfo | null>;
  /** Size, counts, ingest rate and retention (`/api/status`). */
  status(): Promise<StoreStatus>;
  /** Number of spans stored (for readiness and the demo-seeding decision). */
  spanCount(): Promise<number>;
  /** True while the ingest queue is too deep to take more (HTTP 429/503 + Retry-After). */
  readonly overloaded: boolean;
  close(): Promise<void>;
}
