/**
 * Jaeger typed tags `{key, type, value}` ⇄ attributes. Types: string, bool, int64, float64, binary
 * (base64). Real files give bools as "true" strings and int64 as strings or numbers: coerce by type,
 * never by truthiness ("false" is a non-empty string).
 */
import { base64ToBytes, bytesToBase64 } from '../../model/ids.ts';
import { type Attribute, type AttrValue, attrValueToString } from '../../model/types.ts';
import { jsonText } from '../otlp-common.ts';
import { isObject, readInt64 } from '../otlp-json/json-fields.ts';

function tagValue(type: unknown, raw: unknown): AttrValue {
  switch (typeof type === 'string' ? type.toLowerCase() : type) {
    case 'bool':
    case 'boolean':
      if (typeof raw === 'boolean') return { type: 'bool', value: raw };
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw))
        return { type: 'bool', value: raw.toLowerCase() === 'true' };
      break;
    case 'int64': {
      const n = readInt64(raw);
      if (n !== null) return { type: 'int', value: n };
      break;
    }
    case 'float64': {
      const d = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof d === 'number' && !Number.isNaN(d)) return { type: 'double', value: d };
      if (raw === 'NaN') return { type: 'double', value: Number.NaN };
      break;
    }
    case 'binary': {
      const bytes = typeof raw === 'string' ? base64ToBytes(raw) : null;
      if (bytes) return { type: 'bytes', value: bytes };
      break;
    }
  }
  // 'string', an unknown type, or a value that does not fit its type: keep the text.
  return { type: 'string', value: jsonText(raw) };
}

/** Attributes of a Jaeger tag list (null and non-object entries are skipped). */
export function fromJaegerTags(tags: unknown): Attribute[] {
  if (!Array.isArray(tags)) return [];
  const out: Attribute[] = [];
  for (const t of tags) {
    if (isObject(t) && typeof t.key === 'string') out.push({ key: t.key, value: tagValue(t.type, t.value) });
  }
  return out;
}

export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}

/** A tag per OpenTelemetry's Jaeger mapping: arrays, maps and empty values become strings (JSON text). */
export function toJaegerTag(key: string, v: AttrValue): JaegerTag {
  switch (v.type) {
    case 'bool':
      return { key, type: 'bool', value: v.value };
    case 'int':
      return {
        key,
        type: 'int64',
        value: Number.isSafeInteger(Number(v.value)) ? Number(v.value) : v.value.toString(),
      };
    case 'double':
      return { key, type: 'float64', value: Number.isFinite(v.value) ? v.value : String(v.value) };
    case 'bytes':
      return { key, type: 'binary', value: bytesToBase64(v.value) };
    default:
      return { key, type: 'string', value: attrValueToString(v) };
  }
}

export function toJaegerTags(attrs: readonly Attribute[]): JaegerTag[] {
  return attrs.map((a) => toJaegerTag(a.key, a.value));
}
