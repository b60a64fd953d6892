/**
 * Trace files read as streams (`Blob.stream()`): each chunk goes through core's InputSplitter (any
 * format, gzip inflated on the fly; JSON pieces as bytes for the byte readers, Jaeger and OTLP spans
 * read where they lie in the chunk so that their bytes are gone over once) and each piece is
 * decoded into one TraceSetBuilder as it arrives, so no file is ever held as one string (V8 stops at
 * ~512 MB) or one buffer, and the spans of one trace id in several files form one trace. Progress
 * reports the bytes read and the spans decoded, and how many files have shown a valid start (those
 * may be uploaded).
 */
import { type InputPiece, InputSplitter } from '../core/formats/stream/input-splitter.ts';
import { FormatError } from '../core/formats/types.ts';
import type { TraceSetBuilder } from '../core/model/span-table.ts';
import { FileFormatError } from './file-format-error.ts';
import type { LoadProgress } from './protocol.ts';

const PROGRESS_EVERY_BYTES = 1 << 20;

function nameOf(file: Blob, index: number): string {
  return typeof (file as File).name === 'string' && (file as File).name
    ? (file as File).name
    : `file ${index + 1}`;
}

export async function readFiles(
  files: readonly Blob[],
  sink: TraceSetBuilder,
  onProgress: (p: LoadProgress) => void,
): Promise<void> {
  // Loaded on first use, as decode-source.ts does: a worker opening store traces never needs them.
  const { decodePiece } = await import('../core/formats/stream/decode-piece.ts');
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  let loadedBytes = 0;
  let reported = -PROGRESS_EVERY_BYTES;
  const report = (force: boolean) => {
    if (!force && loadedBytes - reported < PROGRESS_EVERY_BYTES) return;
    reported = loadedBytes;
    onProgress({ phase: 'decode', loadedBytes, totalBytes, spanCount: sink.spanCount });
  };
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const splitter = new InputSplitter({ jsonOutput: 'bytes', readSpans: true });
    const reader = (file.stream() as ReadableStream<Uint8Array>).getReader();
    const decode = (pieces: readonly InputPiece[]) => {
      for (const piece of pieces) decodePiece(piece, sink);
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        loadedBytes += value.length;
        decode(splitter.push(value));
        report(false);
      }
      decode(splitter.end());
    } catch (e) {
      reader.cancel().catch(() => undefined);
      if (e instanceof FormatError) throw new FileFormatError(nameOf(file, i), e);
      throw e;
    }
  }
  report(true);
}
