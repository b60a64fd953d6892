/**
 * The worker's message loop: requests in, progress and one result or error out, results'
 * buffers transferred. Separate from trace.worker.ts so tests can run it over a MessagePort.
 */
import { FormatError } from '../core/formats/types.ts';
import { TraceQLError } from '../core/query/errors.ts';
import { decodeSource, NoTraceError } from './decode-source.ts';
import { DetailLoader, storeDetailSource } from './detail-loader.ts';
import {
  type LoadProgress,
  TRACE_ACCEPT,
  transferablesOf,
  type WorkerApi,
  type WorkerError,
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
  let session: TraceSession | null = null;

  const open = async (
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
    session = new TraceSession(decoded.table, decoded.traceIds, args.adjustClockSkew, loader);
    lap('tree');
    progress({ phase: 'layout', loadedBytes: total, totalBytes: total, spanCount: decoded.table.count });
    const opened = session.opened(timingsMs);
    lap('layout');
    // After the columns are posted: the first frame matters more than details nobody asked for yet.
    const opening = session;
    setTimeout(() => opening.prefetchDetails(), PREFETCH_DELAY_MS);
    return opened;
  };

  const need = (): TraceSession => {
    if (!session) throw new Error('no trace is open');
    return session;
  };

  const handle = async (req: WorkerRequest, progress: (p: LoadProgress) => void): Promise<unknown> => {
    switch (req.method) {
      case 'open':
        return open(req.args, progress);
      case 'details':
        return need().details(req.args.node);
      case 'find':
        return need().find(req.args.text);
      case 'criticalPath':
        return need().criticalPath();
      case 'stats':
        return need().stats();
      case 'groupStats':
        return need().groupStats(req.args.grouping);
      case 'attributeKeys':
        return need().attributeKeys();
      case 'encode':
        return need().encode(req.args.format);
      case 'setClockSkew':
        return need().setClockSkew(req.args.on);
      case 'flameTime':
        return need().flameTime();
      case 'flameAggregate':
        return need().flameAggregate(req.args.weight);
    }
  };

  port.addEventListener('message', (e: MessageEvent) => {
    const req = e.data as WorkerRequest;
    const post = (msg: WorkerResponse, transfer: Transferable[] = []) => port.postMessage(msg, transfer);
    const progress = (p: LoadProgress) => post({ id: req.id, kind: 'progress', progress: p });
    handle(req, progress).then(
      (value) => post({ id: req.id, kind: 'result', value }, transferablesOf(req.method, value)),
      (err) => post({ id: req.id, kind: 'error', error: toWorkerError(err) }),
    );
  });
}
