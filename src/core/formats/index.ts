/**
 * The formats entry point: bytes of any supported format (gzip'd or not) → traces, and traces →
 * any format. Detection is structural (detect.ts); the file name is only used in messages.
 */
import type { SpanTable, TraceSetBuilder } from '../model/span-table.ts';
import { detectFormat } from './detect.ts';
import { decodeJaegerJsonBytes } from './jaeger-json/byte-decode.ts';
import { decodeOtlpJsonBytes } from './otlp-json/byte-decode.ts';
import { inflateInput, type ParseInputOptions, parseInflated } from './parse-input.ts';
import { formatById } from './registry.ts';
import { FormatError, type FormatId, type ParsedInput } from './types.ts';
import { decodeZipkinJsonBytes } from './zipkin-json/byte-decode.ts';

export { detectFormat, detectJsonFormat } from './detect.ts';
export { decodeJaegerJson } from './jaeger-json/decode.ts';
export { toJaegerResponse } from './jaeger-json/encode.ts';
export { JsonSplitter, type JsonSplitterOptions, type SplitDocument } from './json-stream/splitter.ts';
export type { OtlpDecodeOptions, OtlpDecodeResult } from './otlp-common.ts';
export {
  fromOtlpAnyValue,
  fromOtlpKeyValues,
  toOtlpAnyValue,
  toOtlpKeyValues,
} from './otlp-json/any-value.ts';
export { decodeOtlpJson } from './otlp-json/decode.ts';
export { toOtlpResourceSpans } from './otlp-json/encode.ts';
export { decodeOtlpProto } from './otlp-proto/decode.ts';
export type { PieceOrigin } from './otlp-proto/piece-origin.ts';
export type { ProtoPiece } from './otlp-proto/proto-piece.ts';
export { ProtoSplitter, type ProtoSplitterOptions, splitProtoRequest } from './otlp-proto/stream-split.ts';
export { parseInput, parseJsonText } from './parse-input.ts';
export { FORMATS, formatById } from './registry.ts';
export { decodePiece, locatePieceError } from './stream/decode-piece.ts';
export {
  type InputKind,
  type InputPiece,
  InputSplitter,
  type InputSplitterOptions,
  InputTooLargeError,
} from './stream/input-splitter.ts';
export { decodeTempoSearch, decodeTempoTags, decodeTempoTagValues, tempoAnswerKind } from './tempo/search.ts';
export { FormatError, type FormatId, type ParsedInput, type TraceFormat } from './types.ts';
export { decodeZipkinJson } from './zipkin-json/decode.ts';
export { toZipkinSpans } from './zipkin-json/encode.ts';

export interface DecodedInput {
  readonly format: FormatId;
  /** Spans this input added to the sink. */
  readonly spanCount: number;
}

/** Decodes already-parsed input (detecting its format) into `sink`. */
export function decodeParsed(input: ParsedInput, sink: TraceSetBuilder): DecodedInput {
  const format = detectFormat(input);
  const before = sink.spanCount;
  const previous = sink.format;
  sink.format = format;
  try {
    formatById(format).decode(input, sink);
  } finally {
    sink.format = previous;
  }
  return { format, spanCount: sink.spanCount - before };
}

/** The byte readers (no JSON.parse of the document), each giving up (-1) on what it does not read exactly. */
const BYTE_READERS: readonly [FormatId, (bytes: Uint8Array, sink: TraceSetBuilder) => number][] = [
  ['otlp-json', decodeOtlpJsonBytes],
  ['jaeger-json', decodeJaegerJsonBytes],
  ['zipkin-json', decodeZipkinJsonBytes],
];

/**
 * Decodes one input of any supported format into `sink`, detecting the format from the bytes alone
 * (never a file name). Throws FormatError (saying which format it resembled, where and what was wrong).
 * A plain OTLP JSON, Jaeger JSON or Zipkin JSON document is read from its bytes (the byte readers of
 * otlp-json/, jaeger-json/, zipkin-json/); anything else, and anything they leave, goes through JSON.parse.
 */
export function decodeInput(
  bytes: Uint8Array,
  sink: TraceSetBuilder,
  options?: ParseInputOptions,
): DecodedInput {
  const inflated = inflateInput(bytes, options);
  for (const [format, read] of BYTE_READERS) {
    const spanCount = read(inflated, sink);
    if (spanCount >= 0) return { format, spanCount };
  }
  return decodeParsed(parseInflated(inflated), sink);
}

/** Traces re-encoded as `to` (text for the JSON formats, bytes for protobuf). */
export function encodeTraces(tables: readonly SpanTable[], to: FormatId): string | Uint8Array {
  const encode = formatById(to).encode;
  if (!encode) throw new FormatError(to, '', 'this format cannot be written');
  return encode(tables);
}
