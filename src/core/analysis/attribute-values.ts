/**
 * The value of one attribute per span, for grouping statistics by it: the span's attribute, else its
 * resource's (TraceQL's unscoped `.key`), as text. And the attribute keys a trace has, for a picker.
 *
 * The text is what the store answers for the same span (`details/values`, computed by DuckDB from
 * the flat search JSON of server/store/schema/search-attrs.ts), so that a trace grouped in the browser and
 * one grouped by the store agree: strings cut at GROUP_VALUE_MAX_CHARS, ints in decimal, doubles as
 * JavaScript writes them but `1e21` for `1e+21`, bools `true`/`false`, bytes in base64, arrays and
 * maps as compact JSON (duplicate map keys: the first; nesting cut at depth 8). An empty value counts
 * as no value (the resource's is taken).
 */
import { bytesToBase64 } from '../model/ids.ts';
import type { SpanTable } from '../model/span-table.ts';
import type { Attribute, AttrValue, Resource } from '../model/types.ts';

/** The store's search JSON cuts strings here (MAX_SEARCH_CHARS in server/store/schema/search-attrs.ts). */
export const GROUP_VALUE_MAX_CHARS = 4096;
/** Nesting beyond this is `null` (as in the search JSON). */
const MAX_DEPTH = 8;
/** Longest attribute key that can be grouped by (the store refuses longer ones). */
export const MAX_ATTRIBUTE_KEY_CHARS = 1000;
/** Keys listed per scope at most. */
export const MAX_LISTED_KEYS = 1000;

/** Per span row: index into `values`, or −1 where neither the span nor its resource has the attribute. */
export interface RowValues {
  readonly codes: Int32Array;
  readonly values: readonly string[];
}

export interface KeyCount {
  readonly key: string;
  /** Spans that have it (span scope), or whose resource has it (resource scope). */
  readonly count: number;
}

/** Attribute keys of a trace, most frequent first (ties by key), at most MAX_LISTED_KEYS per scope. */
export interface AttributeKeys {
  readonly span: readonly KeyCount[];
  readonly resource: readonly KeyCount[];
  /** Whether keys were left out (more than the bound in a scope). */
  readonly truncated: boolean;
}

function cut(s: string): string {
  return s.length > GROUP_VALUE_MAX_CHARS ? s.slice(0, GROUP_VALUE_MAX_CHARS) : s;
}

function doubleText(d: number): string {
  return String(d).replace('e+', 'e');
}

function bytesText(b: Uint8Array): string {
  return bytesToBase64(b.subarray(0, GROUP_VALUE_MAX_CHARS));
}

function firstOfKeys(list: readonly Attribute[]): Attribute[] {
  const seen = new Set<string>();
  return list.filter((a) => !seen.has(a.key) && seen.add(a.key) !== undefined);
}

/** A nested value as compact JSON. */
function json(v: AttrValue, depth: number): string {
  switch (v.type) {
    case 'string':
      return JSON.stringify(cut(v.value));
    case 'int':
      return v.value.toString();
    case 'double':
      return Number.isFinite(v.value) ? doubleText(v.value) : JSON.stringify(String(v.value));
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'bytes':
      return JSON.stringify(bytesText(v.value));
    case 'array':
      return depth >= MAX_DEPTH ? 'null' : `[${v.value.map((x) => json(x, depth + 1)).join(',')}]`;
    case 'kvlist':
      return depth >= MAX_DEPTH
        ? 'null'
        : `{${firstOfKeys(v.value)
            .map((a) => `${JSON.stringify(a.key)}:${json(a.value, depth + 1)}`)
            .join(',')}}`;
    case 'empty':
      return 'null';
  }
}

/** The text a value groups by, or null for an empty value. */
export function attributeText(v: AttrValue): string | null {
  switch (v.type) {
    case 'string':
      return cut(v.value);
    case 'double':
      return doubleText(v.value);
    case 'bytes':
      return bytesText(v.value);
    case 'empty':
      return null;
    default:
      return json(v, 0);
  }
}

function valueIn(attrs: readonly Attribute[], key: string): string | null {
  for (const a of attrs) if (a.key === key) return attributeText(a.value);
  return null;
}

/** The attribute's value of every span (span, else resource), as codes into distinct values in first-seen order. */
export function rowValues(table: SpanTable, key: string): RowValues {
  const codes = new Int32Array(table.count);
  const values: string[] = [];
  const codeOf = new Map<string, number>();
  const ofResource = new Map<Resource, string | null>();
  for (let r = 0; r < table.count; r++) {
    const d = table.details(r);
    let v = valueIn(d.attributes, key);
    if (v === null) {
      if (!ofResource.has(d.resource)) ofResource.set(d.resource, valueIn(d.resource.attributes, key));
      v = ofResource.get(d.resource) ?? null;
    }
    if (v === null) {
      codes[r] = -1;
      continue;
    }
    let c = codeOf.get(v);
    if (c === undefined) {
      c = values.push(v) - 1;
      codeOf.set(v, c);
    }
    codes[r] = c;
  }
  return { codes, values };
}

function distinctKeys(attrs: readonly Attribute[]): Iterable<string> {
  if (attrs.length <= 1) return attrs.map((a) => a.key);
  return new Set(attrs.map((a) => a.key));
}

function listed(counts: Map<string, number>): { keys: KeyCount[]; truncated: boolean } {
  const keys = [...counts]
    .filter(([key]) => key.length <= MAX_ATTRIBUTE_KEY_CHARS)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { keys: keys.slice(0, MAX_LISTED_KEYS), truncated: keys.length > MAX_LISTED_KEYS };
}

/** The span and resource attribute keys of the trace's spans, with how many spans have each. */
export function attributeKeys(table: SpanTable): AttributeKeys {
  const span = new Map<string, number>();
  const resource = new Map<string, number>();
  const keysOfResource = new Map<Resource, Iterable<string>>();
  for (let r = 0; r < table.count; r++) {
    const d = table.details(r);
    for (const key of distinctKeys(d.attributes)) span.set(key, (span.get(key) ?? 0) + 1);
    let keys = keysOfResource.get(d.resource);
    if (!keys) keysOfResource.set(d.resource, (keys = [...distinctKeys(d.resource.attributes)]));
    for (const key of keys) resource.set(key, (resource.get(key) ?? 0) + 1);
  }
  const s = listed(span);
  const res = listed(resource);
  return { span: s.keys, resource: res.keys, truncated: s.truncated || res.truncated };
}
