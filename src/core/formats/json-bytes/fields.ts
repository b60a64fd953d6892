/**
 * Hot span fields read from the bytes of a JSON value [from, to) that JsonBytes has already checked:
 * strings, ids and interned names, each with the meaning the JSON.parse decoders give the parsed
 * value. A value outside the fast cases (an escape, a non-canonical id) is parsed with JSON.parse and
 * handed to the functions those decoders use. Every reader returns null when the value is not
 * acceptable: the caller then gives up and the JSON.parse path names the problem.
 */
import { keepWideIntegers } from '../parse-input.ts';
import { parentIdOrNull, spanIdOrNull, traceIdOrNull } from '../span-ids.ts';
import { utf8Decode } from '../text.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Lower-case hex digit → 1 (the canonical id alphabet). */
const LOWER_HEX = new Uint8Array(256);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;

/** A JSON value (already checked) → its JS value, as parseJsonText reads it (wide OTLP ints exact). */
export function jsonAt(b: Uint8Array, from: number, to: number): unknown {
  return JSON.parse(keepWideIntegers(utf8Decode(b.subarray(from, to))));
}

/** The string of ASCII bytes [from, to). */
export function asciiString(b: Uint8Array, from: number, to: number): string {
  if (to - from === 16)
    return String.fromCharCode(
      b[from],
      b[from + 1],
      b[from + 2],
      b[from + 3],
      b[from + 4],
      b[from + 5],
      b[from + 6],
      b[from + 7],
      b[from + 8],
      b[from + 9],
      b[from + 10],
      b[from + 11],
      b[from + 12],
      b[from + 13],
      b[from + 14],
      b[from + 15],
    );
  if (to - from > 256) return utf8Decode(b.subarray(from, to));
  return String.fromCharCode.apply(null, b.subarray(from, to) as unknown as number[]);
}

/** True when the string value [from, to) (with its quotes) has no escape and no byte ≥ 0x80. */
export function isPlainAscii(b: Uint8Array, from: number, to: number): boolean {
  for (let k = from + 1; k < to - 1; k++) if (b[k] >= 0x80 || b[k] === BACKSLASH) return false;
  return true;
}

/** The value [from, to) as jsonAt gives it, plain strings and literals without JSON.parse (tag values). */
export function valueAt(b: Uint8Array, from: number, to: number): unknown {
  const c = b[from];
  if (c === QUOTE && isPlainAscii(b, from, to)) return asciiString(b, from + 1, to - 1);
  if (c === 0x74) return true;
  if (c === 0x66) return false;
  if (c === 0x6e) return null;
  return jsonAt(b, from, to);
}

/** True when the value [from, to) is absent (from < 0), null or an empty array. */
export function isNullOrEmptyList(b: Uint8Array, from: number, to: number): boolean {
  if (from < 0 || b[from] === 0x6e) return true;
  if (b[from] !== 0x5b) return false;
  for (let k = from + 1; k < to - 1; k++)
    if (b[k] !== 0x20 && b[k] !== 0x0a && b[k] !== 0x0d && b[k] !== 0x09) return false;
  return true;
}

/** True when the value [from, to) is an array with at least one element. */
export function isNonEmptyList(b: Uint8Array, from: number, to: number): boolean {
  return from >= 0 && b[from] === 0x5b && !isNullOrEmptyList(b, from, to);
}

/** The value [from, to) as a string, or null when it is not a JSON string. */
export function stringAt(b: Uint8Array, from: number, to: number): string | null {
  if (b[from] !== QUOTE) return null;
  if (isPlainAscii(b, from, to)) return asciiString(b, from + 1, to - 1);
  for (let k = from + 1; k < to - 1; k++) if (b[k] === BACKSLASH) return jsonAt(b, from, to) as string;
  return utf8Decode(b.subarray(from + 1, to - 1));
}

/** True when the string value [from, to) is `hexLength` lower-case hex digits, not all zeros. */
function isCanonicalId(b: Uint8Array, from: number, to: number, hexLength: number): boolean {
  if (to - from !== hexLength + 2 || b[from] !== QUOTE) return false;
  let nonZero = 0;
  for (let k = from + 1; k < to - 1; k++) {
    const c = b[k];
    if (!LOWER_HEX[c]) return false;
    nonZero |= c ^ 0x30;
  }
  return nonZero !== 0;
}

/** The value [from, to) as JSON.parse would give it (absent: undefined). */
function rawAt(b: Uint8Array, from: number, to: number): unknown {
  return from < 0 ? undefined : jsonAt(b, from, to);
}

let lastTraceId = '';

/** Canonical trace id of the value (from < 0: absent), or null when it is not a valid one. */
export function traceIdAt(b: Uint8Array, from: number, to: number): string | null {
  if (from >= 0 && isCanonicalId(b, from, to, 32)) {
    // Every span repeats its trace id: compare with the last one instead of making a string.
    const last = lastTraceId;
    let same = last.length === 32;
    for (let k = 0; same && k < 32; k++) same = last.charCodeAt(k) === b[from + 1 + k];
    if (!same) lastTraceId = asciiString(b, from + 1, to - 1);
    return lastTraceId;
  }
  return traceIdOrNull(rawAt(b, from, to));
}

/** Canonical span id of the value, or null when it is not a valid one. */
export function spanIdAt(b: Uint8Array, from: number, to: number): string | null {
  if (from >= 0 && isCanonicalId(b, from, to, 16)) return asciiString(b, from + 1, to - 1);
  return spanIdOrNull(rawAt(b, from, to));
}

/** Canonical parent id of the value; '' for none; null when invalid. */
export function parentIdAt(b: Uint8Array, from: number, to: number): string | null {
  if (from >= 0 && isCanonicalId(b, from, to, 16)) return asciiString(b, from + 1, to - 1);
  return parentIdOrNull(rawAt(b, from, to));
}

/** Names repeat: one string per distinct plain-ASCII byte sequence, found by a hash of the bytes. */
const NAME_SLOTS = 4096;
const nameSlot = new Int32Array(NAME_SLOTS);
let names: string[] = [];

function sameBytes(s: string, b: Uint8Array, from: number, to: number): boolean {
  if (s.length !== to - from) return false;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== b[from + k]) return false;
  return true;
}

/** The span name of the value (null and absent: ''), or null when it is not a string. */
export function nameAt(b: Uint8Array, from: number, to: number): string | null {
  if (from < 0 || b[from] === 0x6e) return '';
  if (b[from] !== QUOTE) return null;
  if (!isPlainAscii(b, from, to)) return stringAt(b, from, to);
  let h = 0x811c9dc5;
  for (let k = from + 1; k < to - 1; k++) h = Math.imul(h ^ b[k], 0x01000193);
  let slot = (h >>> 0) & (NAME_SLOTS - 1);
  for (;;) {
    const index = nameSlot[slot] - 1;
    if (index < 0) break;
    if (sameBytes(names[index], b, from + 1, to - 1)) return names[index];
    slot = (slot + 1) & (NAME_SLOTS - 1);
  }
  const name = asciiString(b, from + 1, to - 1);
  // Keep the table sparse: past half full (a trace of unique names), start over.
  if (names.length >= NAME_SLOTS / 2) {
    nameSlot.fill(0);
    names = [];
    return name;
  }
  names.push(name);
  nameSlot[slot] = names.length;
  return name;
}
