/**
 * The worker's message loop: requests in, progress and one result or error out, results'
 * buffers transferred. Separate from trace.worker.ts so tests can run it over a MessagePort.
 */
import { TRACE_ACCEPT } from '../core/api/media-types.ts';
import { FormatError } from '../core/formats/types.ts';
import { TraceQLError } from '../core/query/errors.ts';
import { NoTraceError } from './decode-source.ts';
import { EarlyOpen, type OpenListener } from './early-open.ts';
import { FileFormatError } from './file-format-error.ts';
import type { FileSet } from './file-set.ts';
import { openStoreTrace } from './open-store-trace.ts';
import {
  type EarlyOpenArgs,
  type FileSetInfo,
  type LoadProgress,
  type OpenedTrace,
  progressTransferables,
  transferablesOf,
  type WorkerApi,
  type WorkerError,
  type WorkerInput,
  type WorkerProgress,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.ts';
import { HttpError } from './read-bytes.ts';
import type { TraceSession } from './trace-session.ts';

/** When this worker's code had run, in ms after the worker was made (its time origin). */
const READY_MS = performance.now();

/** How long after a trace opens its details start to load in the background (the first frame first). */
const PREFETCH_DELAY_MS = 500;

export interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

function toWorkerError(e: unknown): WorkerError {
  if (e instanceof HttpError)
    return {
      code: e.status === 404 ? 'not-found' : 'http',
      status: e.status,
      message: e.message,
      ...(e.source ? { source: e.source.name, failure: e.source.failure } : {}),
    };
  if (e instanceof FileFormatError) return { code: 'format', message: e.message, fileName: e.fileName };
  if (e instanceof FormatError) return { code: 'format', message: e.message };
  if (e instanceof NoTraceError) return { code: 'no-trace', message: e.message };
  if (e instanceof TraceQLError) return { code: 'query', message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** Files read into a set: the readers, with every format's decoder, load on the first files. */
async function readFileSet(
  files: readonly Blob[],
  progress: (p: LoadProgress) => void,
): Promise<{ set: FileSet; info: FileSetInfo }> {
  const { FileSet } = await import('./file-set.ts');
  return FileSet.read(files, progress);
}

/** The answer of a store trace: fetched, or the one the page fetched and handed over. */
function answerOf(src: Exclude<WorkerInput, { kind: 'file' }>): Promise<Response> {
  return src.kind === 'url'
    ? fetch(src.url, { headers: { Accept: TRACE_ACCEPT } })
    : Promise.resolve(new Response(src.body, { status: src.status, headers: { ...src.headers } }));
}

/** The trace a worker asked for as it started (trace.worker.ts), opened for the first open of its URL. */
export interface EarlyRequest extends EarlyOpenArgs {
  readonly response: Promise<Response>;
}

export function serveTraceWorker(port: Port, early?: EarlyRequest): void {
  let earlyOpen = early
    ? new EarlyOpen(early.url, early.adjustClockSkew, (listener) =>
        openStoreTrace(early.response, early.url, undefined, early.adjustClockSkew, listener),
      )
    : null;
  /** The open traces, by the session number the client gave them. */
  const sessions = new Map<number, TraceSession>();
  /** Files read into sets of traces (readFiles), by session. */
  const fileSets = new Map<number, FileSet>();

  /** After the columns are posted: the first frame matters more than details nobody asked for yet. */
  const prefetchLater = (id: number, session: TraceSession) =>
    setTimeout(() => {
      if (sessions.get(id) === session) session.prefetchDetails();
    }, PREFETCH_DELAY_MS);

  /** A file: read as a stream into a set of one use; the wanted trace, else the largest. */
  const openFile = async (
    id: number,
    src: WorkerInput & { kind: 'file' },
    adjustClockSkew: boolean,
    progress: (p: LoadProgress) => void,
  ): Promise<OpenedTrace> => {
    const { set, info } = await readFileSet([src.file], progress);
    const size = src.file.size;
    progress({ phase: 'layout', loadedBytes: size, totalBytes: size, spanCount: info.spanCount });
    return openIn(id, set, set.chosen(src.traceId), adjustClockSkew, { ...info.timingsMs });
  };

  /** Opens a trace of a set in session `id`, adding its tree and layout times to `timingsMs`. */
  const openIn = (
    id: number,
    set: FileSet,
    traceId: string,
    adjustClockSkew: boolean,
    timingsMs: Record<string, number>,
  ): OpenedTrace => {
    let t = performance.now();
    const session = set.open(traceId, adjustClockSkew);
    sessions.set(id, session);
    timingsMs.tree = (timingsMs.tree ?? 0) + performance.now() - t;
    t = performance.now();
    const opened = session.opened(timingsMs);
    timingsMs.layout = performance.now() - t;
    return opened;
  };

  const open = async (
    id: number,
    args: WorkerApi['open']['args'],
    progress: (p: LoadProgress) => void,
  ): Promise<WorkerApi['open']['result']> => {
    const src = args.input;
    if (src.kind === 'file') return openFile(id, src, args.adjustClockSkew, progress);
    const handed = performance.now();
    const listener: OpenListener = { progress, previews: args.previews ?? false };
    const early = src.kind === 'url' && earlyOpen?.url === src.url ? earlyOpen : null;
    if (early) earlyOpen = null;
    const store = await (early
      ? early.take(listener)
      : openStoreTrace(answerOf(src), src.url, src.traceId, args.adjustClockSkew, listener));
    const { session } = store;
    sessions.set(id, session);
    // Opened early with another skew setting than asked (the page's address changed meanwhile).
    const opened =
      store.opened.clockSkewAdjusted === args.adjustClockSkew
        ? store.opened
        : session.setClockSkew(args.adjustClockSkew);
    prefetchLater(id, session);
    // When the worker was ready and when the open reached it (ms after the worker was made), and
    // when it was made (epoch ms: a page subtracts its own time origin to place it).
    return {
      ...opened,
      timingsMs: {
        workerReady: READY_MS,
        handed,
        madeAtEpoch: performance.timeOrigin,
        ...store.opened.timingsMs,
      },
    };
  };

  /** Files came: a warm-up still running stops. */
  let filesCame = false;

  const readFiles = async (
    id: number,
    files: readonly Blob[],
    progress: (p: LoadProgress) => void,
  ): Promise<FileSetInfo> => {
    filesCame = true;
    const { set, info } = await readFileSet(files, progress);
    fileSets.set(id, set);
    return info;
  };

  const openFromSet = (id: number, args: WorkerApi['openFromSet']['args']): OpenedTrace => {
    const set = fileSets.get(args.set);
    if (!set) throw new Error(`no files were read in session ${args.set}`);
    return openIn(id, set, args.traceId, args.adjustClockSkew, {});
  };

  const need = (id: number): TraceSession => {
    const session = sessions.get(id);
    if (!session) throw new Error(`no trace is open in session ${id}`);
    return session;
  };

  const handle = async (req: WorkerRequest, progress: (p: WorkerProgress) => void): Promise<unknown> => {
    const s = req.session;
    switch (req.method) {
      case 'open':
        return open(s, req.args, progress);
      case 'readFiles':
        return readFiles(s, req.args.files, progress);
      case 'openFromSet':
        return openFromSet(s, req.args);
      case 'release':
        sessions.delete(s);
        fileSets.delete(s);
        return null;
      case 'warmUp': {
        // Loaded on first use, as the decoders are: a worker opening store traces never needs it.
        const { warmUpReaders } = await import('./read-warm-up.ts');
        await warmUpReaders(() => filesCame);
        return null;
      }
      case 'details':
        return need(s).details(req.args.node);
      case 'find':
        return need(s).find(req.args.text);
      case 'criticalPath':
        return need(s).criticalPath();
      case 'stats':
        return need(s).stats();
      case 'groupStats':
        return need(s).groupStats(req.args.grouping);
      case 'attributeKeys':
        return need(s).attributeKeys();
      case 'encode':
        return need(s).encode(req.args.format);
      case 'setClockSkew':
        return need(s).setClockSkew(req.args.on);
      case 'flameTime':
        return need(s).flameTime();
      case 'flameAggregate':
        return need(s).flameAggregate(req.args.weight);
      case 'diff':
        return (await import('./diff-session.ts')).diffSessions(
          need(s),
          need(req.args.baseline),
          req.args.attributes ?? 'auto',
          progress,
        );
      case 'typical':
        return (await import('./diff-session.ts')).typicalOf(need(s), req.args.baselines.map(need), progress);
    }
  };

  port.addEventListener('message', (e: MessageEvent) => {
    const req = e.data as WorkerRequest;
    const post = (msg: WorkerResponse, transfer: Transferable[] = []) => port.postMessage(msg, transfer);
    const progress = (p: WorkerProgress) =>
      post({ id: req.id, kind: 'progress', progress: p }, progressTransferables(p));
    handle(req, progress).then(
      (value) => post({ id: req.id, kind: 'result', value }, transferablesOf(req.method, value)),
      (err) => post({ id: req.id, kind: 'error', error: toWorkerError(err) }),
    );
  });
}
