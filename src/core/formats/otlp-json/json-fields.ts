/**
 * OTLP JSON field access. protojson accepts both the lowerCamelCase JSON name and the original
 * snake_case proto name of every field (and real files mix them, see the Grafana Tempo fixture).
 */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value under the camelCase key, else under the snake_case key. */
export function field(o: JsonObject, camel: string, snake: string): unknown {
  const v = o[camel];
  return v === undefined ? o[snake] : v;
}

/** The key `field` read (for error paths). */
export function fieldKey(o: JsonObject, camel: string, snake: string): string {
  return o[camel] === undefined && o[snake] !== undefined ? snake : camel;
}

const DIGITS = /^\d+$/;
const SIGNED_DIGITS = /^-?\d+$/;

/**
 * An unsigned 64-bit integer (fixed64 times) from a decimal string or a JSON number; 0n when absent;
 * null when it is not one. Numbers above 2^53 are only exact if the text was parsed with
 * parseJsonText (which keeps them as strings).
 */
export function readUint64(raw: unknown): bigint | null {
  if (typeof raw === 'string')
    return DIGITS.test(raw) && raw.length <= 20 ? inRange(BigInt(raw), false) : null;
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? BigInt(raw) : wideNumber(raw);
  if (raw === undefined || raw === null) return 0n;
  return null;
}

/** A signed 64-bit integer (intValue) from a decimal string or a JSON number; null when it is not one. */
export function readInt64(raw: unknown): bigint | null {
  if (typeof raw === 'string')
    return SIGNED_DIGITS.test(raw) && raw.length <= 20 ? inRange(BigInt(raw), true) : null;
  if (typeof raw === 'number') return Number.isInteger(raw) ? inRange(BigInt(raw), true) : null;
  return null;
}

function inRange(n: bigint, signed: boolean): bigint | null {
  return (signed ? BigInt.asIntN(64, n) : BigInt.asUintN(64, n)) === n ? n : null;
}

/** An integral JSON number beyond 2^53 (already rounded by JSON.parse): the nearest we can do. */
function wideNumber(raw: number): bigint | null {
  return Number.isInteger(raw) && raw >= 0 && raw < 2 ** 64 ? BigInt(raw) : null;
}

/** A non-negative count (dropped*Count, flags); undefined when absent or not a count. */
export function readCount(raw: unknown): number | undefined {
  const n = typeof raw === 'string' && DIGITS.test(raw) ? Number(raw) : raw;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}
