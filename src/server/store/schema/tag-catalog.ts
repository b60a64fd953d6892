/**
 * Attribute keys and values seen in ingested data, for autocomplete (Tempo's tags and tag values).
 * Kept in memory so the answers cost nothing at any store size, and persisted in `tag_values` so
 * they survive a restart. Bounded against hostile input: so many keys per scope, so many values
 * per key, values up to so many characters; what does not fit is simply not offered.
 */
import type { ProtoAnyValue, ProtoKeyValue } from '../../../core/formats/otlp-proto/any-value.ts';
import { longDecimal } from '../../../core/formats/otlp-proto/long.ts';
import type { Attribute, AttrValue } from '../../../core/model/types.ts';

export type TagScope = 'resource' | 'span' | 'event' | 'link' | 'instrumentation' | 'intrinsic';

/** Tempo's value types; `keyword` is for enums (status, kind). */
export type TagValueType = 'string' | 'int' | 'float' | 'bool' | 'keyword';

export interface TagRow {
  readonly scope: string;
  readonly key: string;
  /** null with `value` null: the key exists but none of its values is kept. */
  readonly type: string | null;
  readonly value: string | null;
}

export interface TagLimits {
  readonly maxKeysPerScope: number;
  readonly maxValuesPerKey: number;
  readonly maxValueChars: number;
}

export const DEFAULT_TAG_LIMITS: TagLimits = {
  maxKeysPerScope: 1000,
  maxValuesPerKey: 200,
  maxValueChars: 256,
};

/** value → type, per key, per scope. */
type Values = Map<string, string>;

export class TagCatalog {
  private readonly scopes = new Map<string, Map<string, Values>>();
  private unwritten: TagRow[] = [];

  constructor(readonly limits: TagLimits = DEFAULT_TAG_LIMITS) {}

  /** Rows read back from `tag_values` at open; they are not written again. */
  load(rows: Iterable<TagRow>): void {
    for (const r of rows) {
      const values = this.keyValues(r.scope, r.key, false);
      if (values && r.value !== null && r.type !== null) values.set(r.value, r.type);
    }
  }

  addAttributes(scope: TagScope, attrs: readonly Attribute[]): void {
    if (attrs.length === 0) return;
    const keys = this.keysOf(scope);
    for (const a of attrs) {
      const values = keys.get(a.key) ?? this.newKey(scope, keys, a.key, true);
      if (values) this.addAttrValue(scope, a.key, values, a.value, true);
    }
  }

  /** addAttributes of the attributes these protobufjs KeyValue messages decode to. */
  addProtoAttributes(scope: TagScope, list: readonly ProtoKeyValue[] | undefined): void {
    if (!list) return;
    for (let i = 0; i < list.length; i++) this.addProtoAttribute(scope, list[i]);
  }

  addProtoAttribute(scope: TagScope, kv: ProtoKeyValue): void {
    const keys = this.keysOf(scope);
    const key = kv.key ?? '';
    const values = keys.get(key) ?? this.newKey(scope, keys, key, true);
    if (values) this.addProtoValue(scope, key, values, kv.value, true);
  }

  addValue(scope: TagScope, key: string, type: TagValueType, value: string): void {
    const values = this.keyValues(scope, key, true);
    if (values) this.put(scope, key, values, type, value);
  }

  /** Rows from another catalog (a preparer's): those new here are kept and become unwritten rows. */
  addRows(rows: readonly TagRow[]): void {
    for (const r of rows) {
      const values = this.keyValues(r.scope, r.key, true);
      if (values && r.value !== null && r.type !== null) this.put(r.scope, r.key, values, r.type, r.value);
    }
  }

  /** Rows added since the last call, to write with the next commit. */
  takeUnwritten(): TagRow[] {
    const rows = this.unwritten;
    this.unwritten = [];
    return rows;
  }

  /**
   * Undoes the rows added last (as added, in order): the catalog is as it was before them. For the
   * ingest's direct protobuf path, when a request it began turns out to need the message path.
   */
  forget(rows: readonly TagRow[]): void {
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i];
      const keys = this.scopes.get(r.scope);
      if (r.value === null) keys?.delete(r.key);
      else keys?.get(r.key)?.delete(r.value);
    }
  }

  /** Gives back rows whose commit failed, so that the next commit writes them. */
  restoreUnwritten(rows: readonly TagRow[]): void {
    this.unwritten.push(...rows);
  }

  keys(scope: string): string[] {
    return [...(this.scopes.get(scope)?.keys() ?? [])].sort();
  }

  values(scope: string, key: string): { type: string; value: string }[] {
    const values = this.scopes.get(scope)?.get(key);
    if (!values) return [];
    return [...values].map(([value, type]) => ({ type, value }));
  }

  private keysOf(scope: string): Map<string, Values> {
    let keys = this.scopes.get(scope);
    if (!keys) this.scopes.set(scope, (keys = new Map()));
    return keys;
  }

  private keyValues(scope: string, key: string, record: boolean): Values | undefined {
    const keys = this.keysOf(scope);
    return keys.get(key) ?? this.newKey(scope, keys, key, record);
  }

  private newKey(scope: string, keys: Map<string, Values>, key: string, record: boolean): Values | undefined {
    if (keys.size >= this.limits.maxKeysPerScope || key.length > this.limits.maxValueChars) return undefined;
    const values: Values = new Map();
    keys.set(key, values);
    if (record) this.unwritten.push({ scope, key, type: null, value: null });
    return values;
  }

  private addAttrValue(scope: string, key: string, values: Values, v: AttrValue, top: boolean): void {
    if (v.type === 'string') this.put(scope, key, values, 'string', v.value);
    else if (v.type === 'int') this.put(scope, key, values, 'int', v.value.toString());
    else if (v.type === 'double') this.put(scope, key, values, 'float', String(v.value));
    else if (v.type === 'bool') this.put(scope, key, values, 'bool', String(v.value));
    // TraceQL compares array attributes element by element, so the elements are the values.
    else if (v.type === 'array' && top)
      for (const x of v.value) this.addAttrValue(scope, key, values, x, false);
  }

  private addProtoValue(
    scope: string,
    key: string,
    values: Values,
    v: ProtoAnyValue | null | undefined,
    top: boolean,
  ): void {
    // A full key takes no more values: skip writing the value's text.
    if (values.size >= this.limits.maxValuesPerKey) return;
    const type = v?.value;
    if (type === 'string_value') this.put(scope, key, values, 'string', v?.string_value ?? '');
    else if (type === 'int_value') this.put(scope, key, values, 'int', longDecimal(v?.int_value, true));
    else if (type === 'double_value') this.put(scope, key, values, 'float', String(v?.double_value ?? 0));
    else if (type === 'bool_value') this.put(scope, key, values, 'bool', String(v?.bool_value ?? false));
    // TraceQL compares array attributes element by element, so the elements are the values.
    else if (type === 'array_value' && top)
      for (const x of v?.array_value?.values ?? []) this.addProtoValue(scope, key, values, x, false);
  }

  private put(scope: string, key: string, values: Values, type: string, value: string): void {
    // Cheapest tests first: this runs for every attribute of every span.
    if (value.length > this.limits.maxValueChars || values.size >= this.limits.maxValuesPerKey) return;
    if (values.has(value)) return;
    values.set(value, type);
    this.unwritten.push({ scope, key, type, value });
  }
}
