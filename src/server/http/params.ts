/**
 * Validation of path and query parameters. A bad value is a ParamError (HTTP 400) whose message
 * names the parameter and what was expected.
 */

export class ParamError extends Error {
  override name = 'ParamError';
}

/** A path segment, percent-decoded. */
export function decodeSegment(raw: string, name: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ParamError(`invalid ${name}: malformed percent-encoding`);
  }
}

const HEX_ID = /^[0-9a-fA-F]{1,32}$/;

/** A trace id from a URL: 1–32 hex digits (shorter ids are left-padded, as Tempo does), not all zeros. */
export function traceIdParam(raw: string): string {
  const text = decodeSegment(raw, 'trace id');
  if (!HEX_ID.test(text)) {
    throw new ParamError(`invalid trace id '${printable(text)}': expected 1 to 32 hex digits`);
  }
  const id = text.toLowerCase().padStart(32, '0');
  if (/^0+$/.test(id)) throw new ParamError('invalid trace id: all zeros');
  return id;
}

/** An optional non-negative integer query parameter within [min, max] (values above max clamp). */
export function intParam(
  query: URLSearchParams,
  name: string,
  range: { readonly min: number; readonly max: number; readonly fallback?: number },
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return range.fallback;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= range.min)) {
    throw new ParamError(`invalid ${name} '${printable(raw)}': expected an integer ≥ ${range.min}`);
  }
  return Math.min(value, range.max);
}

/** At most 64 characters of a hostile value, control characters escaped, for error messages. */
export function printable(text: string): string {
  const cut = text.length > 64 ? `${text.slice(0, 64)}…` : text;
  return JSON.stringify(cut).slice(1, -1);
}

/** A required query parameter of text: trimmed, not empty, at most `maxChars` characters. */
export function textParam(query: URLSearchParams, name: string, maxChars: number): string {
  const text = (query.get(name) ?? '').trim();
  if (!text) throw new ParamError(`missing ${name}: expected the text to find`);
  if (text.length > maxChars)
    throw new ParamError(`invalid ${name}: ${text.length} characters, at most ${maxChars}`);
  return text;
}

/** A required attribute key: as given (keys may have spaces), not blank, at most `maxChars` characters. */
export function keyParam(query: URLSearchParams, name: string, maxChars: number): string {
  const key = query.get(name) ?? '';
  if (!key.trim()) throw new ParamError(`missing ${name}: expected an attribute key`);
  if (key.length > maxChars)
    throw new ParamError(`invalid ${name}: ${key.length} characters, at most ${maxChars}`);
  return key;
}

/** A required non-negative integer query parameter that may exceed 2^53 (store keys), as a bigint. */
export function bigintParam(query: URLSearchParams, name: string): bigint {
  const raw = query.get(name);
  if (raw === null || !/^\d{1,19}$/.test(raw) || BigInt(raw) >= 2n ** 63n)
    throw new ParamError(`invalid ${name} '${printable(raw ?? '')}': expected an integer from 0 to 2^63 − 1`);
  return BigInt(raw);
}
