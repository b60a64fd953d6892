/**
 * Trace files read as streams (`Blob.stream()`): each chunk goes through a splitter whose pieces are
 * decoded into one TraceSetBuilder as they arrive, so no file is ever held as one string (V8 stops at
 * ~512 MB) and the spans of one trace id in several files form one trace. Progress reports the bytes
 * read and the spans decoded, and how many files have shown a valid start (those may be uploaded).
 */
import { FormatError } from '../core/formats/types.ts';
import type { TraceSetBuilder } from '../core/model/span-table.ts';
import { PieceSplitter } from './piece-splitter.ts';
import type { LoadProgress } from './protocol.ts';

/** A decoder's complaint about one of the files, naming it. */
export class FileFormatError extends Error {
  constructor(
    readonly fileName: string,
    readonly formatError: FormatError,
  ) {
    super(`${fileName}: ${formatError.message}`);
    this.name = 'FileFormatError';
  }
}

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
  const { decodeInput } = await import('../core/formats/index.ts');
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  let loadedBytes = 0;
  let reported = -PROGRESS_EVERY_BYTES;
  let validFiles = 0;
  const report = (force: boolean) => {
    if (!force && loadedBytes - reported < PROGRESS_EVERY_BYTES) return;
    reported = loadedBytes;
    onProgress({ phase: 'decode', loadedBytes, totalBytes, spanCount: sink.spanCount, validFiles });
  };
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const splitter = new PieceSplitter();
    const reader = (file.stream() as ReadableStream<Uint8Array>).getReader();
    let valid = false;
    const decode = (pieces: readonly Uint8Array[]) => {
      for (const piece of pieces) decodeInput(piece, sink);
      if (!valid && pieces.length > 0) {
        valid = true;
        validFiles = i + 1;
        report(true);
      }
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
    if (!valid)
      throw new FileFormatError(nameOf(file, i), new FormatError('input', '', 'the input is empty'));
  }
  report(true);
}
