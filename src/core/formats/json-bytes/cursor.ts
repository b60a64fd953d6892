/**
 * A validating JSON cursor over UTF-8 bytes that builds no values: it walks objects and arrays key by
 * key and skips (while checking) whatever the caller does not read. It accepts exactly what JSON.parse
 * of the decoded text accepts (the grammar of RFC 8259; invalid UTF-8 is no syntax error, as the
 * decoder turns it into U+FFFD without ever swallowing an ASCII byte), so a caller that gets through
 * a document knows JSON.parse would have read it. Every method returns false (or -1) on anything
 * invalid and never throws: the caller then falls back to JSON.parse, which names the error.
 */

import { type KeyTable, OBJECT_END } from './keys.ts';
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
  keyEscaped = false;

  constructor(
    public bytes: Uint8Array,
    public end: number = bytes.length,
  ) {}

  /** Moves the cursor to bytes[pos], reading up to `end` (a streaming reader's next chunk). */
  reset(bytes: Uint8Array, pos: number, end: number): void {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  /** Skips whitespace; the byte there, or -1 at the end. */
  ws(): number {
    const i = skipWs(this.bytes, this.pos, this.end);
    this.pos = i;
    return i < this.end ? this.bytes[i] : -1;
  }

  /** Skips (and checks) the value at pos (after whitespace). */
  skipValue(): boolean {
    const { bytes: b, pos: i, end } = this;
    const c = b[i];
    let next: number;
    // Strings and plain integers, the most common small values, without the automaton.
    if (c === QUOTE) next = scanString(b, i + 1, end);
    else if (c >= 0x31 && c <= 0x39) {
      next = i + 1;
      while (next < end && b[next] >= 0x30 && b[next] <= 0x39) next++;
      const d = b[next];
      if (next >= end || d === 0x2e || d === 0x65 || d === 0x45) next = skipJsonValue(b, i, end);
    } else next = skipJsonValue(b, i, end);
    if (next < 0) return false;
    this.pos = next;
    return true;
  }

  /**
   * Walks an object: call with first = true right after its '{' has been consumed, then with false.
   * 1: a key was read (keyFrom/keyTo set; pos at its value, after whitespace); 0: the object ended
   * ('}' consumed); -1: invalid, or a key with an escape (which a byte comparison cannot match),
   * unless `escapes` allows them (keyEscaped then says whether it had one).
   */
  nextKey(first: boolean, escapes = false): number {
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
    if (close < 0) return -1;
    this.keyEscaped = lastStringEscaped();
    if (this.keyEscaped && !escapes) return -1;
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

  /** The array at pos, each element read by `element` (the cursor on it); false when either fails. */
  array(element: () => boolean): boolean {
    if (!this.open(LBRACKET)) return false;
    for (let first = true; ; first = false) {
      const r = this.nextElement(first);
      if (r <= 0) return r === 0;
      if (!element()) return false;
    }
  }

  /**
   * Walks the object at pos (its '{' included), noting where the value of each key of `keys` lies:
   * [ranges[2i], ranges[2i + 1]) for keys[i], -1 when absent (the last of a repeated key wins, as in
   * JSON.parse). False when it is invalid (an escaped key included).
   */
  members(keys: KeyTable, ranges: Int32Array): boolean {
    if (!this.open(LBRACE)) return false;
    ranges.fill(-1);
    for (let key = keys.next(this, true); key !== OBJECT_END; key = keys.next(this, false)) {
      const from = this.pos;
      if (key === -1 || !this.skipValue()) return false;
      if (key >= 0) {
        ranges[2 * key] = from;
        ranges[2 * key + 1] = this.pos;
      }
    }
    return true;
  }

  /** Consumes the byte at pos when it is `open` ('{' or '['). */
  open(open: number): boolean {
    if (this.pos >= this.end || this.bytes[this.pos] !== open) return false;
    this.pos++;
    return true;
  }

  /** Consumes `expected` (ASCII bytes) when the input has it at pos. */
  literal(expected: Uint8Array): boolean {
    const b = this.bytes;
    const i = this.pos;
    if (i + expected.length > this.end) return false;
    for (let k = 0; k < expected.length; k++) if (b[i + k] !== expected[k]) return false;
    this.pos = i + expected.length;
    return true;
  }

  /** Consumes the string at pos (its quotes included) when it is a valid one; its end, or -1. */
  string(): number {
    if (this.bytes[this.pos] !== QUOTE) return -1;
    const close = scanString(this.bytes, this.pos + 1, this.end);
    if (close > 0) this.pos = close;
    return close;
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
