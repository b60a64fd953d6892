/**
 * The decode side of a streamed import: a file's chunks → prepared batches, one piece at a time
 * (the formats' InputSplitter, then prepare-input.ts). A chunk is split a slice at a time, and a
 * piece is prepared only once the batches of the previous one were taken, so the caller can wait
 * for commits in between (driveImport) and at most one piece's batches exist at once. Decoding
 * throws the decoder's FormatError (naming the place in the whole file) or an InputTooLargeError.
 */
import { type InputPiece, InputSplitter } from '../../../core/formats/index.ts';
import type { PreparedBatch } from '../ingest/batch-columns.ts';
import type { InputPreparer } from '../ingest/prepare-input.ts';
import { timed } from '../ingest/stage-clock.ts';
import type { ImportOptions } from '../types.ts';

/**
 * Spans per piece of the file. The JSON splitter packs documents by span count and re-packs what it
 * holds for each span once it holds more bytes than PIECE_BYTES, so the byte limit is set to bind
 * only for spans of over 8 KB on average (4,000 spans of ~900 bytes: 3.5 MB a piece).
 */
const PIECE_SPANS = 4000;
const PIECE_BYTES = 32 * 1024 * 1024;
/** A chunk is fed to the splitter this much at a time. */
const SLICE_BYTES = 256 * 1024;

export class ImportDecoder {
  private readonly splitter: InputSplitter;

  constructor(
    private readonly preparer: InputPreparer,
    options: ImportOptions = {},
  ) {
    this.splitter = new InputSplitter({
      maxSpans: PIECE_SPANS,
      maxBytes: PIECE_BYTES,
      maxInflatedBytes: options.maxInflatedBytes,
      // Document bytes for decodeInput's byte readers (no JSON.parse of the spans), and Jaeger and
      // OTLP JSON spans read where the scanner meets them: one pass over the bytes, not two.
      jsonOutput: 'bytes',
      readSpans: true,
    });
  }

  /** The batches of the pieces the chunk completes, piece by piece. */
  *chunk(bytes: Uint8Array): Generator<PreparedBatch[]> {
    for (let i = 0; i < bytes.length; i += SLICE_BYTES)
      yield* this.prepared(this.splitter.push(bytes.subarray(i, i + SLICE_BYTES)));
  }

  /** The file ended: the batches of its last pieces; throws when it is truncated. */
  *end(): Generator<PreparedBatch[]> {
    yield* this.prepared(this.splitter.end());
  }

  private *prepared(pieces: InputPiece[]): Generator<PreparedBatch[]> {
    // Each piece is let go once prepared.
    for (let piece = pieces.shift(); piece; piece = pieces.shift())
      yield timed('decodeAndPrepare', () => this.preparer.preparePiece(piece));
  }
}

/**
 * Hands the steps' batches to `take` one piece at a time, awaiting `wait` after each; resolves with
 * the error that stopped the steps (the input's, or any other), or null once they are all taken.
 */
export async function driveImport(
  steps: Iterator<PreparedBatch[]>,
  take: (batches: PreparedBatch[]) => void,
  wait: () => Promise<void>,
): Promise<unknown> {
  for (;;) {
    let next: IteratorResult<PreparedBatch[]>;
    try {
      next = steps.next();
    } catch (error) {
      return error;
    }
    if (next.done) return null;
    take(next.value);
    await wait();
  }
}
