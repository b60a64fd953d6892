/**
 * The decode side of a streamed import: a file's chunks → prepared batches, piece by piece (the
 * formats' InputSplitter, then prepare-input.ts). Chunks are fed in slices so that the batches of
 * one chunk can be handed on before the next slice is decoded. Throws the decoder's FormatError
 * (naming the place in the whole file) or an InputTooLargeError.
 */
import { InputSplitter } from '../../core/formats/index.ts';
import type { PreparedBatch } from './batch-columns.ts';
import type { InputPreparer } from './prepare-input.ts';
import type { ImportOptions } from './types.ts';

/** Spans per piece of the file: the size of a prepared batch. */
const PIECE_SPANS = 10_000;
/** Bytes of spans per piece. */
const PIECE_BYTES = 8 * 1024 * 1024;
/** A chunk is fed to the splitter this much at a time. */
export const IMPORT_SLICE_BYTES = 256 * 1024;

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
    });
  }

  /** The batches of the pieces this slice of the file completed (at most IMPORT_SLICE_BYTES at a time is best). */
  push(slice: Uint8Array): PreparedBatch[] {
    return this.splitter.push(slice).flatMap((piece) => this.preparer.preparePiece(piece));
  }

  /** The file ended: the last batches; throws when it is truncated. */
  end(): PreparedBatch[] {
    return this.splitter.end().flatMap((piece) => this.preparer.preparePiece(piece));
  }
}

/** `chunk` in slices of at most IMPORT_SLICE_BYTES. */
export function* slices(chunk: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < chunk.length; i += IMPORT_SLICE_BYTES) yield chunk.subarray(i, i + IMPORT_SLICE_BYTES);
}
