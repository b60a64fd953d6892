/**
 * A hash table from a 64-bit id (two int32 words, row-ids.ts) to a non-negative int: open addressing
 * with linear probing in one Int32Array of (word 0, word 1, value + 1) triples, so that a probe
 * touches one cache line. A JS Map of a million id strings costs ~450 ms here (growth rehashes and
 * string hashing); this fills in a fraction of that. It grows by doubling past half full.
 */

const EMPTY = 0;

/**
 * Slot of an id among 2^(32 - shift): the words are mixed so that ids differing in any one byte
 * (counters, ids that share a prefix) spread over the table instead of piling into a few slots.
 */
export function slotOf(w0: number, w1: number, shift: number): number {
  // Each word's high half is folded into its low half before its multiply (whose high bits then
  // depend on every input bit), and the sum's high half once more before the last.
  let x = Math.imul(w0 ^ (w0 >>> 16), -2048144789) ^ Math.imul(w1 ^ (w1 >>> 16), -1640531535);
  x ^= x >>> 15;
  return Math.imul(x, -1028477387) >>> shift;
}

export class IdHash {
  private slots: Int32Array;
  private mask: number;
  private shift: number;
  private used = 0;

  /** `expected`: how many ids it will likely hold (it grows past that). */
  constructor(expected: number) {
    const bits = Math.max(4, 32 - Math.clz32(Math.max(1, expected * 2 - 1)));
    this.slots = new Int32Array(3 * 2 ** bits);
    this.mask = 2 ** bits - 1;
    this.shift = 32 - bits;
  }

  get size(): number {
    return this.used;
  }

  /** The value of the id, or -1. */
  get(w0: number, w1: number): number {
    const slots = this.slots;
    let h = slotOf(w0, w1, this.shift);
    for (;;) {
      const at = 3 * h;
      const v = slots[at + 2];
      if (v === EMPTY) return -1;
      if (slots[at] === w0 && slots[at + 1] === w1) return v - 1;
      h = (h + 1) & this.mask;
    }
  }

  /** The value the id already has; else -1, and the id now has `value` (≥ 0). */
  putIfAbsent(w0: number, w1: number, value: number): number {
    const slots = this.slots;
    let h = slotOf(w0, w1, this.shift);
    for (;;) {
      const at = 3 * h;
      const v = slots[at + 2];
      if (v === EMPTY) {
        slots[at] = w0;
        slots[at + 1] = w1;
        slots[at + 2] = value + 1;
        if (++this.used * 2 > this.mask + 1) this.grow();
        return -1;
      }
      if (slots[at] === w0 && slots[at + 1] === w1) return v - 1;
      h = (h + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const bits = 33 - this.shift;
    this.slots = new Int32Array(3 * 2 ** bits);
    this.mask = 2 ** bits - 1;
    this.shift = 32 - bits;
    const slots = this.slots;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === EMPTY) continue;
      let h = slotOf(old[at], old[at + 1], this.shift);
      while (slots[3 * h + 2] !== EMPTY) h = (h + 1) & this.mask;
      slots[3 * h] = old[at];
      slots[3 * h + 1] = old[at + 1];
      slots[3 * h + 2] = old[at + 2];
    }
  }
}
