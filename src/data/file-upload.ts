/**
 * `POST /api/import` of one trace file, the File itself as the body: the browser streams it from
 * disk (never a second read into memory), and XMLHttpRequest reports upload progress, which fetch
 * does not. Failures are ApiErrors with the store's own message; `importRefusal` says what one means.
 */
import { errorBodyOf, errorMessageOf } from '../core/api/errors.ts';
import { ApiError } from './api-client.ts';
import type { ImportResult } from './api-types.ts';

export const IMPORT_PATH = '/api/import';

export interface UploadOptions {
  readonly onProgress?: (loadedBytes: number, totalBytes: number) => void;
  readonly signal?: AbortSignal;
}

export function uploadTraceFile(file: Blob, options: UploadOptions = {}): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const done = () => options.signal?.removeEventListener('abort', abort);
    xhr.open('POST', IMPORT_PATH);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      done();
      const body = xhr.responseText;
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(body) as ImportResult);
        } catch {
          reject(new ApiError(xhr.status, 'the store answered something that is not JSON', IMPORT_PATH));
        }
        return;
      }
      const message = errorMessageOf(xhr.status, xhr.statusText, body);
      reject(new ApiError(xhr.status, message, IMPORT_PATH, errorBodyOf(body)));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, 'could not reach the server', IMPORT_PATH));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('the upload was cancelled', 'AbortError'));
    };
    if (options.signal?.aborted) return abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    xhr.send(file);
  });
}

/** What the store says it kept of a file it refused midway (`kept`: an import answer, or a span count). */
function keptText(kept: unknown): string {
  const spans = typeof kept === 'number' ? kept : (kept as { spanCount?: unknown } | null)?.spanCount;
  if (spans === 0) return 'nothing of it was kept';
  return `it kept ${typeof spans === 'number' ? `${spans} spans` : JSON.stringify(kept)} of it`;
}

function refusalText(error: ApiError): string {
  const said = error.message;
  switch (error.status) {
    case 0:
      return 'the server could not be reached';
    case 404:
    case 405:
    case 501:
      return 'this server has no trace store to import into (a static deployment)';
    case 413:
      return `the file is larger than the store accepts (its --max-import-size): ${said}`;
    case 400:
      return `the store could not read the file: ${said}`;
    case 503:
      return `the store is not ready: ${said}`;
    default:
      return `the store refused the file (HTTP ${error.status}): ${said}`;
  }
}

/** Why the store does not have a file, for a person: what the refusal means, then the store's words. */
export function importRefusal(error: unknown): string {
  if (!(error instanceof ApiError))
    return `the upload failed (${error instanceof Error ? error.message : String(error)})`;
  const kept = error.body?.kept;
  return kept === undefined ? refusalText(error) : `${refusalText(error)}; ${keptText(kept)}`;
}
