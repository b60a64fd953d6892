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
