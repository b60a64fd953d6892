/**
 * Messages between the HTTP thread (create-store.ts) and the store's two workers (store-worker.ts):
 * the decode worker, which decodes and prepares exports and files, and the database worker, which
 * stores them and answers everything else. A call names a TraceStore method and carries its
 * arguments; exports go to the decode worker, which hands the prepared batches to the database
 * worker over a MessageChannel; every reply comes from the database worker, with the result or an
 * error that keeps the fields the HTTP layer looks at (name, and FormatError's
 * resembled/where/problem). A streamed import is a conversation of its own (ImportMessage…): its
 * chunks go to the decode worker, which acknowledges each once taken; its batches to the database
 * worker, which says when they are committed; the outcome comes from the database worker. A streamed
 * trace read is one too (TraceStream…): its pieces come from the database worker as they are read,
 * then the reply to its call; the HTTP thread may cancel it meanwhile.
 */

import type { MessagePort } from 'node:worker_threads';
import type { SpanLimits } from '../../core/model/span-limits.ts';
import type { AckTimeline } from './ingest/ack-timeline.ts';
import type { PreparedBatch } from './ingest/batch-columns.ts';
import type { CheckpointPolicy } from './ingest/checkpointer.ts';
import type { PreparedExport } from './ingest/prepare-input.ts';
import type { LoggedRequest } from './store-options.ts';
import type { ImportOptions, ImportResult, RetentionPolicy, TraceEncoding, TraceStore } from './types.ts';

export type StoreMethod =
  | 'ingestOtlp'
  | 'getTrace'
  | 'getSpanDetails'
  | 'readTraceAhead'
  | 'findInDetails'
  | 'findByQuery'
  | 'attributeValues'
  | 'attributeKeys'
  | 'search'
  | 'tags'
  | 'tagValues'
  | 'spanCount'
  | 'pin'
  | 'unpin'
  | 'pins'
  | 'pinOf'
  | 'status'
  | 'close';

type MethodOf<M extends StoreMethod> = TraceStore[M] extends (...args: never[]) => unknown
  ? TraceStore[M]
  : never;
export type StoreArgs<M extends StoreMethod> = Parameters<MethodOf<M>>;
export type StoreResult<M extends StoreMethod> = Awaited<ReturnType<MethodOf<M>>>;

export interface CallMessage<M extends StoreMethod = StoreMethod> {
  readonly id: number;
  readonly method: M;
  readonly args: StoreArgs<M>;
}

/** Any call, discriminated by method (so its args are typed). */
export type AnyCallMessage = { [M in StoreMethod]: CallMessage<M> }[StoreMethod];

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly resembled?: string;
  readonly where?: string;
  readonly problem?: string;
  /** Where it was thrown, in the worker. */
  readonly stack?: string;
}

export type ReplyMessage =
  | { readonly id: number; readonly ok: true; readonly value: unknown; readonly timeline?: AckTimeline }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

/** The worker's first message: the database is open, or could not be opened. */
export type StartMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly error: SerializedError };

/** What an export carries beside its arguments, to the decode worker and on to the database worker. */
export interface ExportTags {
  /** Stamped on the way (ingest/ack-timeline.ts); comes back with the reply. */
  readonly timeline: AckTimeline;
  /** A small export, taken before big ones (ingest/urgent-first.ts). */
  readonly urgent: boolean;
}

/** Calls the decode worker takes; `flush` makes sure all it forwarded before has arrived. */
export type DecodeCall =
  | (CallMessage<'ingestOtlp'> & ExportTags)
  | { readonly id: number; readonly method: 'flush' };

/** Decode worker → database worker; `request`: an urgent export's, for the ack log (duck-store.ts). */
export type PreparedMessage =
  | ({
      readonly id: number;
      readonly method: 'ingestOtlp';
      readonly prepared: PreparedExport;
      readonly request?: LoggedRequest;
    } & ExportTags)
  | { readonly id: number; readonly method: 'failed'; readonly error: SerializedError }
  | { readonly id: number; readonly method: 'flush' };

/**
 * HTTP thread → database worker: read a trace as a stream (answered by pieces, then a ReplyMessage of
 * the same id whose value says whether the trace was found), or stop reading it.
 */
export type TraceStreamMessage =
  | {
      readonly type: 'trace-stream';
      readonly id: number;
      readonly traceId: string;
      readonly encoding: TraceEncoding;
    }
  | { readonly type: 'trace-cancel'; readonly id: number }
  /** The client took `bytes` more of the pieces: the read may go on while it is within its window. */
  | { readonly type: 'trace-credit'; readonly id: number; readonly bytes: number };

/** Database worker → HTTP thread: the next piece of a streamed trace (transferred). */
export interface TracePiece {
  readonly type: 'trace-piece';
  readonly id: number;
  readonly bytes: Uint8Array;
}

/** HTTP thread → decode worker: a streamed import starts, goes on, ends or is given up. */
export type ImportMessage =
  | { readonly type: 'import-start'; readonly importId: number; readonly options: ImportOptions }
  | { readonly type: 'import-chunk'; readonly importId: number; readonly bytes: Uint8Array }
  | { readonly type: 'import-end'; readonly importId: number }
  | { readonly type: 'import-abort'; readonly importId: number };

/** Decode worker → HTTP thread: a chunk of `bytes` was taken (the next may come). */
export interface ImportAck {
  readonly type: 'import-ack';
  readonly importId: number;
  readonly bytes: number;
}

/** Decode worker → database worker: batches of an import, then its end (failed when `error`). */
export type ImportBatchMessage =
  | { readonly type: 'import-batches'; readonly importId: number; readonly batches: PreparedBatch[] }
  | { readonly type: 'import-done'; readonly importId: number; readonly error?: SerializedError };

/** Database worker → decode worker: spans (and bytes of rows) of an import committed. */
export interface ImportCommitted {
  readonly type: 'import-committed';
  readonly importId: number;
  readonly spans: number;
  readonly bytes: number;
}

/** Database worker → HTTP thread: how an import ended (`kept` is what it stored). */
export interface ImportOutcome {
  readonly type: 'import-outcome';
  readonly importId: number;
  readonly kept: ImportResult;
  readonly error?: SerializedError;
}

/** What each worker is started with (workerData). */
export type WorkerOptions =
  | {
      readonly role: 'database';
      /** Where prepared batches arrive from the decode worker. */
      readonly prepared: MessagePort;
      readonly dataDir?: string;
      readonly memory?: boolean;
      readonly threads?: number;
      readonly maxGroupSpans?: number;
      readonly checkpoint?: CheckpointPolicy;
      readonly retention?: RetentionPolicy;
      /** Recorded with each ack-log entry, to decode it again as the decode worker did. */
      readonly spanLimits?: SpanLimits;
      readonly testHoldLoggedApplies?: boolean;
      /** Bytes of a streamed trace read on their way to the client at most (stream-window.ts). */
      readonly streamWindowBytes?: number;
      readonly stages?: SharedArrayBuffer;
    }
  | {
      readonly role: 'decode';
      readonly prepared: MessagePort;
      readonly spanLimits?: SpanLimits;
      /** Where both workers sum their stage times (ingest/stage-clock.ts). */
      readonly stages?: SharedArrayBuffer;
    };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const e = error as Error & { resembled?: unknown; where?: unknown; problem?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(e.stack ? { stack: e.stack } : {}),
    ...(typeof e.resembled === 'string' ? { resembled: e.resembled } : {}),
    ...(typeof e.where === 'string' ? { where: e.where } : {}),
    ...(typeof e.problem === 'string' ? { problem: e.problem } : {}),
  };
}

/** An Error carrying the serialized fields (so `err.name === 'FormatError'` checks still work). */
export function deserializeError(s: SerializedError): Error {
  return Object.assign(new Error(s.message), s);
}

/**
 * The ArrayBuffer to transfer with a message, or nothing when `bytes` shares its buffer (a pooled
 * Buffer slice: transferring it would detach unrelated data) or is empty. An empty buffer may be a
 * detached one, and Node silently drops a message whose transfer list holds a detached buffer.
 */
export function transferable(bytes: unknown): ArrayBuffer[] {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) return [];
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? [buffer]
    : [];
}

/** A copy of `bytes` that owns its whole buffer (`Buffer#slice` would give a view instead). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  // Empty may mean detached, which cannot even be copied.
  return bytes.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(bytes);
}

/** `bytes` itself when it owns its whole buffer, else a copy that does (so it can be transferred). */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return transferable(bytes).length > 0 ? bytes : copyBytes(bytes);
}
