/**
 * OTLP's own hot fields read from the bytes of a checked JSON value: uint64 times (split into seconds
 * and nanoseconds: exact, no bigint) and enums, with the meaning decodeOtlpJson gives the parsed value;
 * null or false when the value is not acceptable (the caller gives up).
 */
import { jsonAt } from '../json-bytes/fields.ts';
import type { SplitTime } from '../json-bytes/split-time.ts';
import { parseSpanKind, parseStatusCode } from '../otlp-common.ts';
import { readUint64 } from './json-fields.ts';

const QUOTE = 0x22;

/**
 * A uint64 time (readUint64: digits in a string or a number; absent or null is 0) into `out`;
 * false when it is not one.
 */
export function timeAt(b: Uint8Array, from: number, to: number, out: SplitTime): boolean {
  if (from < 0 || b[from] === 0x6e) {
    out.sec = 0;
    out.nano = 0;
    return true;
  }
  const c = b[from];
  if (c === QUOTE && out.setDigits(b, from + 1, to - 1)) return true;
  // A plain integer literal: JSON.parse keeps it exact up to 15 digits, and parseJsonText quotes
  // longer ones under these keys, so its digits are its value either way.
  if (c >= 0x30 && c <= 0x39 && out.setDigits(b, from, to)) return true;
  if (c !== QUOTE) return false;
  const ns = readUint64(jsonAt(b, from, to));
  if (ns === null) return false;
  out.setBigint(ns);
  return true;
}

/** An OTLP enum (kind: max 5, status: max 2) as parseSpanKind/parseStatusCode read it; -1 when unknown. */
export function enumAt(b: Uint8Array, from: number, to: number, status: boolean): number {
  if (from < 0) return 0;
  const c = b[from];
  if (to - from === 1 && c >= 0x30 && c <= 0x39) {
    const v = c - 0x30;
    return v <= (status ? 2 : 5) ? v : -1;
  }
  const raw = c === QUOTE || c === 0x6e ? jsonAt(b, from, to) : undefined;
  if (raw === undefined) return -1;
  return (status ? parseStatusCode(raw) : parseSpanKind(raw)) ?? -1;
}
