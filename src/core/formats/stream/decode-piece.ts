/**
 * A piece of a split input (input-splitter.ts) decoded into a TraceSetBuilder, as decodeInput
 * decodes a whole file; a decoder's complaint names the place in the whole input, not in the piece.
 */
import type { TraceSetBuilder } from '../../model/span-table.ts';
import { type DecodedInput, decodeInput, decodeParsed } from '../index.ts';
import { inputRange, inputWhere } from '../otlp-proto/piece-origin.ts';
import { FormatError } from '../types.ts';
import type { InputPiece } from './input-splitter.ts';

/** A FormatError about the piece, made to name the place in the whole input; other errors as they are. */
export function locatePieceError(piece: InputPiece, error: unknown): unknown {
  if (!(error instanceof FormatError) || piece.kind !== 'bytes') return error;
  let where = piece.origin ? inputWhere(piece.origin, error.where) : error.where;
  // Some decoder failures (protobufjs: bad UTF-8) name no byte: name the piece's bytes then.
  if (where === '' && piece.origin) where = inputRange(piece.origin);
  if (piece.inflated && where.startsWith('byte ')) where = `${where} of the inflated input`;
  return where === error.where ? error : new FormatError(error.resembled, where, error.problem);
}

/** Adds the piece's spans to `sink`; throws FormatError (located in the whole input) when it cannot. */
export function decodePiece(piece: InputPiece, sink: TraceSetBuilder): DecodedInput {
  try {
    if (piece.kind === 'json') return decodeParsed({ kind: 'json', value: piece.value }, sink);
    if (piece.spans) return { format: piece.spans.format, spanCount: piece.spans.commit(piece.bytes, sink) };
    return decodeInput(piece.bytes, sink);
  } catch (error) {
    throw locatePieceError(piece, error);
  }
}
