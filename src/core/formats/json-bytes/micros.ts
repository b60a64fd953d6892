/**
 * The µs times of Jaeger and Zipkin JSON (span start and duration) read from the bytes of checked
 * values into split nanoseconds, with the meaning microsSpanTimes gives the parsed values: digits
 * (a number or a string) are read directly, anything else through JSON.parse and microsToNs.
 */
import { microsToNs } from '../micros.ts';
import { jsonAt } from './fields.ts';
import { SplitTime } from './split-time.ts';

const QUOTE = 0x22;

function isDigits(b: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (b[k] < 0x30 || b[k] > 0x39) return false;
  return to > from;
}

const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);

/** True when [from, to) are the digits of a safe integer (JSON numbers have no leading zeros). */
function isSafeDigits(b: Uint8Array, from: number, to: number): boolean {
  const n = to - from;
  if (n > MAX_SAFE.length || !isDigits(b, from, to)) return false;
  if (n < MAX_SAFE.length) return true;
  for (let k = 0; k < n; k++) {
    const d = b[from + k] - MAX_SAFE.charCodeAt(k);
    if (d !== 0) return d < 0;
  }
  return true;
}

/** µs digits [from, to) (≤ 17 of them, so that the seconds stay exact) as ns into `out`. */
function setMicroDigits(b: Uint8Array, from: number, to: number, out: SplitTime): void {
  const split = Math.max(from, to - 6);
  let sec = 0;
  for (let k = from; k < split; k++) sec = sec * 10 + (b[k] - 0x30);
  let micro = 0;
  for (let k = split; k < to; k++) micro = micro * 10 + (b[k] - 0x30);
  out.sec = sec;
  out.nano = micro * 1000;
}

/**
 * The µs value [from, to) (from < 0: absent; absent and null are 0) as ns into `out`, as microsToNs
 * reads it (`signed`: negative values too); false when it is not a time.
 */
function microsAt(b: Uint8Array, from: number, to: number, signed: boolean, out: SplitTime): boolean {
  if (from < 0 || b[from] === 0x6e) {
    out.sec = 0;
    out.nano = 0;
    return true;
  }
  // A number that is a safe integer is exact; a string of ≤ 17 digits is read as a BigInt.
  if (isSafeDigits(b, from, to)) {
    setMicroDigits(b, from, to, out);
    return true;
  }
  if (b[from] === QUOTE && to - from <= 19 && isDigits(b, from + 1, to - 1)) {
    setMicroDigits(b, from + 1, to - 1, out);
    return true;
  }
  const ns = microsToNs(jsonAt(b, from, to), signed);
  if (ns === null) return false;
  out.setBigint(ns);
  return true;
}

/** A span's start and end (start + duration) as microsSpanTimes gives them. */
export class MicrosTimes {
  /** Zero when the span has no start. */
  readonly start = new SplitTime();
  /** Meaningful when hasEnd. */
  readonly end = new SplitTime();
  /** False without a start or a duration. */
  hasEnd = false;
  private readonly duration = new SplitTime();

  /** Reads the start [startFrom, startTo) and duration [durFrom, durTo); false when one is not a time. */
  read(b: Uint8Array, startFrom: number, startTo: number, durFrom: number, durTo: number): boolean {
    if (!microsAt(b, startFrom, startTo, false, this.start)) return false;
    const hasDuration = durFrom >= 0 && b[durFrom] !== 0x6e;
    if (hasDuration && !microsAt(b, durFrom, durTo, true, this.duration)) return false;
    this.hasEnd = hasDuration && !this.start.isZero;
    if (this.hasEnd) {
      this.end.sec = this.start.sec + this.duration.sec;
      this.end.nano = this.start.nano + this.duration.nano;
    }
    return true;
  }

  /** The start as microsSpanTimes's startNs (null: none). */
  startNs(): bigint | null {
    return this.start.isZero ? null : this.start.bigint();
  }
}
