/**
 * Format detection: one structural function over parsed input (STYLE habit 2), never the file name.
 * Tempo search/tag answers are recognised and refused with a message saying what they are.
 */
import { isObject, type JsonObject } from './otlp-json/json-fields.ts';
import { tempoAnswerKind } from './tempo/search.ts';
import { FormatError, type FormatId, type ParsedInput } from './types.ts';

const TEMPO_ANSWERS = {
  search: 'a Tempo search response',
  tags: 'a Tempo tags response',
  'tag-values': 'a Tempo tag values response',
} as const;

const OTLP_KEYS = ['resourceSpans', 'resource_spans', 'batches'];

function isOtlpRequest(o: JsonObject): boolean {
  return OTLP_KEYS.some((k) => Array.isArray(o[k]));
}

function classifyObject(o: JsonObject): FormatId | null {
  if (isOtlpRequest(o)) return 'otlp-json';
  for (const wrapper of ['trace', 'result']) {
    const inner = o[wrapper];
    // Tempo answers `{"trace": {}}` for a trace without spans.
    if (isObject(inner) && (isOtlpRequest(inner) || Object.keys(inner).length === 0)) return 'otlp-json';
  }
  if ('data' in o && (Array.isArray(o.data) || isObject(o.data) || o.data === null)) return 'jaeger-json';
  if (Array.isArray(o.spans) && ('traceID' in o || 'processes' in o)) return 'jaeger-json';
  if ('traceId' in o && 'id' in o) return 'zipkin-json';
  return null;
}

function classifyArray(a: readonly unknown[]): FormatId | null {
  const first = a.find((x) => x !== null);
  if (first === undefined || Array.isArray(first)) return 'zipkin-json';
  if (!isObject(first)) return null;
  if ('spanID' in first || 'traceID' in first) return 'jaeger-json';
  if ('traceId' in first && 'id' in first) return 'zipkin-json';
  return null;
}

/** The trace format of one JSON value; throws FormatError when it is none (saying what it is, if known). */
export function detectJsonFormat(value: unknown): FormatId {
  const tempo = tempoAnswerKind(value);
  if (tempo) throw new FormatError('Tempo API', '', `${TEMPO_ANSWERS[tempo]}, not a trace`);
  const format = Array.isArray(value) ? classifyArray(value) : isObject(value) ? classifyObject(value) : null;
  if (format) return format;
  throw new FormatError(
    'JSON',
    '$',
    'not a trace format Spanscope reads (OTLP JSON, Jaeger JSON or Zipkin v2 JSON); ' +
      `top-level ${Array.isArray(value) ? 'array' : isObject(value) ? `keys: ${Object.keys(value).slice(0, 5).join(', ') || 'none'}` : typeof value}`,
  );
}

/** The format of an input: binary is OTLP protobuf; JSON Lines take the format of their first line. */
export function detectFormat(input: ParsedInput): FormatId {
  if (input.kind === 'binary') return 'otlp-proto';
  if (input.kind === 'json') return detectJsonFormat(input.value);
  if (input.values.length === 0) throw new FormatError('JSON Lines', '', 'no records');
  return detectJsonFormat(input.values[0]);
}
