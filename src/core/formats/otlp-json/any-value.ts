/**
 * OTLP JSON AnyValue ⇄ AttrValue (proto3 JSON mapping: int64 as decimal strings, bytes as base64,
 * either camelCase or snake_case keys on input). The store keeps attributes as this JSON text.
 */
import { base64ToBytes, bytesToBase64 } from '../../model/ids.ts';
import type { Attribute, AttrValue } from '../../model/types.ts';
import { jsonText, shortJson } from '../otlp-common.ts';
import { FormatError } from '../types.ts';
import { field, isObject, type JsonObject, readInt64 } from './json-fields.ts';

const LABEL = 'OTLP JSON';
/** Deeper nesting is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 64;
const EMPTY: AttrValue = { type: 'empty' };

/** How a malformed value is handled: strict throws FormatError; lenient keeps its JSON text as a string. */
type Mode = 'strict' | 'lenient';

function bad(mode: Mode, path: string, problem: string, raw: unknown): AttrValue {
  if (mode === 'strict') throw new FormatError(LABEL, path, problem);
  return { type: 'string', value: jsonText(raw) };
}

function readDouble(raw: unknown): number | null {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return null;
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity') return Number.POSITIVE_INFINITY;
  if (raw === '-Infinity') return Number.NEGATIVE_INFINITY;
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isNaN(n) ? null : n;
}

function convert(json: unknown, path: string, mode: Mode, depth: number): AttrValue {
  if (json === undefined || json === null) return EMPTY;
  if (!isObject(json))
    return bad(mode, path, `attribute value ${shortJson(json)} is not an AnyValue object`, json);
  if (depth > MAX_DEPTH) return bad(mode, path, `attribute value nested deeper than ${MAX_DEPTH}`, null);
  let v: unknown;
  if ((v = field(json, 'stringValue', 'string_value')) !== undefined) {
    return typeof v === 'string'
      ? { type: 'string', value: v }
      : bad(mode, path, `stringValue ${shortJson(v)} is not a string`, v);
  }
  if ((v = field(json, 'intValue', 'int_value')) !== undefined) {
    const n = readInt64(v);
    return n === null
      ? bad(mode, path, `intValue ${shortJson(v)} is not a 64-bit integer`, v)
      : { type: 'int', value: n };
  }
  if ((v = field(json, 'doubleValue', 'double_value')) !== undefined) {
    const d = readDouble(v);
    return d === null
      ? bad(mode, path, `doubleValue ${shortJson(v)} is not a number`, v)
      : { type: 'double', value: d };
  }
  if ((v = field(json, 'boolValue', 'bool_value')) !== undefined) {
    return typeof v === 'boolean'
      ? { type: 'bool', value: v }
      : bad(mode, path, `boolValue ${shortJson(v)} is not a boolean`, v);
  }
  if ((v = field(json, 'bytesValue', 'bytes_value')) !== undefined) {
    const bytes = typeof v === 'string' ? base64ToBytes(v) : null;
    return bytes
      ? { type: 'bytes', value: bytes }
      : bad(mode, path, `bytesValue ${shortJson(v)} is not base64`, v);
  }
  if ((v = field(json, 'arrayValue', 'array_value')) !== undefined) {
    const values = isObject(v) ? (v.values ?? []) : null;
    if (!Array.isArray(values)) return bad(mode, path, 'arrayValue has no values array', v);
    return {
      type: 'array',
      value: values.map((x, i) => convert(x, `${path}.arrayValue.values[${i}]`, mode, depth + 1)),
    };
  }
  if ((v = field(json, 'kvlistValue', 'kvlist_value')) !== undefined) {
    const values = isObject(v) ? (v.values ?? []) : null;
    if (!Array.isArray(values)) return bad(mode, path, 'kvlistValue has no values array', v);
    return { type: 'kvlist', value: keyValues(values, `${path}.kvlistValue.values`, mode, depth + 1) };
  }
  return EMPTY;
}

function keyValues(list: readonly unknown[], path: string, mode: Mode, depth: number): Attribute[] {
  const out: Attribute[] = [];
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    if (!isObject(kv) || typeof kv.key !== 'string') {
      if (mode === 'strict')
        throw new FormatError(LABEL, `${path}[${i}]`, 'attribute is not a {key, value} object');
      continue;
    }
    out.push({ key: kv.key, value: convert(kv.value, `${path}[${i}].value`, mode, depth) });
  }
  return out;
}

/** AttrValue of an OTLP JSON AnyValue; throws FormatError naming `path` when it is malformed. */
export function fromOtlpAnyValue(json: unknown, path = '$'): AttrValue {
  return convert(json, path, 'strict', 0);
}

/**
 * Attributes of an OTLP JSON KeyValue list. Strict by default; `lenient` keeps a malformed value as
 * a string (its text, or its JSON text) and skips entries without a key (used for cold data decoded lazily,
 * long after the input was accepted, where throwing would break a viewer instead of a decode).
 */
export function fromOtlpKeyValues(list: unknown, path = '$', lenient = false): Attribute[] {
  const mode: Mode = lenient ? 'lenient' : 'strict';
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    if (mode === 'strict') throw new FormatError(LABEL, path, 'attributes is not an array');
    return [];
  }
  return keyValues(list, path, mode, 0);
}

/** proto3 JSON writes non-finite doubles as strings; so must -0 be, as JSON.stringify drops its sign. */
function jsonDouble(d: number): number | string {
  if (Object.is(d, -0)) return '-0';
  if (Number.isFinite(d)) return d;
  return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
}

/** The proto3 JSON mapping of an AttrValue. */
export function toOtlpAnyValue(v: AttrValue): JsonObject {
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'int':
      return { intValue: v.value.toString() };
    case 'double':
      return { doubleValue: jsonDouble(v.value) };
    case 'bool':
      return { boolValue: v.value };
    case 'bytes':
      return { bytesValue: bytesToBase64(v.value) };
    case 'array':
      return { arrayValue: { values: v.value.map(toOtlpAnyValue) } };
    case 'kvlist':
      return { kvlistValue: { values: toOtlpKeyValues(v.value) } };
    case 'empty':
      return {};
  }
}

export function toOtlpKeyValues(attrs: readonly Attribute[]): JsonObject[] {
  return attrs.map((a) => ({ key: a.key, value: toOtlpAnyValue(a.value) }));
}
