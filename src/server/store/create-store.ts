/**
 * `createStore()`: the TraceStore the HTTP layer uses. It starts the store worker
 * (dist/server/store-worker.mjs next to the bundled server) and turns each method into a message;
 * request bodies and trace answers cross as transferred buffers, without copies.
 * `overloaded` is decided here, from the exports sent to the worker and not yet acknowledged.
 */
import { Worker } from 'node:worker_threads';
import type { StoreOptions } from './duck-store.ts';
import {
  type CallMessage,
  deserializeError,
  ownBytes,
  type ReplyMessage,
  type StartMessage,
  type StoreArgs,
  type StoreMethod,
  type StoreResult,
  transferable,
  type WorkerOptions,
} from './protocol.ts';
import type { IngestResult, OtlpEncoding, SearchParams, TraceEncoding, TraceStore } from './types.ts';

export interface CreateStoreOptions extends StoreOptions {
  /** The worker script; default `store-worker.mjs` beside this module once bundled. */
  readonly workerUrl?: URL;
  /** Unacknowledged export bytes above which the store reports itself overloaded (default 256 MiB). */
  readonly maxPendingBytes?: number;
  /** Unacknowledged exports above which the store reports itself overloaded (default 2,000). */
  readonly maxPendingRequests?: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

class WorkerStore implements TraceStore {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private pendingExportBytes = 0;
  private pendingExports = 0;
  private failure: Error | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly maxPendingBytes: number,
    private readonly maxPendingRequests: number,
  ) {
    worker.on('message', (m: ReplyMessage) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(deserializeError(m.error));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the store worker stopped (exit code ${code})`)));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private call<M extends StoreMethod>(method: M, args: StoreArgs<M>): Promise<StoreResult<M>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const message: CallMessage<M> = { id, method, args };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(message, transferable(args[0]));
    });
  }

  get overloaded(): boolean {
    return this.pendingExportBytes > this.maxPendingBytes || this.pendingExports > this.maxPendingRequests;
  }

  async ingestOtlp(body: Uint8Array, encoding: OtlpEncoding): Promise<IngestResult> {
    const bytes = body.byteLength;
    this.pendingExportBytes += bytes;
    this.pendingExports++;
    try {
      return await this.call('ingestOtlp', [ownBytes(body), encoding]);
    } finally {
      this.pendingExportBytes -= bytes;
      this.pendingExports--;
    }
  }

  importFile(body: Uint8Array): Promise<{ traceIds: string[]; spanCount: number }> {
    return this.call('importFile', [ownBytes(body)]);
  }

  getTrace(traceId: string, encoding: TraceEncoding): Promise<Uint8Array | null> {
    return this.call('getTrace', [traceId, encoding]);
  }

  search(params: SearchParams): Promise<unknown> {
    return this.call('search', [params]);
  }

  tags(scope?: string): Promise<unknown> {
    return this.call('tags', [scope]);
  }

  tagValues(tag: string): Promise<unknown> {
    return this.call('tagValues', [tag]);
  }

  spanCount(): Promise<number> {
    return this.call('spanCount', []);
  }

  async close(): Promise<void> {
    if (this.failure) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    await this.call('close', []);
    await exited;
  }
}

/** Opens the store in a worker thread; rejects when the database cannot be opened. */
export async function createStore(options: CreateStoreOptions = {}): Promise<TraceStore> {
  const workerData: WorkerOptions = {
    dataDir: options.dataDir,
    memory: options.memory,
    threads: options.threads,
    maxGroupSpans: options.maxGroupSpans,
  };
  const worker = new Worker(options.workerUrl ?? new URL('./store-worker.mjs', import.meta.url), {
    workerData,
    // Decoding allocates fast; a larger young generation keeps short-lived objects out of
    // old-space collections (GC took about half of the decode time with the default).
    resourceLimits: { maxYoungGenerationSizeMb: 96 },
  });
  let onExit: (code: number) => void = () => undefined;
  let onError: (error: Error) => void = () => undefined;
  const start = await new Promise<StartMessage>((resolve, reject) => {
    onError = reject;
    onExit = (code) => reject(new Error(`the store worker exited (code ${code}) before opening`));
    worker.once('message', resolve);
    worker.once('error', onError);
    worker.once('exit', onExit);
  }).finally(() => {
    // Only ours: Worker keeps listeners of its own (removeAllListeners would stop its messages).
    worker.off('error', onError);
    worker.off('exit', onExit);
  });
  if (start.type === 'failed') {
    await worker.terminate();
    throw deserializeError(start.error);
  }
  return new WorkerStore(
    worker,
    options.maxPendingBytes ?? 256 * 2 ** 20,
    options.maxPendingRequests ?? 2000,
  );
}
