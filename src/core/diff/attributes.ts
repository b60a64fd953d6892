/**
 * Span attribute changes between a matched pair: keys only in A (removed), only in B (added), or
 * in both with different values (typed: int 1 and string "1" differ). A key written twice counts
 * with its first value, as `findAttr` reads it.
 */
import type { Attribute, AttrValue } from '../model/types.ts';

export interface AttrChange {
  readonly key: string;
  /** The value in A, or undefined when the key is only in B. */
  readonly a: AttrValue | undefined;
  /** The value in B, or undefined when the key is only in A. */
  readonly b: AttrValue | undefined;
}

export function attrValueEquals(x: AttrValue, y: AttrValue): boolean {
  if (x.type === 'empty' || y.type === 'empty') return x.type === y.type;
  if (x.type !== y.type) return false;
  const other = y.value;
  switch (x.type) {
    case 'double':
      return x.value === other || Object.is(x.value, other);
    case 'bytes': {
      const v = other as Uint8Array;
      return x.value.length === v.length && x.value.every((byte, i) => byte === v[i]);
    }
    case 'array': {
      const v = other as readonly AttrValue[];
      return x.value.length === v.length && x.value.every((item, i) => attrValueEquals(item, v[i]));
    }
    case 'kvlist': {
      const v = other as readonly Attribute[];
      return (
        x.value.length === v.length &&
        x.value.every((item, i) => item.key === v[i].key && attrValueEquals(item.value, v[i].value))
      );
    }
    default:
      return x.value === other;
  }
}

function firstValues(attrs: readonly Attribute[]): Map<string, AttrValue> {
  const map = new Map<string, AttrValue>();
  for (const a of attrs) if (!map.has(a.key)) map.set(a.key, a.value);
  return map;
}

/** The changes from `a` to `b`, sorted by key. */
export function attributeChanges(a: readonly Attribute[], b: readonly Attribute[]): AttrChange[] {
  if (a === b) return [];
  const inA = firstValues(a);
  const inB = firstValues(b);
  const changes: AttrChange[] = [];
  for (const [key, value] of inA) {
    const other = inB.get(key);
    if (other === undefined || !attrValueEquals(value, other)) changes.push({ key, a: value, b: other });
  }
  for (const [key, value] of inB) if (!inA.has(key)) changes.push({ key, a: undefined, b: value });
  return changes.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** Share of the keys of either side that changed: 0 (same attributes) to 1 (nothing in common). */
export function attributeDistance(a: readonly Attribute[], b: readonly Attribute[]): number {
  if (a === b || (a.length === 0 && b.length === 0)) return 0;
  const changed = attributeChanges(a, b).length;
  if (changed === 0) return 0;
  const keys = new Set<string>();
  for (const x of a) keys.add(x.key);
  for (const x of b) keys.add(x.key);
  return changed / keys.size;
}
