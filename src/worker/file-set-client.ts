/**
 * Main-thread side of files opened in the browser: `readFileSet` reads dropped or picked files in a
 * worker of their own (streamed, with progress) into a set of traces, and the set opens any of them
 * in that worker as a TraceHandle, from the spans already decoded (no second read of the files).
 */
import type { FileSetInfo, LoadProgress, WorkerRequest } from './protocol.ts';
import { makeHandle, type TraceHandle } from './trace-client.ts';
import { defaultWorker, TraceLoadError, TraceWorker, type WorkerLike } from './trace-worker-client.ts';

export interface FileSetHandle {
  readonly info: FileSetInfo;
  /** Opens one of the set's traces; progress while its tree and layout are built. */
  open(
    traceId: string,
    options?: { readonly adjustClockSkew?: boolean; readonly onProgress?: (p: LoadProgress) => void },
  ): Promise<TraceHandle>;
  /** Frees the set; traces opened from it live until they are disposed (the worker ends with the last). */
  dispose(): void;
}

export interface ReadFilesOptions {
  readonly signal?: AbortSignal;
  /** Starts the worker; tests pass an in-process port. */
  readonly createWorker?: () => WorkerLike;
}

/** A worker started before files were picked or dropped: its module loads while the user chooses. */
let spare: WorkerLike | null = null;

/**
 * Starts the worker of the next file set now (the Import button is pointed at, files are dragged
 * over the page), so that reading starts at once when the files come (~50–100 ms at a cold start),
 * and has it warm its readers up meanwhile (read-warm-up.ts).
 */
export function prepareFileWorker(): void {
  if (spare) return;
  spare = defaultWorker();
  // Id 0 is no client's call: its answer is ignored.
  const warmUp: WorkerRequest = { id: 0, session: 0, method: 'warmUp', args: null };
  spare.postMessage(warmUp);
}

function fileWorker(): WorkerLike {
  const worker = spare ?? defaultWorker();
  spare = null;
  return worker;
}

export async function readFileSet(
  files: readonly Blob[],
  onProgress?: (p: LoadProgress) => void,
  options: ReadFilesOptions = {},
): Promise<FileSetHandle> {
  const worker = new TraceWorker((options.createWorker ?? fileWorker)(), 'sessions');
  const set = worker.newSession();
  const abort = () => worker.release(set);
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  performance.mark('spanscope:file-read-start');
  try {
    const info = await worker.call(set, 'readFiles', { files }, onProgress);
    performance.mark('spanscope:file-read-end', { detail: { timingsMs: info.timingsMs } });
    let disposed = false;
    return {
      info,
      open: async (traceId, { adjustClockSkew = true, onProgress: progress } = {}) => {
        if (disposed) throw new TraceLoadError({ code: 'aborted', message: 'the files read were closed' });
        const session = worker.newSession();
        try {
          const opened = await worker.call(
            session,
            'openFromSet',
            { set, traceId, adjustClockSkew },
            progress,
          );
          performance.mark('spanscope:trace-open-end', { detail: { timingsMs: opened.timingsMs } });
          return makeHandle(worker, session, opened);
        } catch (e) {
          worker.release(session);
          throw e;
        }
      },
      dispose: () => {
        disposed = true;
        worker.release(set);
      },
    };
  } catch (e) {
    worker.release(set);
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
