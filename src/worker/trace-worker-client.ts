/**
 * Main-thread side of one trace worker: requests and their answers (progress, one result or error)
 * over `postMessage`, and the worker's sessions. A worker holds several traces at once, each in a
 * session the client numbers (the diff view opens both traces in one worker, so the diff runs where
 * they are); a session is released explicitly, and a worker made for one trace ends with it.
 */
import type { SourceFailure } from '../core/api/errors.ts';
import type {
  ProgressOf,
  WorkerApi,
  WorkerError,
  WorkerMethod,
  WorkerProgress,
  WorkerResponse,
} from './protocol.ts';
import { type EarlyOpenArgs, workerName } from './protocol.ts';

/** The part of `Worker` the client uses (a MessagePort in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent | Event) => void): void;
  terminate(): void;
}

/** Error of a failed worker call; `code`/`status` say what went wrong (404 → 'not-found'). */
export class TraceLoadError extends Error {
  /** 'loading': asked of a preview (the trace is still arriving). */
  readonly code: WorkerError['code'] | 'aborted' | 'worker-crashed' | 'loading';
  readonly status?: number;
  /** The file a 'format' error is about. */
  readonly fileName?: string;
  /** The external source that failed, and how. */
  readonly source?: string;
  readonly failure?: SourceFailure;
  constructor(error: WorkerError | { code: 'aborted' | 'worker-crashed' | 'loading'; message: string }) {
    super(error.message);
    this.name = 'TraceLoadError';
    this.code = error.code;
    if ('status' in error) this.status = error.status;
    if ('fileName' in error) this.fileName = error.fileName;
    if ('source' in error) this.source = error.source;
    if ('failure' in error) this.failure = error.failure;
  }
}

/**
 * A new trace worker. `early`: the trace it asks the store for and opens as soon as its code runs
 * (its name carries it): a message to a starting worker waits for the page's thread to hand it over.
 */
export function defaultWorker(early?: EarlyOpenArgs): WorkerLike {
  return new Worker(new URL('./trace.worker.ts', import.meta.url), {
    type: 'module',
    name: workerName(early),
  });
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (p: WorkerProgress) => void;
}

export class TraceWorker {
  private nextId = 1;
  private nextSession = 1;
  private readonly live = new Set<number>();
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  /**
   * `ownedBy: 'sessions'` ends the worker when its last session is released (a worker made for one
   * trace); 'caller' leaves that to `close()` (a worker shared by a view's traces).
   */
  constructor(
    private readonly worker: WorkerLike = defaultWorker(),
    private readonly ownedBy: 'sessions' | 'caller' = 'caller',
  ) {
    worker.addEventListener('message', (e: MessageEvent) => this.receive(e.data as WorkerResponse));
    worker.addEventListener('error', (e: ErrorEvent | Event) => {
      const message = 'message' in e && e.message ? e.message : 'the trace worker failed';
      this.close(new TraceLoadError({ code: 'worker-crashed', message }));
    });
  }

  /** A new session number; the trace opened in it lives until `release`. */
  newSession(): number {
    const s = this.nextSession++;
    this.live.add(s);
    return s;
  }

  call<M extends WorkerMethod>(
    session: number,
    method: M,
    args: WorkerApi[M]['args'],
    onProgress?: (p: ProgressOf<M>) => void,
    transfer: Transferable[] = [],
  ): Promise<WorkerApi[M]['result']> {
    if (this.closed || !this.live.has(session))
      return Promise.reject(new TraceLoadError({ code: 'aborted', message: 'the trace was closed' }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: onProgress as ((p: WorkerProgress) => void) | undefined,
      });
      this.worker.postMessage({ id, session, method, args }, transfer);
    });
  }

  /** Frees the session's trace in the worker (and ends a worker whose sessions are all gone). */
  release(session: number): void {
    if (!this.live.delete(session) || this.closed) return;
    if (this.ownedBy === 'sessions' && this.live.size === 0)
      this.close(new TraceLoadError({ code: 'aborted', message: 'the trace was closed' }));
    else this.worker.postMessage({ id: this.nextId++, session, method: 'release', args: null });
  }

  /** Ends the worker: every call in flight fails with `reason`. */
  close(reason: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.live.clear();
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
