/**
 * protobufjs gives 64-bit fields as Long objects ({low, high, unsigned}; a plain number for small
 * defaults). Convert exactly, never through a JS number.
 */

export interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned?: boolean;
}

export function longToBigInt(v: LongLike | number | null | undefined, signed: boolean): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return signed ? BigInt.asIntN(64, bits) : bits;
}

/** The {low, high} pair protobufjs encodes for a 64-bit field. */
export function bigIntToLong(v: bigint, unsigned: boolean): LongLike {
  const bits = BigInt.asUintN(64, v);
  return { low: Number(bits & 0xffffffffn) | 0, high: Number(bits >> 32n) | 0, unsigned };
}

/** The decimal text of a 64-bit value, as longToBigInt(v, signed).toString() gives it (without a bigint when it fits a double). */
export function longDecimal(v: LongLike | number | null | undefined, signed: boolean): string {
  if (v === null || v === undefined || typeof v === 'number') return longToBigInt(v, signed).toString();
  const high = v.high | 0;
  const low = v.low | 0;
  if (high === 0) return String(low >>> 0);
  // Below 2^53 the double is exact, and String() of an integer that small has no exponent.
  if (high > 0 && high < 0x200000) return String(high * 0x100000000 + (low >>> 0));
  if (signed && high === -1 && low < 0) return String(low);
  return longToBigInt(v, signed).toString();
}
