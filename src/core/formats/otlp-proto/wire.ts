/**
 * The protobuf wire format at the level the splitter needs: field headers (key, and the length of a
 * length-delimited field) read from a few bytes, and varints written back. Values are JS numbers
 * (exact up to 2^53: lengths and field numbers are far below).
 */

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/** A field header: `headerBytes` of key (and, for wire type 0, the value; for 2, the length). */
export interface FieldHeader {
  readonly number: number;
  readonly wire: number;
  readonly headerBytes: number;
  /** The whole field, key included. */
  readonly totalBytes: number;
}

/** Why a header cannot be read: bytes missing (more may come), or the bytes are wrong. */
export interface HeaderProblem {
  readonly problem: 'incomplete' | 'bad varint' | 'bad wire type' | 'field number 0';
  /** The key's field number and wire type, when the key could be read. */
  readonly number?: number;
  readonly wire?: number;
}

const INCOMPLETE: HeaderProblem = { problem: 'incomplete' };
const BAD_VARINT: HeaderProblem = { problem: 'bad varint' };

/** The varint at bytes[pos…]: [value, next position], or why not (over 10 bytes is bad). */
function varintAt(bytes: Uint8Array, pos: number): [number, number] | HeaderProblem {
  let value = 0;
  let scale = 1;
  for (let i = pos; i < pos + 10; i++) {
    if (i >= bytes.length) return INCOMPLETE;
    value += (bytes[i] & 0x7f) * scale;
    scale *= 128;
    if (bytes[i] < 0x80) return [value, i + 1];
  }
  return BAD_VARINT;
}

/** The header of the field starting at bytes[0] (at most 20 bytes are read). */
export function readFieldHeader(bytes: Uint8Array): FieldHeader | HeaderProblem {
  const key = varintAt(bytes, 0);
  if (!Array.isArray(key)) return key;
  const [k, afterKey] = key;
  const wire = k % 8;
  const number = Math.floor(k / 8);
  if (number === 0) return { problem: 'field number 0', number, wire };
  switch (wire) {
    case WIRE_VARINT: {
      const value = varintAt(bytes, afterKey);
      if (!Array.isArray(value)) return value;
      return { number, wire, headerBytes: value[1], totalBytes: value[1] };
    }
    case WIRE_I64:
      return { number, wire, headerBytes: afterKey, totalBytes: afterKey + 8 };
    case WIRE_I32:
      return { number, wire, headerBytes: afterKey, totalBytes: afterKey + 4 };
    case WIRE_LEN: {
      const len = varintAt(bytes, afterKey);
      if (!Array.isArray(len)) return len;
      return { number, wire, headerBytes: len[1], totalBytes: len[1] + len[0] };
    }
    default:
      return { problem: 'bad wire type', number, wire };
  }
}

export function varintSize(n: number): number {
  let size = 1;
  for (let v = n; v >= 0x80; v = Math.floor(v / 128)) size++;
  return size;
}

/** Writes `n` as a varint at out[pos]; returns the next position. */
export function writeVarint(out: Uint8Array, pos: number, n: number): number {
  let p = pos;
  let v = n;
  while (v >= 0x80) {
    out[p++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[p++] = v;
  return p;
}

/** Bytes of a length-delimited field `number` (< 16) holding `payloadBytes`. */
export function lenFieldSize(payloadBytes: number): number {
  return 1 + varintSize(payloadBytes) + payloadBytes;
}

/** Writes the key and length of a length-delimited field `number` (< 16); returns the next position. */
export function writeLenHeader(out: Uint8Array, pos: number, number: number, payloadBytes: number): number {
  out[pos] = number * 8 + WIRE_LEN;
  return writeVarint(out, pos + 1, payloadBytes);
}
