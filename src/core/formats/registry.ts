/** Every trace format Spanscope reads and writes, behind the TraceFormat contract. */
import type { TraceSetBuilder } from '../model/span-table.ts';
import { detectJsonFormat } from './detect.ts';
import { decodeJaegerJson } from './jaeger-json/decode.ts';
import { encodeJaegerJson } from './jaeger-json/encode.ts';
import { decodeOtlpJson } from './otlp-json/decode.ts';
import { encodeOtlpJson } from './otlp-json/encode.ts';
import { decodeOtlpProto } from './otlp-proto/decode.ts';
import { encodeOtlpProto } from './otlp-proto/encode.ts';
import { FormatError, type FormatId, type ParsedInput, type TraceFormat } from './types.ts';
import { decodeZipkinJson } from './zipkin-json/decode.ts';
import { encodeZipkinJson } from './zipkin-json/encode.ts';

type JsonDecoder = (value: unknown, sink: TraceSetBuilder) => unknown;

/** A JSON format: one value, or JSON Lines with one value per line (each line is its own request). */
function jsonFormat(
  id: FormatId,
  label: string,
  decodeValue: JsonDecoder,
  encode: TraceFormat['encode'],
): TraceFormat {
  const detectValue = (v: unknown) => {
    try {
      return detectJsonFormat(v) === id;
    } catch {
      return false;
    }
  };
  return {
    id,
    label,
    detect: (input) =>
      input.kind === 'json'
        ? detectValue(input.value)
        : input.kind === 'jsonl' && input.values.every(detectValue),
    decode(input: ParsedInput, sink: TraceSetBuilder) {
      if (input.kind === 'binary') throw new FormatError(label, '', 'binary input is not JSON');
      if (input.kind === 'json') {
        decodeValue(input.value, sink);
        return;
      }
      input.values.forEach((value, k) => {
        const other = detectJsonFormat(value);
        if (other !== id)
          throw new FormatError('JSON Lines', `record ${k + 1}`, `a ${other} record among ${label} records`);
        decodeValue(value, sink);
      });
    },
    encode,
  };
}

export const FORMATS: readonly TraceFormat[] = [
  jsonFormat('otlp-json', 'OTLP JSON', decodeOtlpJson, encodeOtlpJson),
  {
    id: 'otlp-proto',
    label: 'OTLP protobuf',
    detect: (input) => input.kind === 'binary',
    decode(input, sink) {
      if (input.kind !== 'binary')
        throw new FormatError('OTLP protobuf', '', 'the input is text, not protobuf');
      decodeOtlpProto(input.bytes, sink);
    },
    encode: encodeOtlpProto,
  },
  jsonFormat('jaeger-json', 'Jaeger JSON', decodeJaegerJson, encodeJaegerJson),
  jsonFormat('zipkin-json', 'Zipkin JSON', decodeZipkinJson, encodeZipkinJson),
];

export function formatById(id: FormatId): TraceFormat {
  const format = FORMATS.find((f) => f.id === id);
  if (!format) throw new Error(`unknown format ${id}`);
  return format;
}
