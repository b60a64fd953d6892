/**
 * Canonical ids (DESIGN §2): lower-case hex, trace ids 32 chars, span ids 16 chars, left-padded.
 * Input may be hex of any case with or without leading zeros, or base64 of 8/16 bytes.
 * A string that is valid hex is read as hex, even when it would also be valid base64.
 */
import type { IdBytes } from './span-table.ts';

export type TraceId = string;
export type SpanId = string;

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array): string {
  return hexOfRange(bytes, 0, bytes.length);
}

/** The hex of bytes[start, end). */
export function hexOfRange(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += HEX_BYTE[bytes[i]];
  return out;
}

/** The id of 8 bytes at bytes[8r, 8r + 8) as 16 hex digits; '' when it is all zeros and `zeroIsNone`. */
export function idHexAt(bytes: Uint8Array, r: number, zeroIsNone: boolean): string {
  const at = 8 * r;
  let zero = zeroIsNone;
  for (let b = at; zero && b < at + 8; b++) zero = bytes[b] === 0;
  if (zero) return '';
  let out = '';
  for (let b = at; b < at + 8; b++) out += HEX_BYTE[bytes[b]];
  return out;
}

const HEX_CODES = new Uint8Array(512);
for (let v = 0; v < 256; v++) {
  HEX_CODES[2 * v] = HEX_BYTE[v].charCodeAt(0);
  HEX_CODES[2 * v + 1] = HEX_BYTE[v].charCodeAt(1);
}
const asciiDecoder = new (
  globalThis as unknown as { TextDecoder: new () => { decode(b: Uint8Array): string } }
).TextDecoder();

/**
 * Every 8-byte id of `packed` as 16 hex digits (idHexAt of each row). All of them are written into
 * one ASCII text decoded once, and each id is a slice of it: at a million ids that is several times
 * faster than building each string.
 */
export function idHexList(packed: Uint8Array, zeroIsNone: boolean): string[] {
  const n = packed.byteLength >> 3;
  const ascii = new Uint8Array(n * 16);
  for (let i = 0, o = 0; i < n * 8; i++, o += 2) {
    const v = packed[i];
    ascii[o] = HEX_CODES[2 * v];
    ascii[o + 1] = HEX_CODES[2 * v + 1];
  }
  const all = asciiDecoder.decode(ascii);
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let zero = zeroIsNone;
    for (let b = i * 8; zero && b < i * 8 + 8; b++) zero = packed[b] === 0;
    out[i] = zero ? '' : all.slice(i * 16, i * 16 + 16);
  }
  return out;
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;
B64_INDEX['-'.charCodeAt(0)] = 62;
B64_INDEX['_'.charCodeAt(0)] = 63;

/** Decodes standard or URL-safe base64 (padding optional); null when it is not base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array((clean.length * 3) >> 2);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

function canonical(raw: string, hexLen: 16 | 32, byteLens: readonly number[]): string | null {
  if (raw.length === 0) return null;
  if (HEX.test(raw)) {
    if (raw.length > hexLen) return null;
    return raw.toLowerCase().padStart(hexLen, '0');
  }
  if (!BASE64.test(raw)) return null;
  const bytes = base64ToBytes(raw);
  if (!bytes || !byteLens.includes(bytes.length)) return null;
  return bytesToHex(bytes).padStart(hexLen, '0');
}

/** 32-char lower-case hex, or null when `raw` is neither hex (≤ 32 digits) nor base64 of 8/16 bytes. */
export function canonicalTraceId(raw: string): TraceId | null {
  return canonical(raw, 32, [8, 16]);
}

/** 16-char lower-case hex, or null when `raw` is neither hex (≤ 16 digits) nor base64 of 8 bytes. */
export function canonicalSpanId(raw: string): SpanId | null {
  return canonical(raw, 16, [8]);
}

export function isZeroTraceId(id: TraceId): boolean {
  return id === ZERO_TRACE;
}

export function isZeroSpanId(id: SpanId): boolean {
  return id === ZERO_SPAN;
}

/** Trace id for display and URLs: Tempo trims leading zeros in search results; we keep all 32. */
export function shortTraceId(id: TraceId): string {
  return id.slice(0, 7);
}

/**
 * The hex id lists of a table that views id bytes, each made on its first call: such a table answers
 * `spanIds` and `parentIds` with getters calling these, so that opening a trace makes no id string.
 */
export function lazyIdLists(idBytes: IdBytes): { spanIds(): string[]; parentIds(): string[] } {
  let spanIds: string[] | null = null;
  let parentIds: string[] | null = null;
  return {
    spanIds: () => {
      spanIds ??= idHexList(idBytes.spanIds, false);
      return spanIds;
    },
    parentIds: () => {
      parentIds ??= idHexList(idBytes.parentIds, true);
      return parentIds;
    },
  };
}
