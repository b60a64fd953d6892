/**
 * Where an external trace is converted (convert-trace.ts) as its answer arrives: a small answer at
 * once on the calling thread (a few ms), a big one in a worker thread (the previews' WorkerPool) fed
 * the body's chunks as they come, so that a trace of 100k spans from one source never holds the HTTP
 * thread up (the local store and the other sources keep answering meanwhile) and is decoded while it
 * is still being received. Two workers, so one source's big trace does not queue another's behind it.
 */
import { Worker } from 'node:worker_threads';
import { isSourceFailure, type SourceFailure } from '../../core/api/errors.ts';
import type { Reply } from '../preview/worker-pool.ts';
import { WorkerPool } from '../preview/worker-pool.ts';
import { transferable } from '../store/protocol.ts';
import { convertTrace, type TraceConversion, TraceStream } from './convert-trace.ts';
import type { ConvertedTrace } from './source-details.ts';
import { UpstreamError } from './trace-source.ts';

/** A 2xx trace-by-id answer being converted as its body arrives. */
export interface TraceSink {
  /** The next chunk of the body; throws the conversion's error once it has failed (stop reading then). */
  push(chunk: Uint8Array): void;
  /** The body ended: the trace in the encoding asked for, or null when the answer does not hold it. */
  end(): Promise<ConvertedTrace | null>;
  /** The body will not end (the upstream failed): the conversion is dropped. */
  abort(): void;
}

/** Opens the conversion of a 2xx trace-by-id answer. */
export type ConvertTrace = (c: TraceConversion) => TraceSink;

/** The conversion of a whole body. */
export async function convertWhole(
  convert: ConvertTrace,
  c: TraceConversion,
  body: Uint8Array,
): Promise<ConvertedTrace | null> {
  const sink = convert(c);
  sink.push(body);
  return sink.end();
}

/** On the calling thread, chunk by chunk: for tests of an adapter, and the CLI. */
export const convertInline: ConvertTrace = (c) => {
  const stream = new TraceStream(c);
  return {
    push: (chunk) => stream.push(chunk),
    end: async () => stream.end(),
    abort: () => {},
  };
};

/** Below this an answer (~400 spans) is converted inline: less than posting it to a worker costs. */
export const INLINE_BELOW_BYTES = 256 * 1024;
/** Chunks are posted to the worker in batches of this many bytes (a socket reads 64 KiB at most). */
const BATCH_BYTES = 1024 * 1024;

/** To the worker: a body as it streams (open, chunks, end; abort when the upstream failed). */
export type ConvertMessage =
  | { readonly type: 'open'; readonly id: number; readonly conversion: TraceConversion }
  | { readonly type: 'chunk'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly type: 'end' | 'abort'; readonly id: number };

export type ConvertAnswer =
  /** A streamed conversion has begun: its chunks may come. */
  | { readonly type: 'ready'; readonly id: number }
  | { readonly type: 'done'; readonly id: number; readonly trace: ConvertedTrace | null }
  /** `failure` null: not an UpstreamError (a bug, or an aborted conversion), answered as an internal error. */
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

/** What a conversion may take beyond the time its answer takes to arrive: past it, its worker is stuck and killed. */
export const CONVERSION_KILL_MS = 120_000;

function defaultWorker(): Worker {
  return new Worker(new URL('./convert-worker.mjs', import.meta.url));
}

/**
 * The buffers of a converted trace to transfer (not copy) to the HTTP thread: those its arrays have
 * to themselves, each once (a piece's spans may share one); the others are copied.
 */
export function transfersOf(trace: ConvertedTrace | null): ArrayBuffer[] {
  if (!trace) return [];
  const { body, details } = trace;
  const arrays: ArrayBufferView[] = [body];
  if (details) arrays.push(details.blobs.documentOf, details.blobs.ranges, ...details.blobs.documents);
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays)
    for (const b of transferable(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))) buffers.add(b);
  return [...buffers];
}

/** The answer of job `id` whose result `run` computes (in convert-worker.ts). */
export function convertAnswer(id: number, run: () => ConvertedTrace | null): ConvertAnswer {
  try {
    return { type: 'done', id, trace: run() };
  } catch (err) {
    if (err instanceof UpstreamError)
      return { type: 'failed', id, failure: err.failure, message: err.detail };
    return { type: 'failed', id, failure: null, message: (err as Error).stack ?? String(err) };
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
      killMs: options.killMs ?? CONVERSION_KILL_MS,
      maxQueue: 32,
      what: 'trace conversions',
    });
  }

  /** Held on this thread until the body is known to be big, then streamed to a worker. */
  readonly convert: ConvertTrace = (c) => {
    let held: Uint8Array[] = [];
    let heldBytes = 0;
    let worker: TraceSink | null = null;
    return {
      push: (chunk) => {
        if (worker) return worker.push(chunk);
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes < this.inlineBelowBytes) return;
        worker = this.inWorker(c);
        for (const h of held) worker.push(h);
        held = [];
      },
      end: async () => (worker ? worker.end() : convertTrace(c, Buffer.concat(held))),
      abort: () => worker?.abort(),
    };
  };

  private inWorker(c: TraceConversion): TraceSink {
    const id = this.pool.nextId();
    let reply: Reply<ConvertMessage> | null = null;
    let pending: ConvertMessage[] = [];
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    let failed: Error | null = null;
    let settle: { resolve(t: ConvertedTrace | null): void; reject(e: Error): void } | null = null;
    const result = new Promise<ConvertedTrace | null>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // An aborted conversion's result is never awaited.
    result.catch(() => {});
    const fail = (error: Error) => {
      failed ??= error;
      settle?.reject(error);
    };
    const send = (m: ConvertMessage) => {
      if (reply) reply(m, m.type === 'chunk' ? transferable(m.bytes) : []);
      else pending.push(m);
    };
    const flush = () => {
      if (batchBytes === 0) return;
      // One copy that owns its buffer, to transfer (a socket's chunks may share theirs).
      const bytes = new Uint8Array(batchBytes);
      let at = 0;
      for (const chunk of batch) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      batch = [];
      batchBytes = 0;
      send({ type: 'chunk', id, bytes });
    };
    const queued = this.pool.submit({
      message: { type: 'open', id, conversion: c },
      transfer: [],
      onMessage: (m, r) => {
        if (m.type === 'ready') {
          reply = r;
          for (const p of pending) send(p);
          pending = [];
          return false;
        }
        if (m.type === 'done') settle?.resolve(m.trace);
        else if (m.failure && isSourceFailure(m.failure))
          fail(new UpstreamError(c.source, m.failure, m.message));
        else fail(new Error(`converting trace ${c.traceId} of source '${c.source}' failed: ${m.message}`));
        return true;
      },
      fail,
    });
    if (!queued) fail(new Error('too many traces of external sources being converted; try again shortly'));
    return {
      push: (chunk) => {
        if (failed) throw failed;
        batch.push(chunk);
        batchBytes += chunk.length;
        if (batchBytes >= BATCH_BYTES) flush();
      },
      end: () => {
        if (!failed) {
          flush();
          send({ type: 'end', id });
        }
        return result;
      },
      abort: () => {
        if (!failed) send({ type: 'abort', id });
        failed ??= new Error('aborted');
      },
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
