/**
 * Main-thread side of the trace worker: `openTrace` loads one trace in a worker session (a new
 * worker, or one a view shares between its traces) and resolves with a TraceHandle holding only
 * typed arrays (received as Transferables) and the interned strings. Everything else (details,
 * find, export, …) is an async call into the worker.
 */
import type { AttributeKeys } from '../core/analysis/attribute-values.ts';
import { TRACE_ACCEPT } from '../core/api/media-types.ts';
import { tracePath } from '../core/api/paths.ts';
import type { FlameWeight } from '../core/layout/flame-aggregate-layout.ts';
import type { FlameTimeLayout } from '../core/layout/flame-time-layout.ts';
import type {
  AggregatedFlame,
  CriticalPath,
  DiffProgress,
  DiffResult,
  EarlyOpenArgs,
  ExportFormat,
  GroupedStats,
  LoadProgress,
  NodeDetails,
  OpenedTrace,
  StatsGrouping,
  TraceLocation,
  TracePreview,
  TraceStats,
  TypicalResult,
  WorkerApi,
  WorkerInput,
  WorkerMethod,
} from './protocol.ts';
import { defaultWorker, TraceLoadError, TraceWorker, type WorkerLike } from './trace-worker-client.ts';

/** The opened trace (columns: the laid-out tree) and async calls into its worker. */
export interface TraceHandle extends Omit<OpenedTrace, 'timingsMs'> {
  /**
   * Set on a preview (the spans of a streamed trace in so far, drawn while the rest arrives): its
   * counts are provisional, and its calls reject with code 'loading' until the complete trace
   * replaces it.
   */
  readonly loading?: { readonly receivedSpans: number; readonly totalSpans: number };
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
  /**
   * This trace (B, under study) against `baseline` (A), computed in the worker: both must be open in
   * one TraceWorker (`openTrace(…, { worker })`). Node ids of the answer: A's and B's columns.
   */
  diffWith(
    baseline: TraceHandle,
    onProgress?: (p: DiffProgress) => void,
    options?: { readonly attributes?: boolean | 'auto' },
  ): Promise<DiffResult>;
  /** This trace (B) against baseline traces of its kind open in the same TraceWorker (the typical trace). */
  compareWithTypical(
    baselines: readonly TraceHandle[],
    onProgress?: (p: DiffProgress) => void,
  ): Promise<TypicalResult>;
  /** Frees the trace in its worker (ending a worker made for it); every handle of it stops answering. */
  dispose(): void;
}

export interface OpenOptions {
  readonly signal?: AbortSignal;
  /** Jaeger-style clock-skew adjustment; on by default. */
  readonly adjustClockSkew?: boolean;
  /**
   * Draws a trace the store streams before all of it is in: `onProgress` then gets previews
   * (`preview`, drawn with `previewHandle`). Off by default: the worker would build them for nothing.
   */
  readonly previews?: boolean;
  /**
   * Who asks the store: this thread (default: the request runs while the worker starts, and its
   * answer is handed over), or the worker once started, when this thread is about to be busy and
   * the store has the answer ready (read ahead as the page was served: early-trace.ts).
   */
  readonly requestFrom?: 'page' | 'worker';
  /** Origin for store URLs; defaults to the page's location. */
  readonly baseUrl?: string;
  /** The worker to open the trace in (shared by a view's traces); by default a new one for this trace. */
  readonly worker?: TraceWorker;
  /** Starts the default worker (opening `early` as it starts); tests pass an in-process port. */
  readonly createWorker?: (early?: EarlyOpenArgs) => WorkerLike;
}

/** The store URL of a trace: the local store, or an external source reached through the server. */
export function traceUrl(traceId: string, sourceName: string | undefined, baseUrl: string): string {
  return new URL(tracePath(traceId, sourceName), baseUrl).href;
}

/** The worker session of every handle, for calls that name another handle's trace (the diff). */
const sessionOf = new WeakMap<TraceHandle, { readonly worker: TraceWorker; readonly session: number }>();

/** The sessions of `others` in `worker`, or a rejection naming the handle that is elsewhere. */
function sessionsIn(worker: TraceWorker, others: readonly TraceHandle[]): number[] {
  return others.map((h) => {
    const s = sessionOf.get(h);
    if (!s || s.worker !== worker)
      throw new TraceLoadError({
        code: 'internal',
        message: `trace ${h.traceId} is not open in the same worker (open both with openTrace(…, { worker }))`,
      });
    return s.session;
  });
}

/** What a handle tells of an opened trace (or a preview's) without asking the worker. */
function openedFacts(t: OpenedTrace) {
  const { traceId, format, baseNs, columns, summary, warnings, clockSkewAdjusted, traceIds } = t;
  return { traceId, format, baseNs, columns, summary, warnings, clockSkewAdjusted, traceIds };
}

/** The handle of a trace opened in `session` of `worker`. */
export function makeHandle(worker: TraceWorker, session: number, t: OpenedTrace): TraceHandle {
  const call = <M extends WorkerMethod>(method: M, args: WorkerApi[M]['args']) =>
    worker.call(session, method, args);
  let critical: Promise<CriticalPath> | null = null;
  let stats: Promise<TraceStats> | null = null;
  let flameTime: Promise<FlameTimeLayout> | null = null;
  const flameAggregates = new Map<FlameWeight, Promise<AggregatedFlame>>();
  const handle: TraceHandle = {
    ...openedFacts(t),
    details: (node) => call('details', { node }),
    find: (text) => (text.trim() ? call('find', { text }) : Promise.resolve(new Uint32Array(0))),
    criticalPath: () => {
      critical ??= call('criticalPath', null);
      return critical;
    },
    stats: () => {
      stats ??= call('stats', null);
      return stats;
    },
    groupStats: (grouping) => call('groupStats', { grouping }),
    attributeKeys: () => call('attributeKeys', null),
    encode: (format) => call('encode', { format }),
    flameTime: () => {
      flameTime ??= call('flameTime', null);
      return flameTime;
    },
    flameAggregate: (weight) => {
      let p = flameAggregates.get(weight);
      if (!p) {
        p = call('flameAggregate', { weight });
        flameAggregates.set(weight, p);
      }
      return p;
    },
    setClockSkew: async (on) => makeHandle(worker, session, await call('setClockSkew', { on })),
    diffWith: async (baseline, onProgress, options = {}) => {
      const [other] = sessionsIn(worker, [baseline]);
      return worker.call(
        session,
        'diff',
        { baseline: other, attributes: options.attributes ?? 'auto' },
        onProgress,
      );
    },
    compareWithTypical: async (baselines, onProgress) =>
      worker.call(session, 'typical', { baselines: sessionsIn(worker, baselines) }, onProgress),
    dispose: () => worker.release(session),
  };
  sessionOf.set(handle, { worker, session });
  return handle;
}

/** The message of the calls a preview refuses. */
export const STILL_LOADING = 'the trace is still loading: this is available once all of its spans are in';

/** A handle drawing a preview: its columns, and every call refused until the complete trace comes. */
export function previewHandle(p: TracePreview): TraceHandle {
  const refuse = () => Promise.reject(new TraceLoadError({ code: 'loading', message: STILL_LOADING }));
  const t = p.trace;
  return {
    ...openedFacts(t),
    loading: { receivedSpans: p.receivedSpans, totalSpans: p.totalSpans },
    details: refuse,
    find: refuse,
    criticalPath: refuse,
    stats: refuse,
    groupStats: refuse,
    attributeKeys: refuse,
    encode: refuse,
    flameTime: refuse,
    flameAggregate: refuse,
    setClockSkew: refuse,
    diffWith: refuse,
    compareWithTypical: refuse,
    // The load it belongs to owns the worker.
    dispose: () => undefined,
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
async function requestTrace(url: string, traceId: string, signal?: AbortSignal): Promise<WorkerInput | null> {
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
 * Loads a trace in a worker (a new one for this trace, or `options.worker`). Progress arrives while
 * it fetches, decodes, builds the tree and lays it out (with previews of a trace the store streams:
 * `previewHandle` draws them); the promise resolves once the columns are on the main thread. Aborting (or a failure) frees the session (and ends a worker made for it).
 */
export async function openTrace(
  location: TraceLocation,
  onProgress?: (p: LoadProgress) => void,
  options: OpenOptions = {},
): Promise<TraceHandle> {
  const base = options.baseUrl ?? globalThis.location?.href ?? 'http://localhost/';
  const input: WorkerInput =
    location.kind === 'store'
      ? { kind: 'url', url: traceUrl(location.traceId, location.sourceName, base), traceId: location.traceId }
      : { kind: 'file', file: location.file, traceId: location.traceId };
  const fromWorker = options.requestFrom === 'worker' && input.kind === 'url';
  const worker =
    options.worker ??
    new TraceWorker(
      (options.createWorker ?? defaultWorker)(
        fromWorker ? { url: input.url, adjustClockSkew: options.adjustClockSkew ?? true } : undefined,
      ),
      'sessions',
    );
  const session = worker.newSession();
  let aborted = false;
  const abort = () => {
    aborted = true;
    // A worker of its own stops at once; a shared one finishes the open, then frees it.
    if (!options.worker)
      worker.close(new TraceLoadError({ code: 'aborted', message: 'loading was cancelled' }));
  };
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  performance.mark('spanscope:trace-open-start');
  try {
    let src: WorkerInput = input;
    let requestMs: number | undefined;
    if (src.kind === 'url' && !fromWorker && canTransferStreams()) {
      const t0 = performance.now();
      src = (await requestTrace(src.url, src.traceId, options.signal)) ?? src;
      requestMs = performance.now() - t0;
    }
    const opened = await worker.call(
      session,
      'open',
      { input: src, adjustClockSkew: options.adjustClockSkew ?? true, previews: options.previews ?? false },
      onProgress,
      src.kind === 'response' && src.body ? [src.body as unknown as Transferable] : [],
    );
    const timingsMs =
      requestMs === undefined ? opened.timingsMs : { request: requestMs, ...opened.timingsMs };
    performance.mark('spanscope:trace-open-end', { detail: { timingsMs } });
    if (aborted) throw new TraceLoadError({ code: 'aborted', message: 'loading was cancelled' });
    return makeHandle(worker, session, opened);
  } catch (e) {
    worker.release(session);
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

export { TraceLoadError, TraceWorker, type WorkerLike };
