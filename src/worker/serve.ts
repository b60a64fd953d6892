/**
 * The worker's message loop: requests in, progress and one result or error out, results'
 * buffers transferred. Separate from trace.worker.ts so tests can run it over a MessagePort.
 */
import { FormatError } from '../core/formats/types.ts';
import { TraceQLError } from '../core/query/errors.ts';
import { decodeSource, NoTraceError } from './decode-source.ts';
import { DetailLoader, storeDetailSource } from './detail-loader.ts';
import { diffSessions, typicalOf } from './diff-session.ts';
import {
  type LoadProgress,
  TRACE_ACCEPT,
  transferablesOf,
  type WorkerApi,
  type WorkerError,
  type WorkerProgress,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.ts';
import { fetchBytes, HttpError, readBlob, readResponse } from './read-bytes.ts';
import { TraceSession } from './trace-session.ts';

/** How long after a trace opens its details start to load in the background (the first frame first). */
const PREFETCH_DELAY_MS = 500;

export interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

function toWorkerError(e: unknown): WorkerError {
  if (e instanceof HttpError)
    return { code: e.status === 404 ? 'not-found' : 'http', status: e.status, message: e.message };
  if (e instanceof FormatError) return { code: 'format', message: e.message };
  if (e instanceof NoTraceError) return { code: 'no-trace', message: e.message };
  if (e instanceof TraceQLError) return { code: 'query', message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export function serveTraceWorker(port: Port): void {
  /** The open traces, by the session number the client gave them. */
  const sessions = new Map<number, TraceSession>();

  const open = async (
    id: number,
    args: WorkerApi['open']['args'],
    progress: (p: LoadProgress) => void,
  ): Promise<WorkerApi['open']['result']> => {
    const src = args.source;
    const timingsMs: Record<string, number> = {};
    let t = performance.now();
    const lap = (phase: string) => {
      const now = performance.now();
      timingsMs[phase] = now - t;
      t = now;
    };
    let bytes: Uint8Array;
    let contentType = '';
    if (src.kind === 'file') bytes = await readBlob(src.file, progress);
    else {
      const fetched =
        src.kind === 'url'
          ? await fetchBytes(src.url, TRACE_ACCEPT, progress)
          : await readResponse(
              new Response(src.body, { status: src.status, headers: { ...src.headers } }),
              src.url,
              progress,
            );
      bytes = fetched.bytes;
      contentType = fetched.contentType;
    }
    const total = bytes.length;
    lap('fetch');
    progress({ phase: 'decode', loadedBytes: total, totalBytes: total });
    const decoded = await decodeSource(bytes, contentType, src.traceId);
    lap('decode');
    progress({ phase: 'tree', loadedBytes: total, totalBytes: total, spanCount: decoded.table.count });
    const loader =
      decoded.deferred && src.kind !== 'file'
        ? new DetailLoader(decoded.deferred, storeDetailSource(src.url))
        : null;
    const session = new TraceSession(decoded.table, decoded.traceIds, args.adjustClockSkew, loader);
    sessions.set(id, session);
    lap('tree');
    progress({ phase: 'layout', loadedBytes: total, totalBytes: total, spanCount: decoded.table.count });
    const opened = session.opened(timingsMs);
    lap('layout');
    // After the columns are posted: the first frame matters more than details nobody asked for yet.
    setTimeout(() => {
      if (sessions.get(id) === session) session.prefetchDetails();
    }, PREFETCH_DELAY_MS);
    return opened;
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
      case 'release':
        sessions.delete(s);
        return null;
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
        return diffSessions(need(s), need(req.args.baseline), req.args.attributes ?? 'auto', progress);
      case 'typical':
        return typicalOf(need(s), req.args.baselines.map(need), progress);
    }
  };

  port.addEventListener('message', (e: MessageEvent) => {
    const req = e.data as WorkerRequest;
    const post = (msg: WorkerResponse, transfer: Transferable[] = []) => port.postMessage(msg, transfer);
    const progress = (p: WorkerProgress) => post({ id: req.id, kind: 'progress', progress: p });
    handle(req, progress).then(
      (value) => post({ id: req.id, kind: 'result', value }, transferablesOf(req.method, value)),
      (err) => post({ id: req.id, kind: 'error', error: toWorkerError(err) }),
    );
  });
}
