/**
 * Where an external trace is converted (convert-trace.ts): a small answer at once on the calling
 * thread (a few ms), a big one in a worker thread (the previews' WorkerPool), so that a trace of 100k
 * spans from one source never holds the HTTP thread up: the local store and the other sources keep
 * answering meanwhile. Two workers, so one source's big trace does not queue another's behind it.
 */
import { Worker } from 'node:worker_threads';
import { isSourceFailure, type SourceFailure } from '../../core/api/errors.ts';
import { WorkerPool } from '../preview/worker-pool.ts';
import { transferable } from '../store/protocol.ts';
import { convertTrace, type TraceConversion } from './convert-trace.ts';
import { UpstreamError } from './trace-source.ts';

/** Converts a 2xx trace-by-id answer: the trace in the encoding asked for, or null when it is not there. */
export type ConvertTrace = (c: TraceConversion, body: Uint8Array) => Promise<Uint8Array | null>;

/** On the calling thread: for tests of an adapter, and the CLI. */
export const convertInline: ConvertTrace = async (c, body) => convertTrace(c, body);

/** Below this an answer (~400 spans) is converted inline: less than posting it to a worker costs. */
export const INLINE_BELOW_BYTES = 256 * 1024;

export interface ConvertMessage {
  readonly type: 'convert';
  readonly id: number;
  readonly conversion: TraceConversion;
  readonly body: Uint8Array;
}

export type ConvertAnswer =
  | { readonly type: 'done'; readonly id: number; readonly bytes: Uint8Array | null }
  /** `failure` null: not an UpstreamError (a bug), answered as an internal error. */
  | {
      readonly type: 'failed';
      readonly id: number;
      readonly failure: SourceFailure | null;
      readonly message: string;
    };

export interface ConverterOptions {
  /** Starts a worker thread; default convert-worker.mjs beside this module once bundled. */
  readonly startWorker?: () => Worker;
  readonly inlineBelowBytes?: number;
  /** A conversion still running after this (a pathological answer) fails and its worker is ended. */
  readonly killMs?: number;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./convert-worker.mjs', import.meta.url));
}

/** The message a conversion job answers (in convert-worker.ts). */
export function convertAnswer(m: ConvertMessage): ConvertAnswer {
  try {
    return { type: 'done', id: m.id, bytes: convertTrace(m.conversion, m.body) };
  } catch (err) {
    if (err instanceof UpstreamError)
      return { type: 'failed', id: m.id, failure: err.failure, message: err.detail };
    return { type: 'failed', id: m.id, failure: null, message: (err as Error).stack ?? String(err) };
  }
}

export class TraceConverter {
  private readonly pool: WorkerPool<ConvertMessage, ConvertAnswer>;
  private readonly inlineBelowBytes: number;

  constructor(options: ConverterOptions = {}) {
    this.inlineBelowBytes = options.inlineBelowBytes ?? INLINE_BELOW_BYTES;
    this.pool = new WorkerPool({
      startWorker: options.startWorker ?? defaultWorker,
      size: 2,
      killMs: options.killMs ?? 120_000,
      maxQueue: 32,
      what: 'trace conversions',
    });
  }

  readonly convert: ConvertTrace = (c, body) => {
    if (body.byteLength < this.inlineBelowBytes) return convertInline(c, body);
    return new Promise((resolve, reject) => {
      const message: ConvertMessage = { type: 'convert', id: this.pool.nextId(), conversion: c, body };
      const queued = this.pool.submit({
        message,
        transfer: transferable(body),
        onMessage: (m) => {
          if (m.type === 'done') resolve(m.bytes);
          else if (m.failure && isSourceFailure(m.failure))
            reject(new UpstreamError(c.source, m.failure, m.message));
          else
            reject(new Error(`converting trace ${c.traceId} of source '${c.source}' failed: ${m.message}`));
          return true;
        },
        fail: reject,
      });
      if (!queued)
        reject(new Error('too many traces of external sources being converted; try again shortly'));
    });
  };

  close(): Promise<void> {
    return this.pool.close();
  }
}
