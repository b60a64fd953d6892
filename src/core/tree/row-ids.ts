/**
 * Every row's span id and parent id as numbers, whichever way the table holds them: the 8 bytes of
 * an id read as two int32 words (little-endian, as typed arrays view them). A table from the store
 * carries the bytes, which are viewed in place (no copy, no string); a decoded file carries hex
 * strings, which are read once here. The tree compares ids only through these words.
 */
import type { SpanTable } from '../model/span-table.ts';

/** Bits of RowIds.text. */
export const TextId = {
  /** The row's span id is not 16 lower-case hex digits: it is compared as text. */
  Span: 1,
  /** Likewise its parent id. */
  Parent: 2,
} as const;

export interface RowIds {
  /** Row r's span id as words [2r], [2r + 1]. */
  readonly span: Int32Array;
  /** Row r's parent id likewise; 0, 0 for none ('' or all zeros). */
  readonly parent: Int32Array;
  /** TextId bits of rows whose ids are not canonical hex (hand-made tables); null when there are none. */
  readonly text: Uint8Array | null;
}

/** Hex digit values of '0'-'9' and 'a'-'f'; 256 flags any other character. */
const HEX_VALUE = new Uint16Array(128).fill(256);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = 10 + i;

/**
 * Reads 16 lower-case hex digits into out[at], out[at + 1] as the words of their 8 bytes; false (out
 * left as it was) when `s` is anything else.
 */
export function readHexWords(s: string, out: Int32Array, at: number): boolean {
  if (s.length !== 16) return false;
  let bad = 0;
  let w0 = 0;
  let w1 = 0;
  for (let k = 0; k < 16; k += 2) {
    const c1 = s.charCodeAt(k);
    const c2 = s.charCodeAt(k + 1);
    // Characters ≥ 128 keep their high bits, which mark them bad like table misses.
    const v1 = HEX_VALUE[c1 & 127] | (c1 & 0xff80);
    const v2 = HEX_VALUE[c2 & 127] | (c2 & 0xff80);
    bad |= v1 | v2;
    const byte = ((v1 << 4) | v2) << (4 * (k & 7));
    if (k < 8) w0 |= byte;
    else w1 |= byte;
  }
  if (bad >= 16) return false;
  out[at] = w0;
  out[at + 1] = w1;
  return true;
}

/** The words of a list of hex ids; rows that are not canonical get `flag` in `text` (made on the first). */
function readList(
  ids: readonly string[],
  n: number,
  flag: number,
  text: { bits: Uint8Array | null },
  emptyIsNone: boolean,
): Int32Array {
  const words = new Int32Array(2 * n);
  for (let r = 0; r < n; r++) {
    const id = ids[r];
    if (readHexWords(id, words, 2 * r) || (emptyIsNone && id === '')) continue;
    text.bits ??= new Uint8Array(n);
    text.bits[r] |= flag;
  }
  return words;
}

function wordsOf(bytes: Uint8Array): Int32Array {
  // A view needs 4-byte alignment; the columnar decoder gives 8, anything else is copied.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
}

export function rowIds(table: Pick<SpanTable, 'count' | 'spanIds' | 'parentIds' | 'idBytes'>): RowIds {
  const n = table.count;
  if (table.idBytes) {
    const { spanIds, parentIds } = table.idBytes;
    if (spanIds.byteLength !== 8 * n || parentIds.byteLength !== 8 * n)
      throw new RangeError(`id bytes do not hold ${n} rows`);
    return { span: wordsOf(spanIds), parent: wordsOf(parentIds), text: null };
  }
  const text = { bits: null as Uint8Array | null };
  const span = readList(table.spanIds, n, TextId.Span, text, false);
  const parent = readList(table.parentIds, n, TextId.Parent, text, true);
  return { span, parent, text: text.bits };
}
