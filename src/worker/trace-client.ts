/**
 * Main-thread side of the trace worker: `openTrace` starts a worker, loads one trace in it and
 * resolves with a TraceHandle holding only typed arrays (received as Transferables) and the
 * interned strings. Everything else (details, find, export, …) is an async call into the worker.
 */
import type { AttributeKeys } from '../core/analysis/attribute-values.ts';
import type { FlameWeight } from '../core/layout/flame-aggregate-layout.ts';
import type { FlameTimeLayout } from '../core/layout/flame-time-layout.ts';
import {
  type AggregatedFlame,
  type CriticalPath,
  type ExportFormat,
  type GroupedStats,
  type LoadProgress,
  type NodeDetails,
  type OpenedTrace,
  type StatsGrouping,
  TRACE_ACCEPT,
  type TraceSource,
  type TraceStats,
  type WorkerApi,
  type WorkerError,
  type WorkerMethod,
  type WorkerResponse,
  type WorkerSource,
} from './protocol.ts';

/** The opened trace (columns: the laid-out tree) and async calls into its worker. */
export interface TraceHandle extends Omit<OpenedTrace, 'timingsMs'> {
  details(node: number): Promise<NodeDetails>;
  /** Matching nodes in pre-order; empty text gives no matches. */
  find(text: string): Promise<Uint32Array>;
  criticalPath(): Promise<CriticalPath>;
  /** Statistics per service and operation, computed in the worker. */
  stats(): Promise<TraceStats>;
  /** Statistics by service, operation or attribute value, with each row's nodes (for highlighting). */
  groupStats(grouping: StatsGrouping): Promise<GroupedStats>;
  /** The trace's span and resource attribute keys, with span counts. */
  attributeKeys(): Promise<AttributeKeys>;
  encode(format: ExportFormat): Promise<Blob>;
  /** The flame chart's lanes, laid out in the worker once per handle. */
  flameTime(): Promise<FlameTimeLayout>;
  /** The aggregated flame graph for a weight, computed in the worker once per handle and weight. */
  flameAggregate(weight: FlameWeight): Promise<AggregatedFlame>;
  /** Resolves with a new handle on the same worker, laid out with skew adjustment on/off. */
  setClockSkew(on: boolean): Promise<TraceHandle>;
  /** Ends the worker; every handle of this trace stops answering. */
  dispose(): void;
}

/** The part of `Worker` the client uses (a MessagePort in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent | Event) => void): void;
  terminate(): void;
}

export interface OpenOptions {
  readonly signal?: AbortSignal;
  /** Jaeger-style clock-skew adjustment; on by default. */
  readonly adjustClockSkew?: boolean;
  /** Origin for store URLs; defaults to the page's location. */
  readonly baseUrl?: string;
  /** Starts the worker; tests pass an in-process port. */
  readonly createWorker?: () => WorkerLike;
}

/** Error of a failed worker call; `code`/`status` say what went wrong (404 → 'not-found'). */
export class TraceLoadError extends Error {
  readonly code: WorkerError['code'] | 'aborted' | 'worker-crashed';
  readonly status?: number;
  constructor(error: WorkerError | { code: 'aborted' | 'worker-crashed'; message: string }) {
    super(error.message);
    this.name = 'TraceLoadError';
    this.code = error.code;
    if ('status' in error) this.status = error.status;
  }
}

/** The store URL of a trace: the local store, or an external source reached through the server. */
export function traceUrl(traceId: string, sourceName: string | undefined, baseUrl: string): string {
  const id = encodeURIComponent(traceId);
  const path =
    !sourceName || sourceName === 'local'
      ? `/api/v2/traces/${id}`
      : `/api/sources/${encodeURIComponent(sourceName)}/api/v2/traces/${id}`;
  return new URL(path, baseUrl).href;
}

function defaultWorker(): WorkerLike {
  return new Worker(new URL('./trace.worker.ts', import.meta.url), {
    type: 'module',
    name: 'spanscope-trace',
  });
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (p: LoadProgress) => void;
}

/** Request/response bookkeeping over one worker. */
class Connection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (e: MessageEvent) => this.receive(e.data as WorkerResponse));
    worker.addEventListener('error', (e: ErrorEvent | Event) => {
      const message = 'message' in e && e.message ? e.message : 'the trace worker failed';
      this.close(new TraceLoadError({ code: 'worker-crashed', message }));
    });
  }

  call<M extends WorkerMethod>(
    method: M,
    args: WorkerApi[M]['args'],
    onProgress?: (p: LoadProgress) => void,
    transfer: Transferable[] = [],
  ): Promise<WorkerApi[M]['result']> {
    if (this.closed)
      return Promise.reject(new TraceLoadError({ code: 'aborted', message: 'the trace was closed' }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      this.worker.postMessage({ id, method, args }, transfer);
    });
  }

  close(reason: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }

  private receive(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.kind === 'result') p.resolve(msg.value);
    else p.reject(new TraceLoadError(msg.error));
  }
}

function makeHandle(conn: Connection, t: OpenedTrace): TraceHandle {
  let critical: Promise<CriticalPath> | null = null;
  let stats: Promise<TraceStats> | null = null;
  let flameTime: Promise<FlameTimeLayout> | null = null;
  const flameAggregates = new Map<FlameWeight, Promise<AggregatedFlame>>();
  return {
    traceId: t.traceId,
    format: t.format,
    baseNs: t.baseNs,
    columns: t.columns,
    summary: t.summary,
    warnings: t.warnings,
    clockSkewAdjusted: t.clockSkewAdjusted,
    traceIds: t.traceIds,
    findsInDetails: t.findsInDetails,
    details: (node) => conn.call('details', { node }),
    find: (text) => (text.trim() ? conn.call('find', { text }) : Promise.resolve(new Uint32Array(0))),
    criticalPath: () => {
      critical ??= conn.call('criticalPath', null);
      return critical;
    },
    stats: () => {
      stats ??= conn.call('stats', null);
      return stats;
    },
    groupStats: (grouping) => conn.call('groupStats', { grouping }),
    attributeKeys: () => conn.call('attributeKeys', null),
    encode: (format) => conn.call('encode', { format }),
    flameTime: () => {
      flameTime ??= conn.call('flameTime', null);
      return flameTime;
    },
    flameAggregate: (weight) => {
      let p = flameAggregates.get(weight);
      if (!p) {
        p = conn.call('flameAggregate', { weight });
        flameAggregates.set(weight, p);
      }
      return p;
    },
    setClockSkew: async (on) => makeHandle(conn, await conn.call('setClockSkew', { on })),
    dispose: () => conn.close(new TraceLoadError({ code: 'aborted', message: 'the trace was closed' })),
  };
}

let streamsTransfer: boolean | null = null;

/** Whether a ReadableStream can be handed to a worker (transferable streams). */
function canTransferStreams(): boolean {
  if (streamsTransfer === null) {
    try {
      const { port1, port2 } = new MessageChannel();
      const stream = new ReadableStream();
      port1.postMessage(stream, [stream as unknown as Transferable]);
      port1.close();
      port2.close();
      streamsTransfer = true;
    } catch {
      streamsTransfer = false;
    }
  }
  return streamsTransfer;
}

/** The headers of a store answer that the worker reads. */
const HANDED_HEADERS = ['content-type', 'content-length', 'content-encoding'];

/**
 * Asks the store for the trace from this thread, so that the request runs while the worker starts,
 * and hands the answer (its body a stream) to the worker; null when the request could not be made
 * (the worker then tries itself, and reports what went wrong).
 */
async function requestTrace(
  url: string,
  traceId: string,
  signal?: AbortSignal,
): Promise<WorkerSource | null> {
  try {
    const res = await fetch(url, { headers: { Accept: TRACE_ACCEPT }, signal });
    const headers: Record<string, string> = {};
    for (const name of HANDED_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    return { kind: 'response', url, traceId, status: res.status, headers, body: res.body };
  } catch {
    return null;
  }
}

/**
 * Loads a trace in a new worker. Progress arrives while it fetches, decodes, builds the tree and
 * lays it out; the promise resolves once the columns are on the main thread. Aborting (or a
 * failure) ends the worker.
 */
export async function openTrace(
  source: TraceSource,
  onProgress?: (p: LoadProgress) => void,
  options: OpenOptions = {},
): Promise<TraceHandle> {
  const base = options.baseUrl ?? globalThis.location?.href ?? 'http://localhost/';
  const workerSource: WorkerSource =
    source.kind === 'store'
      ? { kind: 'url', url: traceUrl(source.traceId, source.sourceName, base), traceId: source.traceId }
      : { kind: 'file', file: source.file, traceId: source.traceId };
  const conn = new Connection((options.createWorker ?? defaultWorker)());
  const abort = () => conn.close(new TraceLoadError({ code: 'aborted', message: 'loading was cancelled' }));
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  performance.mark('spanscope:trace-open-start');
  try {
    let src: WorkerSource = workerSource;
    let requestMs: number | undefined;
    if (src.kind === 'url' && canTransferStreams()) {
      const t0 = performance.now();
      src = (await requestTrace(src.url, src.traceId, options.signal)) ?? src;
      requestMs = performance.now() - t0;
    }
    const opened = await conn.call(
      'open',
      { source: src, adjustClockSkew: options.adjustClockSkew ?? true },
      onProgress,
      src.kind === 'response' && src.body ? [src.body as unknown as Transferable] : [],
    );
    const timingsMs =
      requestMs === undefined ? opened.timingsMs : { request: requestMs, ...opened.timingsMs };
    performance.mark('spanscope:trace-open-end', { detail: { timingsMs } });
    return makeHandle(conn, opened);
  } catch (e) {
    conn.close(e as Error);
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
