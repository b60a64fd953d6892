/**
 * The local store's streamed columnar answer (core/transfer/columnar-stream.ts) read as it arrives:
 * each network chunk is pushed into the stream reader at once, so the body is assembled while the store
 * is still reading; what is left when the last byte arrives is the final
 * check and the table's views. The spans in so far can be drawn meanwhile (stream-preview.ts).
 */
import { COLUMNAR_STREAM_MEDIA_TYPE } from '../core/api/media-types.ts';
import { ColumnarStreamReader } from '../core/transfer/columnar-stream-reader.ts';
import type { LoadProgress } from './protocol.ts';

const PROGRESS_EVERY_BYTES = 1 << 20;

export function isColumnarStream(contentType: string): boolean {
  return contentType.split(';')[0].trim().toLowerCase() === COLUMNAR_STREAM_MEDIA_TYPE;
}

/** Who hears of a stream being read: progress, and the reader after each piece (previews). */
export interface StreamListener {
  progress(p: LoadProgress): void;
  piece?(stream: ColumnarStreamReader): void;
}

/**
 * The read of `res`'s body when it is a 2xx columnar stream (to its end: rejects on a malformed or
 * failed stream; the reader then holds the body, to decode), else null: the answer is untouched.
 */
export function readIfColumnarStream(
  res: Response,
  listener: StreamListener,
): Promise<ColumnarStreamReader> | null {
  if (!res.ok || !res.body || !isColumnarStream(res.headers.get('content-type') ?? '')) return null;
  return readColumnarStream(res.body, listener);
}

async function readColumnarStream(
  body: ReadableStream<Uint8Array>,
  listener: StreamListener,
): Promise<ColumnarStreamReader> {
  const stream = new ColumnarStreamReader();
  const reader = body.getReader();
  let reported = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      stream.push(value);
      listener.piece?.(stream);
      if (stream.receivedBytes - reported >= PROGRESS_EVERY_BYTES) {
        reported = stream.receivedBytes;
        const total = stream.totalBytes;
        listener.progress({
          phase: 'fetch',
          loadedBytes: total === null ? reported : Math.min(reported, total),
          totalBytes: total,
        });
      }
    }
  } finally {
    reader.releaseLock();
  }
  return stream;
}
