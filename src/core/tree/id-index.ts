/**
 * Span id → row lookup for the tree builder. A JS Map of a million id strings costs ~450 ms here
 * (growth rehashes), so canonical ids (16 lower-case hex chars) are read as two int32 halves into
 * an open-addressing table of typed arrays (~60 ms to fill). Anything else (not canonical) goes to a
 * side Map, so the index is exact for every string.
 */

export interface IdIndex {
  /** Ids held by several rows: first row → every row with that id, in input order. */
  readonly groups: ReadonlyMap<number, readonly number[]>;
  /**
   * Row r's id as two int32 halves (the first and last 8 hex digits) at [2r, 2r + 1], read once here
   * so that later steps need not read the strings again; only where `canonical[r]` is 1.
   */
  readonly halves: Int32Array;
  readonly canonical: Uint8Array;
  /** First row with this span id, or -1. */
  lookup(id: string): number;
}

/** Hex digit values of '0'-'9' and 'a'-'f'; 256 flags any other character. */
const HEX_VALUE = new Uint16Array(128).fill(256);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = 10 + i;

/** Halves of the last id read by readId (module scratch: avoids an allocation per id). */
let idHi = 0;
let idLo = 0;

/** Reads a canonical 16-hex-char id into idHi/idLo; false when the string is not one. */
function readId(s: string): boolean {
  if (s.length !== 16) return false;
  let hi = 0;
  let lo = 0;
  let bad = 0;
  for (let k = 0; k < 8; k++) {
    const c = s.charCodeAt(k);
    // Characters ≥ 128 keep their high bits in `v`, which marks them bad like table misses.
    const v = HEX_VALUE[c & 127] | (c & 0xff80);
    bad |= v;
    hi = (hi << 4) | v;
  }
  for (let k = 8; k < 16; k++) {
    const c = s.charCodeAt(k);
    const v = HEX_VALUE[c & 127] | (c & 0xff80);
    bad |= v;
    lo = (lo << 4) | v;
  }
  idHi = hi;
  idLo = lo;
  return bad < 16;
}

/** Fibonacci-style hash of the two halves, taking the top `bits` bits. */
function slotOf(hi: number, lo: number, shift: number): number {
  return Math.imul(hi ^ Math.imul(lo, -1640531535), -2048144789) >>> shift;
}

export function buildIdIndex(spanIds: readonly string[]): IdIndex {
  const n = spanIds.length;
  const bits = Math.max(4, 32 - Math.clz32(Math.max(1, n * 2 - 1)));
  const size = 1 << bits;
  const mask = size - 1;
  const shift = 32 - bits;
  // Row + 1 per slot, so that the fresh zeroed array means "all empty".
  const slotRow = new Int32Array(size);
  const slotKey = new Int32Array(size * 2);
  const halves = new Int32Array(2 * n);
  const canonical = new Uint8Array(n);
  const other = new Map<string, number>();
  const groups = new Map<number, number[]>();
  const link = (head: number, r: number): void => {
    const group = groups.get(head);
    if (group) group.push(r);
    else groups.set(head, [head, r]);
  };

  for (let r = 0; r < n; r++) {
    const id = spanIds[r];
    if (!readId(id)) {
      const head = other.get(id);
      if (head === undefined) other.set(id, r);
      else link(head, r);
      continue;
    }
    const hi = idHi;
    const lo = idLo;
    halves[2 * r] = hi;
    halves[2 * r + 1] = lo;
    canonical[r] = 1;
    let h = slotOf(hi, lo, shift);
    for (;;) {
      const found = slotRow[h] - 1;
      if (found === -1) {
        slotRow[h] = r + 1;
        slotKey[2 * h] = hi;
        slotKey[2 * h + 1] = lo;
        break;
      }
      if (slotKey[2 * h] === hi && slotKey[2 * h + 1] === lo) {
        link(found, r);
        break;
      }
      h = (h + 1) & mask;
    }
  }

  const lookup = (id: string): number => {
    if (!readId(id)) return other.get(id) ?? -1;
    const hi = idHi;
    const lo = idLo;
    let h = slotOf(hi, lo, shift);
    for (;;) {
      const found = slotRow[h] - 1;
      if (found === -1) return -1;
      if (slotKey[2 * h] === hi && slotKey[2 * h + 1] === lo) return found;
      h = (h + 1) & mask;
    }
  };

  return { groups, halves, canonical, lookup };
}
