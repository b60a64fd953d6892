/**
 * Matching the keys of objects read by JsonBytes against fixed sets of keys, by their bytes: KeyTable
 * (by length, then bytes, optionally ignoring ASCII case) and KeySequence (a writer's key order,
 * learnt as it goes and matched as whole byte patterns first).
 */
import type { JsonBytes } from './cursor.ts';

/** KeyTable.next's and KeySequence.next's answers besides a key index. */
export const OTHER_KEY = -2;
export const OBJECT_END = -3;

/**
 * Keys of objects that repeat one layout (spans of one writer): after key p, the key that followed p
 * last time is tried first, as the bytes `,"key":`, before the general path (nextKey + KeyTable).
 */
export class KeySequence {
  readonly table: KeyTable;
  /** `,"key":` per key. */
  private readonly patterns: Uint8Array[];
  /** The key that followed key p (at p + 1; at 0: the first key), or -1. */
  private readonly after: Int32Array;

  constructor(keys: readonly string[]) {
    this.table = new KeyTable(keys);
    this.patterns = keys.map((k) => asciiBytes(`,${JSON.stringify(k)}:`));
    this.after = new Int32Array(keys.length + 1).fill(-1);
  }

  /**
   * Like JsonBytes.nextKey for an object whose previous key had index `prev` (-1: none yet, right
   * after its '{'): the index of the key read (OTHER_KEY for one not in the table), the cursor on its
   * value; OBJECT_END when the object ended; -1 when invalid (or an escaped key).
   */
  next(j: JsonBytes, prev: number): number {
    const guess = prev === OTHER_KEY ? -1 : this.after[prev + 1];
    if (guess >= 0) {
      const pattern = this.patterns[guess];
      const b = j.bytes;
      let i = j.pos;
      let k = prev === -1 ? 1 : 0;
      if (i + pattern.length - k <= j.end) {
        while (k < pattern.length && b[i] === pattern[k]) {
          i++;
          k++;
        }
        if (k === pattern.length) {
          j.pos = i;
          j.ws();
          return guess;
        }
      }
    }
    const key = this.table.next(j, prev === -1);
    if (prev !== OTHER_KEY && key >= 0) this.after[prev + 1] = key;
    return key;
  }
}

/** The bytes of an ASCII text, for `literal`. */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Matches key bytes against a fixed set of keys (by length, then bytes). */
export class KeyTable {
  private readonly byLength: { bytes: Uint8Array; id: number }[][] = [];

  constructor(keys: readonly string[]) {
    keys.forEach((key, id) => {
      const bytes = asciiBytes(key);
      (this.byLength[key.length] ??= []).push({ bytes, id });
    });
  }

  /**
   * The next key of the object being walked (first: right after its '{'), read by JsonBytes.nextKey:
   * its index in this table (OTHER_KEY for another key), the cursor on its value; OBJECT_END once the
   * '}' is consumed; -1 when invalid (an escaped key included).
   */
  next(j: JsonBytes, first: boolean): number {
    const r = j.nextKey(first);
    if (r <= 0) return r === 0 ? OBJECT_END : -1;
    const key = this.match(j.bytes, j.keyFrom, j.keyTo);
    return key < 0 ? OTHER_KEY : key;
  }

  /** Like match, ASCII letters compared without their case (the keys being ASCII). */
  matchIgnoringCase(b: Uint8Array, from: number, to: number): number {
    const candidates = this.byLength[to - from];
    if (candidates === undefined) return -1;
    outer: for (let c = 0; c < candidates.length; c++) {
      const key = candidates[c].bytes;
      for (let k = 0; k < key.length; k++) {
        const x = b[from + k];
        const y = key[k];
        if (x !== y && !((x | 0x20) === (y | 0x20) && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a))
          continue outer;
      }
      return candidates[c].id;
    }
    return -1;
  }

  /** Index of the key in the constructor's list, or -1. */
  match(b: Uint8Array, from: number, to: number): number {
    const candidates = this.byLength[to - from];
    if (candidates === undefined) return -1;
    outer: for (let c = 0; c < candidates.length; c++) {
      const key = candidates[c].bytes;
      for (let k = 0; k < key.length; k++) if (b[from + k] !== key[k]) continue outer;
      return candidates[c].id;
    }
    return -1;
  }
}
