/** OTLP protobuf AnyValue (as protobufjs decodes it) ⇄ AttrValue. */
import type { Attribute, AttrValue } from '../../model/types.ts';
import { bigIntToLong, type LongLike, longToBigInt } from './long.ts';

/** Deeper nesting is cut (kept as empty) rather than risking the stack on hostile input. */
const MAX_DEPTH = 64;

export interface ProtoAnyValue {
  readonly value?: string;
  readonly string_value?: string;
  readonly bool_value?: boolean;
  readonly int_value?: LongLike | number;
  readonly double_value?: number;
  readonly bytes_value?: Uint8Array;
  readonly array_value?: { readonly values?: readonly ProtoAnyValue[] };
  readonly kvlist_value?: { readonly values?: readonly ProtoKeyValue[] };
}

export interface ProtoKeyValue {
  readonly key?: string;
  readonly value?: ProtoAnyValue | null;
}

function convert(v: ProtoAnyValue | null | undefined, depth: number): AttrValue {
  if (!v || depth > MAX_DEPTH) return { type: 'empty' };
  switch (v.value) {
    case 'string_value':
      return { type: 'string', value: v.string_value ?? '' };
    case 'bool_value':
      return { type: 'bool', value: v.bool_value ?? false };
    case 'int_value':
      return { type: 'int', value: longToBigInt(v.int_value, true) };
    case 'double_value':
      return { type: 'double', value: v.double_value ?? 0 };
    case 'bytes_value':
      // A copy, so the value does not pin the whole request buffer.
      return { type: 'bytes', value: new Uint8Array(v.bytes_value ?? []) };
    case 'array_value':
      return { type: 'array', value: (v.array_value?.values ?? []).map((x) => convert(x, depth + 1)) };
    case 'kvlist_value':
      return { type: 'kvlist', value: keyValues(v.kvlist_value?.values, depth + 1) };
    default:
      return { type: 'empty' };
  }
}

function keyValues(list: readonly ProtoKeyValue[] | undefined, depth: number): Attribute[] {
  return (list ?? []).map((kv) => ({ key: kv.key ?? '', value: convert(kv.value, depth) }));
}

export function fromProtoKeyValues(list: readonly ProtoKeyValue[] | undefined): Attribute[] {
  return keyValues(list, 0);
}

/** The plain object protobufjs `fromObject`/`encode` takes for an AnyValue. */
export function toProtoAnyValue(v: AttrValue): Record<string, unknown> {
  switch (v.type) {
    case 'string':
      return { string_value: v.value };
    case 'int':
      return { int_value: bigIntToLong(v.value, false) };
    case 'double':
      return { double_value: v.value };
    case 'bool':
      return { bool_value: v.value };
    case 'bytes':
      return { bytes_value: v.value };
    case 'array':
      return { array_value: { values: v.value.map(toProtoAnyValue) } };
    case 'kvlist':
      return { kvlist_value: { values: toProtoKeyValues(v.value) } };
    case 'empty':
      return {};
  }
}

export function toProtoKeyValues(attrs: readonly Attribute[]): Record<string, unknown>[] {
  return attrs.map((a) => ({ key: a.key, value: toProtoAnyValue(a.value) }));
}
