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
 */
import { bytesToBase64 } from '../../core/model/ids.ts';
import type { Attribute, AttrValue } from '../../core/model/types.ts';

export const MAX_SEARCH_CHARS = 4096;
/** Deeper kvlists/arrays are cut (null) so that hostile nesting cannot blow the stack. */
const MAX_DEPTH = 8;

function valueJson(v: AttrValue, depth: number): string {
  switch (v.type) {
    case 'string':
      return JSON.stringify(v.value.length > MAX_SEARCH_CHARS ? v.value.slice(0, MAX_SEARCH_CHARS) : v.value);
    case 'int':
      return v.value.toString();
    case 'double':
      return Number.isFinite(v.value) ? String(v.value) : JSON.stringify(String(v.value));
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'bytes':
      return JSON.stringify(bytesToBase64(v.value.subarray(0, MAX_SEARCH_CHARS)));
    case 'array':
      if (depth >= MAX_DEPTH) return 'null';
      return `[${v.value.map((x) => valueJson(x, depth + 1)).join(',')}]`;
    case 'kvlist':
      return depth >= MAX_DEPTH ? 'null' : objectJson(v.value, depth + 1);
    case 'empty':
      return 'null';
  }
}

/** Keys repeat across spans; quoting each once saves a JSON.stringify per attribute. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size >= 10_000) quotedKeys.clear();
    quotedKeys.set(key, q);
  }
  return q;
}

/** Whether attrs[i]'s key came earlier (a linear scan: spans have few attributes; a Set beyond 16). */
function duplicateKeys(attrs: readonly Attribute[]): ((i: number) => boolean) | null {
  if (attrs.length <= 1) return null;
  if (attrs.length <= 16) {
    return (i) => {
      for (let j = 0; j < i; j++) if (attrs[j].key === attrs[i].key) return true;
      return false;
    };
  }
  const first = new Map<string, number>();
  attrs.forEach((a, i) => {
    if (!first.has(a.key)) first.set(a.key, i);
  });
  return (i) => first.get(attrs[i].key) !== i;
}

function objectJson(attrs: readonly Attribute[], depth: number): string {
  const isDuplicate = duplicateKeys(attrs);
  let out = '';
  for (let i = 0; i < attrs.length; i++) {
    if (isDuplicate?.(i)) continue;
    out += `${out ? ',' : ''}${quotedKey(attrs[i].key)}:${valueJson(attrs[i].value, depth)}`;
  }
  return `{${out}}`;
}

export function searchAttrsJson(attrs: readonly Attribute[]): string {
  return attrs.length === 0 ? '{}' : objectJson(attrs, 0);
}
