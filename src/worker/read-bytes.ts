/**
 * Reads a whole HTTP answer (fetched here, or by the main thread and handed over) into one
 * Uint8Array, reporting progress as chunks arrive. With a known length the buffer is allocated once;
 * otherwise it doubles.
 */
import { errorBodyOf, errorMessageOf, isSourceFailure, type SourceFailure } from '../core/api/errors.ts';
import type { LoadProgress } from './protocol.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** When an external source failed: which one, and how (from the error body). */
    readonly source?: { readonly name: string; readonly failure: SourceFailure },
  ) {
    super(message);
  }
}

const PROGRESS_EVERY_BYTES = 1 << 20;

async function readStream(
  stream: ReadableStream<Uint8Array>,
  totalBytes: number | null,
  onProgress: (p: LoadProgress) => void,
): Promise<Uint8Array> {
  let buf = new Uint8Array(totalBytes ?? 1 << 16);
  let used = 0;
  let reported = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (used + value.length > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, used + value.length));
      bigger.set(buf.subarray(0, used));
      buf = bigger;
    }
    buf.set(value, used);
    used += value.length;
    if (used - reported >= PROGRESS_EVERY_BYTES) {
      reported = used;
      onProgress({ phase: 'fetch', loadedBytes: used, totalBytes });
    }
  }
  onProgress({ phase: 'fetch', loadedBytes: used, totalBytes: totalBytes ?? used });
  return used === buf.length ? buf : buf.subarray(0, used);
}

export interface FetchedBytes {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

export async function fetchBytes(
  url: string,
  accept: string,
  onProgress: (p: LoadProgress) => void,
): Promise<FetchedBytes> {
  return readResponse(await fetch(url, { headers: { Accept: accept } }), url, onProgress);
}

/** An HTTP error status becomes an HttpError with the store's message. */
export async function throwIfFailed(res: Response, url: string): Promise<void> {
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    const body = errorBodyOf(text);
    const detail = body ? `: ${errorMessageOf(res.status, res.statusText, text)}` : '';
    const source =
      typeof body?.source === 'string' && isSourceFailure(body.failure)
        ? { name: body.source, failure: body.failure }
        : undefined;
    throw new HttpError(
      res.status,
      `the store answered ${res.status} for ${new URL(url).pathname}${detail}`,
      source,
    );
  }
}

/** The whole body of an answer from `url`; an HTTP error status becomes an HttpError with the store's message. */
export async function readResponse(
  res: Response,
  url: string,
  onProgress: (p: LoadProgress) => void,
): Promise<FetchedBytes> {
  await throwIfFailed(res, url);
  // Content-Length is the compressed size when the answer is gzip'd: only trust it unencoded.
  const length = res.headers.get('content-encoding')
    ? null
    : Number(res.headers.get('content-length') ?? Number.NaN);
  const total = length !== null && Number.isSafeInteger(length) && length > 0 ? length : null;
  const contentType = res.headers.get('content-type') ?? '';
  if (!res.body) return { bytes: new Uint8Array(await res.arrayBuffer()), contentType };
  return { bytes: await readStream(res.body, total, onProgress), contentType };
}
