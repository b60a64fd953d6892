/**
 * Opening dropped or picked files: they are read in a worker as a stream (the trace is drawn from
 * them), and once read the same files go to the store behind it (upload-queue.ts). The sets of traces read
 * stay here, outside React, under the key of their `/file/<key>` route; the page's state is in
 * state/local-files.ts. A reload loses them, as it loses the files.
 */
import {
  addLocalFiles,
  removeLocalFiles,
  setReadState,
  setUploadState,
  type UploadState,
} from '../../state/local-files.ts';
import { newFileKey } from '../../state/url.ts';
import { type FileSetHandle, readFileSet } from '../../worker/file-set-client.ts';
import type { LoadProgress } from '../../worker/protocol.ts';
import { type TraceHandle, TraceLoadError } from '../../worker/trace-client.ts';
import { UploadQueue } from './upload-queue.ts';

/** Sets of files kept (newest last); older ones are let go with their worker memory. */
const KEPT_SETS = 3;
const sets = new Map<string, { readonly read: Promise<FileSetHandle>; readonly stop: AbortController }>();

/** The files of a `/file/<key>` address are not in this page (it was reloaded, or they were let go). */
export class FilesGoneError extends Error {
  constructor() {
    super('the files were opened in an earlier page: drop them again to open them');
    this.name = 'FilesGoneError';
  }
}

export interface OpenFilesOptions {
  /** Called once the store has every file. */
  readonly onStored?: () => void;
}

/** Starts reading `files` and importing them behind; returns the key of their `/file/<key>` route. */
export function openFiles(files: readonly File[], options: OpenFilesOptions = {}): string {
  const key = newFileKey();
  performance.mark('spanscope:file-open-start', { detail: { key } });
  addLocalFiles(
    key,
    files.map((f) => f.name),
    files.reduce((n, f) => n + f.size, 0),
  );
  const onUpload = (s: UploadState) => {
    if (s.state === 'stored') {
      performance.mark('spanscope:file-stored', { detail: { key } });
      options.onStored?.();
    }
    setUploadState(key, s);
  };
  const uploads = new UploadQueue(files, onUpload);
  // The upload starts once the worker has read the files, not with their first valid piece: on two
  // cores an import running beside the decoding delayed the first frame by 0.3–0.8 s at 100k spans,
  // and the store had the trace no later (its import takes far longer than the decoding).
  const onProgress = (p: LoadProgress) => setReadState(key, { state: 'reading', progress: p });
  const stop = new AbortController();
  const read = readFileSet(files, onProgress, { signal: stop.signal });
  read.then(
    (set) => {
      uploads.allow(files.length);
      setReadState(key, { state: 'read', traces: set.info.traces, spanCount: set.info.spanCount });
    },
    (e: Error) => {
      const fileName = e instanceof TraceLoadError ? (e.fileName ?? null) : null;
      uploads.cancel(`it is not sent to the store: ${fileName ?? 'the file'} cannot be read`);
      setReadState(key, { state: 'failed', message: e.message, fileName });
    },
  );
  sets.set(key, { read, stop });
  for (const old of [...sets.keys()].slice(0, -KEPT_SETS)) letGo(old);
  return key;
}

function letGo(key: string): void {
  const set = sets.get(key);
  sets.delete(key);
  removeLocalFiles(key);
  set?.stop.abort();
  set?.read.then(
    (s) => s.dispose(),
    () => undefined,
  );
}

/** Opens a trace of the files of `key` (from the spans the worker decoded: no second read). */
export async function openFileTrace(
  key: string,
  traceId: string,
  adjustClockSkew: boolean,
  onProgress: (p: LoadProgress) => void,
): Promise<TraceHandle> {
  const set = sets.get(key);
  if (!set) throw new FilesGoneError();
  return (await set.read).open(traceId, { adjustClockSkew, onProgress });
}
