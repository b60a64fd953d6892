/**
 * A validating JSON cursor over UTF-8 bytes that builds no values: it walks objects and arrays key by
 * key and skips (while checking) whatever the caller does not read. It accepts exactly what JSON.parse
 * of the decoded text accepts (the grammar of RFC 8259; invalid UTF-8 is no syntax error, as the
 * decoder turns it into U+FFFD without ever swallowing an ASCII byte), so a caller that gets through
 * a document knows JSON.parse would have read it. Every method returns false (or -1) on anything
 * invalid and never throws: the caller then falls back to JSON.parse, which names the error.
 */

import { lastStringEscaped, scanString, skipJsonValue } from './skip.ts';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end && isWs(b[i])) i++;
  return i;
}

function scanLiteral(b: Uint8Array, i: number, end: number, word: string): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

export class JsonBytes {
  /** Index of the next byte to read. */
  pos = 0;
  /** Key bytes [keyFrom, keyTo) of the last nextKey() (without quotes). */
  keyFrom = 0;
  keyTo = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly end: number = bytes.length,
  ) {}

  /** Skips whitespace; the byte there, or -1 at the end. */
  ws(): number {
    const i = skipWs(this.bytes, this.pos, this.end);
    this.pos = i;
    return i < this.end ? this.bytes[i] : -1;
  }

  /** Skips (and checks) the value at pos (after whitespace). */
  skipValue(): boolean {
    const i = skipJsonValue(this.bytes, this.pos, this.end);
    if (i < 0) return false;
    this.pos = i;
    return true;
  }

  /**
   * Walks an object: call with first = true right after its '{' has been consumed, then with false.
   * 1: a key was read (keyFrom/keyTo set; pos at its value, after whitespace); 0: the object ended
   * ('}' consumed); -1: invalid, or a key with an escape (which a byte comparison cannot match).
   */
  nextKey(first: boolean): number {
    const b = this.bytes;
    let i = skipWs(b, this.pos, this.end);
    if (i < this.end && b[i] === RBRACE) {
      // Right after '{' or after a value; `{"a":1,}` fails below (a brace where a key must be).
      this.pos = i + 1;
      return 0;
    }
    if (!first) {
      if (i >= this.end || b[i] !== COMMA) return -1;
      i = skipWs(b, i + 1, this.end);
    }
    if (i >= this.end || b[i] !== QUOTE) return -1;
    const close = scanString(b, i + 1, this.end);
    if (close < 0 || lastStringEscaped()) return -1;
    this.keyFrom = i + 1;
    this.keyTo = close - 1;
    i = skipWs(b, close, this.end);
    if (i >= this.end || b[i] !== COLON) return -1;
    this.pos = skipWs(b, i + 1, this.end);
    return 1;
  }

  /** Like nextKey for arrays: 1 when an element starts at pos, 0 when ']' was consumed, -1 invalid. */
  nextElement(first: boolean): number {
    const b = this.bytes;
    let i = skipWs(b, this.pos, this.end);
    if (i < this.end && b[i] === RBRACKET) {
      this.pos = i + 1;
      return 0;
    }
    if (!first) {
      if (i >= this.end || b[i] !== COMMA) return -1;
      i = skipWs(b, i + 1, this.end);
    }
    this.pos = i;
    return 1;
  }

  /** Consumes the byte at pos when it is `open` ('{' or '['). */
  open(open: number): boolean {
    if (this.pos >= this.end || this.bytes[this.pos] !== open) return false;
    this.pos++;
    return true;
  }

  /** True when the value at pos is the literal null (consumed). */
  nullLiteral(): boolean {
    const i = scanLiteral(this.bytes, this.pos, this.end, 'null');
    if (i < 0) return false;
    this.pos = i;
    return true;
  }
}

export const Byte = { QUOTE, LBRACE, LBRACKET, RBRACE, RBRACKET } as const;

/** Matches key bytes against a fixed set of keys (by length, then bytes). */
export class KeyTable {
  private readonly byLength: { bytes: Uint8Array; id: number }[][] = [];

  constructor(keys: readonly string[]) {
    keys.forEach((key, id) => {
      const bytes = Uint8Array.from(key, (c) => c.charCodeAt(0));
      (this.byLength[key.length] ??= []).push({ bytes, id });
    });
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
