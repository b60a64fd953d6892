/**
 * Exact times without bigint: a uint64 (or signed) nanosecond count split into whole seconds and
 * nanoseconds, both exact as doubles, read from decimal digits or converted from a bigint.
 */

const UINT64_MAX = '18446744073709551615';

function notAboveUint64Max(b: Uint8Array, from: number): boolean {
  for (let k = 0; k < 20; k++) {
    const d = b[from + k] - UINT64_MAX.charCodeAt(k);
    if (d !== 0) return d < 0;
  }
  return true;
}

/** A uint64 time split as sec · 1e9 + nano (both exact doubles). */
export class SplitTime {
  sec = 0;
  nano = 0;

  get isZero(): boolean {
    return this.sec === 0 && this.nano === 0;
  }

  bigint(): bigint {
    return BigInt(this.sec) * 1_000_000_000n + BigInt(this.nano);
  }

  setBigint(ns: bigint): void {
    this.sec = Number(ns / 1_000_000_000n);
    this.nano = Number(ns % 1_000_000_000n);
  }

  /** Decimal digits [from, to) (1 to 20 of them, value < 2^64), else false. */
  setDigits(b: Uint8Array, from: number, to: number): boolean {
    const n = to - from;
    if (n < 1 || n > 20) return false;
    for (let k = from; k < to; k++) if (b[k] < 0x30 || b[k] > 0x39) return false;
    if (n === 20 && !notAboveUint64Max(b, from)) return false;
    let sec = 0;
    const split = Math.max(from, to - 9);
    for (let k = from; k < split; k++) sec = sec * 10 + (b[k] - 0x30);
    let nano = 0;
    for (let k = split; k < to; k++) nano = nano * 10 + (b[k] - 0x30);
    this.sec = sec;
    this.nano = nano;
    return true;
  }
}
