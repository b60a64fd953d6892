/**
 * Attributes as one flat JSON object per span (and per resource) for search: `{"http.route":"/x",
 * "http.status_code":500,"retry":true}`. Chosen over a key/value table (one row per attribute
 * halved ingest throughput) and over MAP columns (slow to append from JS): the column costs one
 * string per span, and DuckDB's JSON functions query it directly, e.g.
 * `attrs->>'$."http.route"' = '/x'` or `(attrs->'$."http.status_code"')::BIGINT >= 500`
 * (~100 ms over 1M spans for one condition, less with a time or service filter first).
 *
 * Types are kept (ints as exact JSON integers, doubles, bools, strings); bytes become base64 text,
 * arrays JSON arrays, kvlists nested objects. Strings are cut at MAX_SEARCH_CHARS (the full value
 * stays in `detail`); the first of duplicate keys wins.
 *
 * Two inputs give the same text: decoded attributes (AttrValue, any format) and protobufjs
 * KeyValue messages (the protobuf ingest path, which builds no AttrValues).
 */
import type { ProtoAnyValue, ProtoKeyValue } from '../../../core/formats/otlp-proto/any-value.ts';
import { quotedKey } from '../../../core/formats/otlp-proto/detail-text.ts';
import { longDecimal } from '../../../core/formats/otlp-proto/long.ts';
import { bytesToBase64 } from '../../../core/model/ids.ts';
import type { Attribute, AttrValue } from '../../../core/model/types.ts';

export const MAX_SEARCH_CHARS = 4096;
/** Deeper kvlists/arrays are cut (null) so that hostile nesting cannot blow the stack. */
const MAX_DEPTH = 8;
const NO_BYTES = new Uint8Array(0);

type Keyed = { readonly key?: string };
type ValueJson<T extends Keyed> = (entry: T, depth: number) => string;

function stringJson(s: string): string {
  return JSON.stringify(s.length > MAX_SEARCH_CHARS ? s.slice(0, MAX_SEARCH_CHARS) : s);
}

function doubleJson(d: number): string {
  return Number.isFinite(d) ? String(d) : JSON.stringify(String(d));
}

function bytesJson(b: Uint8Array): string {
  return JSON.stringify(bytesToBase64(b.subarray(0, MAX_SEARCH_CHARS)));
}

function valueJson(v: AttrValue, depth: number): string {
  switch (v.type) {
    case 'string':
      return stringJson(v.value);
    case 'int':
      return v.value.toString();
    case 'double':
      return doubleJson(v.value);
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'bytes':
      return bytesJson(v.value);
    case 'array':
      if (depth >= MAX_DEPTH) return 'null';
      return `[${v.value.map((x) => valueJson(x, depth + 1)).join(',')}]`;
    case 'kvlist':
      return depth >= MAX_DEPTH ? 'null' : objectJson(v.value, depth + 1, attributeJson);
    case 'empty':
      return 'null';
  }
}

function attributeJson(a: Attribute, depth: number): string {
  return valueJson(a.value, depth);
}

function protoValueJson(v: ProtoAnyValue | null | undefined, depth: number): string {
  switch (v?.value) {
    case 'string_value':
      return stringJson(v.string_value ?? '');
    case 'int_value':
      return longDecimal(v.int_value, true);
    case 'double_value':
      return doubleJson(v.double_value ?? 0);
    case 'bool_value':
      return v.bool_value ? 'true' : 'false';
    case 'bytes_value':
      return bytesJson(v.bytes_value ?? NO_BYTES);
    case 'array_value': {
      if (depth >= MAX_DEPTH) return 'null';
      const values = v.array_value?.values ?? [];
      let out = '';
      for (let i = 0; i < values.length; i++) out += `${i ? ',' : ''}${protoValueJson(values[i], depth + 1)}`;
      return `[${out}]`;
    }
    case 'kvlist_value':
      return depth >= MAX_DEPTH ? 'null' : objectJson(v.kvlist_value?.values ?? [], depth + 1, keyValueJson);
    default:
      return 'null';
  }
}

function keyValueJson(kv: ProtoKeyValue, depth: number): string {
  return protoValueJson(kv.value, depth);
}

/** Whether list[i]'s key came earlier (a linear scan: spans have few attributes; a Map beyond 16). */
export function duplicateKeys(list: readonly Keyed[]): ((i: number) => boolean) | null {
  if (list.length <= 1) return null;
  if (list.length <= 16) {
    return (i) => {
      const key = list[i].key ?? '';
      for (let j = 0; j < i; j++) if ((list[j].key ?? '') === key) return true;
      return false;
    };
  }
  const first = new Map<string, number>();
  list.forEach((a, i) => {
    if (!first.has(a.key ?? '')) first.set(a.key ?? '', i);
  });
  return (i) => first.get(list[i].key ?? '') !== i;
}

function objectJson<T extends Keyed>(list: readonly T[], depth: number, entryJson: ValueJson<T>): string {
  const isDuplicate = duplicateKeys(list);
  let out = '';
  for (let i = 0; i < list.length; i++) {
    if (isDuplicate?.(i)) continue;
    out += `${out ? ',' : ''}${quotedKey(list[i].key ?? '')}:${entryJson(list[i], depth)}`;
  }
  return `{${out}}`;
}

export function searchAttrsJson(attrs: readonly Attribute[]): string {
  return attrs.length === 0 ? '{}' : objectJson(attrs, 0, attributeJson);
}

/** One member of the search object: `"key":value`. */
export function protoSearchMember(kv: ProtoKeyValue): string {
  return `${quotedKey(kv.key ?? '')}:${protoValueJson(kv.value, 0)}`;
}

/** searchAttrsJson of the attributes these protobufjs KeyValue messages decode to. */
export function protoSearchAttrsJson(list: readonly ProtoKeyValue[] | undefined): string {
  return !list || list.length === 0 ? '{}' : objectJson(list, 0, keyValueJson);
}
