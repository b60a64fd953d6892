/**
 * `createStore()`: the TraceStore the HTTP layer uses. It starts the store's two workers
 * (dist/server/store-worker.mjs next to the bundled server, in its decode and database roles; see
 * protocol.ts) and turns each method into a message; request bodies and trace answers cross as
 * transferred buffers, without copies. `overloaded` is decided here, from the exports sent and not
 * yet acknowledged (export-backlog.ts).
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { AttributeKeys } from '../../core/analysis/attribute-values.ts';
import type {
  TempoSearchResponse,
  TempoTagsResponse,
  TempoTagValuesResponse,
} from '../../core/api/tempo-search.ts';
import { ExportBacklog } from './export-backlog.ts';
import { WorkerImportSession } from './import/worker-import.ts';
import { type AckTimeline, type AckWaitCounts, AckWaits, newTimeline, stamp } from './ingest/ack-timeline.ts';
import { type IngestStages, newStageBuffer, readStages, startStageClock } from './ingest/stage-clock.ts';
import { isUrgentExport } from './ingest/urgent-first.ts';
import {
  copyBytes,
  deserializeError,
  type ExportTags,
  type ImportAck,
  type ImportMessage,
  type ImportOutcome,
  type ReplyMessage,
  type StartMessage,
  type StoreArgs,
  type StoreMethod,
  type StoreResult,
  type TracePiece,
  type TraceStreamMessage,
  transferable,
  type WorkerOptions,
} from './protocol.ts';
import type { StoreOptions } from './store-options.ts';
import type {
  AttributeValues,
  DetailMatches,
  ImportOptions,
  ImportSession,
  IngestResult,
  OtlpEncoding,
  PieceSink,
  PinInfo,
  PinRequest,
  SearchParams,
  StoreStatus,
  TraceEncoding,
  TraceStore,
} from './types.ts';

export interface CreateStoreOptions extends StoreOptions {
  /** The worker script; default `store-worker.mjs` beside this module once bundled. */
  readonly workerUrl?: URL;
  /** Unacknowledged export bytes above which the store reports itself overloaded (default 64 MiB). */
  readonly maxPendingBytes?: number;
  /** Unacknowledged exports above which the store reports itself overloaded (default 2,000). */
  readonly maxPendingRequests?: number;
  /**
   * The wait unacknowledged exports may hold before the store reports itself overloaded: of the
   * oldest, and of all their bytes at the rate of the last acknowledgements (default 2,000 ms).
   */
  readonly maxPendingMs?: number;
  /** Bytes of a streamed trace read on their way to the client at most (default 8 MiB; stream-window.ts). */
  readonly streamWindowBytes?: number;
}

interface Pending {
  /** `timeline`: an export's, back from the database worker. */
  readonly resolve: (value: unknown, timeline?: AckTimeline) => void;
  readonly reject: (error: Error) => void;
}

/** The decode worker and the database worker (see protocol.ts). */
interface Workers {
  readonly decode: Worker;
  readonly database: Worker;
}

class WorkerStore implements TraceStore {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;
  private closing = false;
  private readonly imports = new Map<number, WorkerImportSession>();
  /** Where the pieces of each streamed trace read go, by call id. */
  private readonly streams = new Map<number, PieceSink>();

  constructor(
    private readonly workers: Workers,
    private readonly stages: SharedArrayBuffer,
    private readonly backlog: ExportBacklog,
    private readonly ackWaits = new AckWaits(),
  ) {
    workers.database.on('message', (m: ReplyMessage | ImportOutcome | TracePiece) => {
      if ('type' in m && m.type === 'trace-piece') {
        this.pieceArrived(m);
        return;
      }
      if ('type' in m) {
        this.imports.get(m.importId)?.ended(m);
        this.imports.delete(m.importId);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value, m.timeline);
      else p.reject(deserializeError(m.error));
    });
    workers.decode.on('message', (m: ImportAck) => this.imports.get(m.importId)?.acked(m.bytes));
    for (const [role, worker] of Object.entries(workers) as [string, Worker][]) {
      worker.on('error', (error: Error) => this.fail(error));
      worker.on('exit', (code: number) =>
        this.fail(new Error(`the store's ${role} worker stopped (exit code ${code})`)),
      );
    }
  }

  /** A piece handed on; credited back to the read (stream-window.ts) once its taker has it. */
  private pieceArrived(m: TracePiece): void {
    const send = this.streams.get(m.id);
    if (!send) return;
    const credit = { type: 'trace-credit', id: m.id, bytes: m.bytes.byteLength } as const;
    const taken = send(m.bytes);
    const post = () => this.workers.database.postMessage(credit satisfies TraceStreamMessage);
    if (taken) taken.then(post, post);
    else post();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    for (const session of this.imports.values()) session.ended(error);
    this.imports.clear();
  }

  /** Exports and imports go through the decode worker; the answer always comes from the database worker. */
  private call<M extends StoreMethod>(
    method: M,
    args: StoreArgs<M>,
    tags?: ExportTags,
  ): Promise<StoreResult<M>> {
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    return this.send(method, args, tags) as Promise<StoreResult<M>>;
  }

  /** `tags`: an export's; its timeline is filled in with the workers' stamps on reply. */
  private send(method: StoreMethod | 'flush', args: readonly unknown[], tags?: ExportTags): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const viaDecode = method === 'ingestOtlp' || method === 'flush';
    return new Promise((resolve, reject) => {
      const stamped = (value: unknown, back?: AckTimeline) => {
        if (tags && back) tags.timeline.splice(0, tags.timeline.length, ...back);
        resolve(value);
      };
      this.pending.set(id, { resolve: stamped, reject });
      const worker = viaDecode ? this.workers.decode : this.workers.database;
      worker.postMessage({ id, method, args, ...tags }, transferable(args[0]));
    });
  }

  get overloaded(): boolean {
    return this.backlog.overloaded;
  }

  async ingestOtlp(body: Uint8Array, encoding: OtlpEncoding): Promise<IngestResult> {
    const bytes = body.byteLength;
    const key = this.backlog.add(bytes);
    let acknowledged = false;
    try {
      const timeline = newTimeline();
      // A copy is sent (and transferred): the caller's buffer stays usable; exports are small.
      const tags = { timeline, urgent: isUrgentExport(bytes) };
      const result = await this.call('ingestOtlp', [copyBytes(body), encoding], tags);
      acknowledged = result.ok;
      if (result.ok) {
        stamp(timeline, 'answered');
        this.ackWaits.add(timeline, result.acceptedSpans);
      }
      return result;
    } finally {
      this.backlog.done(key, bytes, acknowledged);
    }
  }

  /** Chunks are transferred to the decode worker (gathered into a buffer of their own first). */
  beginImport(options: ImportOptions = {}): ImportSession {
    const importId = this.nextId++;
    const session = new WorkerImportSession(importId, (m) =>
      this.workers.decode.postMessage(m, m.type === 'import-chunk' ? transferable(m.bytes) : []),
    );
    if (this.failure || this.closing) session.ended(this.failure ?? new Error('the store is closed'));
    else {
      this.imports.set(importId, session);
      this.workers.decode.postMessage({ type: 'import-start', importId, options } satisfies ImportMessage);
    }
    return session;
  }

  getTrace(traceId: string, encoding: TraceEncoding): Promise<Uint8Array | null> {
    return this.call('getTrace', [traceId, encoding]);
  }

  async streamTrace(
    traceId: string,
    encoding: TraceEncoding,
    send: PieceSink,
    signal: AbortSignal,
  ): Promise<boolean> {
    if (this.closing) throw new Error('the store is closed');
    if (this.failure) throw this.failure;
    signal.throwIfAborted();
    const id = this.nextId++;
    const post = (m: TraceStreamMessage) => this.workers.database.postMessage(m);
    // Cancelled: no piece more is handed on, and the read fails at once, whatever the worker, which
    // may have read the rest meanwhile, answers later.
    const cancel = () => {
      post({ type: 'trace-cancel', id });
      this.streams.delete(id);
      this.pending
        .get(id)
        ?.reject(new DOMException(`the read was cancelled (${String(signal.reason)})`, 'AbortError'));
      this.pending.delete(id);
    };
    this.streams.set(id, send);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return await new Promise<boolean>((resolve, reject) => {
        this.pending.set(id, { resolve: (v) => resolve(v as boolean), reject });
        post({ type: 'trace-stream', id, traceId, encoding });
      });
    } finally {
      this.streams.delete(id);
      signal.removeEventListener('abort', cancel);
    }
  }

  readTraceAhead(traceId: string): void {
    if (!this.closing && !this.failure) this.call('readTraceAhead', [traceId]).catch(() => undefined);
  }

  getSpanDetails(traceId: string, fromKey: bigint, toKey: bigint): Promise<Uint8Array | null> {
    return this.call('getSpanDetails', [traceId, fromKey, toKey]);
  }

  findInDetails(traceId: string, text: string): Promise<DetailMatches | null> {
    return this.call('findInDetails', [traceId, text]);
  }

  attributeValues(traceId: string, key: string): Promise<AttributeValues | null> {
    return this.call('attributeValues', [traceId, key]);
  }

  attributeKeys(traceId: string): Promise<AttributeKeys | null> {
    return this.call('attributeKeys', [traceId]);
  }

  findByQuery(traceId: string, q: string): Promise<DetailMatches | null> {
    return this.call('findByQuery', [traceId, q]);
  }

  search(params: SearchParams): Promise<TempoSearchResponse> {
    return this.call('search', [params]);
  }

  tags(scope?: string, q?: string): Promise<TempoTagsResponse> {
    return this.call('tags', [scope, q]);
  }

  tagValues(tag: string, q?: string): Promise<TempoTagValuesResponse> {
    return this.call('tagValues', [tag, q]);
  }

  spanCount(): Promise<number> {
    return this.call('spanCount', []);
  }

  pin(request: PinRequest): Promise<PinInfo | null> {
    return this.call('pin', [request]);
  }

  unpin(traceId: string): Promise<boolean> {
    return this.call('unpin', [traceId]);
  }

  pins(): Promise<PinInfo[]> {
    return this.call('pins', []);
  }

  pinOf(traceId: string): Promise<PinInfo | null> {
    return this.call('pinOf', [traceId]);
  }

  /** With, for benchmarks, the ingest stage times (ingest/stage-clock.ts) and the exports waiting now. */
  async status(): Promise<
    StoreStatus & {
      ingestStages: IngestStages;
      ingestBacklog: ExportBacklog['waiting'];
      ackWaits: AckWaitCounts;
    }
  > {
    return {
      ...(await this.call('status', [])),
      ingestStages: readStages(this.stages),
      ingestBacklog: this.backlog.waiting,
      ackWaits: this.ackWaits.counts,
    };
  }

  /** Lets everything sent so far reach the database, commits it, closes the database, stops both workers. */
  async close(): Promise<void> {
    if (this.failure || this.closing) return;
    this.closing = true;
    const exited = new Promise((resolve) => this.workers.database.once('exit', resolve));
    await this.send('flush', []);
    await this.send('close', []);
    await exited;
    await this.workers.decode.terminate();
  }
}

/** Resolves on the worker's first message (ready or failed); rejects when it dies first. */
function started(worker: Worker): Promise<StartMessage> {
  let onExit: (code: number) => void = () => undefined;
  let onError: (error: Error) => void = () => undefined;
  return new Promise<StartMessage>((resolve, reject) => {
    onError = reject;
    onExit = (code) => reject(new Error(`a store worker exited (code ${code}) before starting`));
    worker.once('message', resolve);
    worker.once('error', onError);
    worker.once('exit', onExit);
  }).finally(() => {
    // Only ours: Worker keeps listeners of its own (removeAllListeners would stop its messages).
    worker.off('error', onError);
    worker.off('exit', onExit);
  });
}

/** Opens the store in its worker threads; rejects when the database cannot be opened. */
export async function createStore(options: CreateStoreOptions = {}): Promise<TraceStore> {
  const url = options.workerUrl ?? new URL('./store-worker.mjs', import.meta.url);
  const { port1, port2 } = new MessageChannel();
  const stages = newStageBuffer();
  startStageClock(stages, 'http');
  const database = new Worker(url, {
    workerData: {
      role: 'database',
      prepared: port1,
      dataDir: options.dataDir,
      memory: options.memory,
      threads: options.threads,
      maxGroupSpans: options.maxGroupSpans,
      checkpoint: options.checkpoint,
      retention: options.retention,
      spanLimits: options.spanLimits,
      testHoldLoggedApplies: options.testHoldLoggedApplies,
      streamWindowBytes: options.streamWindowBytes,
      stages,
    } satisfies WorkerOptions,
    transferList: [port1],
  });
  const decode = new Worker(url, {
    workerData: {
      role: 'decode',
      prepared: port2,
      spanLimits: options.spanLimits,
      stages,
    } satisfies WorkerOptions,
    transferList: [port2],
    // Decoding allocates fast; a larger young generation keeps short-lived objects out of
    // old-space collections (GC took about half of the decode time with the default).
    resourceLimits: { maxYoungGenerationSizeMb: 96 },
  });
  const [databaseStart, decodeStart] = await Promise.allSettled([started(database), started(decode)]);
  const failure =
    databaseStart.status === 'rejected'
      ? databaseStart.reason
      : databaseStart.value.type === 'failed'
        ? deserializeError(databaseStart.value.error)
        : decodeStart.status === 'rejected'
          ? decodeStart.reason
          : null;
  if (failure) {
    await Promise.all([database.terminate(), decode.terminate()]);
    throw failure;
  }
  const backlog = new ExportBacklog({
    bytes: options.maxPendingBytes ?? 64 * 2 ** 20,
    requests: options.maxPendingRequests ?? 2000,
    ms: options.maxPendingMs ?? 2000,
  });
  return new WorkerStore({ decode, database }, stages, backlog);
}
