/**
 * The messages between the HTTP thread and the preview worker (preview-worker.ts). A job carries
 * the store's columnar answers of its traces (transferred, null for a trace the store does not
 * have); while it runs the worker asks for the details of the few spans whose messages the facts
 * quote; it answers one PNG (transferred) with the facts the link preview's meta tags say.
 */
import type { DiffFacts } from '../../core/share/diff-facts.ts';
import type { TraceFacts } from '../../core/share/trace-facts.ts';
import type { PreviewRequest } from './preview-request.ts';

/** What the image shows: the waterfall, a summary card (over the time budget) or a message. */
export type PreviewDrawn = 'waterfall' | 'summary' | 'message';

export type PreviewFacts =
  | { readonly kind: 'trace'; readonly trace: TraceFacts }
  | { readonly kind: 'diff'; readonly diff: DiffFacts };

export interface RenderMessage {
  readonly type: 'render';
  readonly id: number;
  readonly request: PreviewRequest;
  /** Columnar answers (details deferred) in traceIdsOf order; null: not in the store. */
  readonly traces: readonly (Uint8Array | null)[];
}

/** The details of one span of trace `side` (its index in the job's traces), by its store key. */
export interface DetailsRequest {
  readonly type: 'details';
  readonly id: number;
  readonly ask: number;
  readonly side: number;
  readonly key: bigint;
}

export interface DetailsAnswer {
  readonly type: 'details';
  readonly id: number;
  readonly ask: number;
  /** A detail batch of that one span, or null when the store has none. */
  readonly batch: Uint8Array | null;
}

export interface DoneMessage {
  readonly type: 'done';
  readonly id: number;
  readonly png: Uint8Array;
  readonly drawn: PreviewDrawn;
  /** Null when the traces could not be read (unknown, unreadable). */
  readonly facts: PreviewFacts | null;
  /** Worker time per phase (ms), for benchmarks. */
  readonly timingsMs: Readonly<Record<string, number>>;
}

/** The job's facts, sent as soon as they are known (before the layout and the painting). */
export interface FactsMessage {
  readonly type: 'facts';
  readonly id: number;
  readonly facts: PreviewFacts;
}

export interface FailedMessage {
  readonly type: 'failed';
  readonly id: number;
  readonly message: string;
}

/** How a job asks for a span's details: `side` is the trace's index in the job. */
export type FetchSideDetails = (side: number, key: bigint) => Promise<Uint8Array | null>;

export type ToWorker = RenderMessage | DetailsAnswer;
export type FromWorker = DetailsRequest | FactsMessage | DoneMessage | FailedMessage;
