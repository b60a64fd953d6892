/**
 * Times in microseconds, as Jaeger and Zipkin JSON write them (numbers or digit strings): span start
 * and duration, and the times of logs (Jaeger) or annotations (Zipkin).
 */
import { shortJson } from './otlp-common.ts';
import { isObject, type JsonObject } from './otlp-json/json-fields.ts';
import { FormatError } from './types.ts';

/**
 * Microseconds (number or digit string) → ns; 0n when absent; null when not a time. `signed` accepts
 * negative values (durations: the tree builder deals with them).
 */
export function microsToNs(raw: unknown, signed = false): bigint | null {
  if (raw === undefined || raw === null) return 0n;
  if (typeof raw === 'string')
    return (signed ? /^-?\d{1,17}$/ : /^\d{1,17}$/).test(raw) ? BigInt(raw) * 1000n : null;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || (raw < 0 && !signed)) return null;
  if (Number.isSafeInteger(raw)) return BigInt(raw) * 1000n;
  const ns = Math.round(raw * 1000);
  return Math.abs(ns) < 2 ** 63 ? BigInt(ns) : null;
}

export interface MicrosSpanTimes {
  /** null when the start is absent or 0. */
  readonly startNs: bigint | null;
  /** null when absent, and whenever the start is. */
  readonly durNs: bigint | null;
}

/**
 * The start (key `startKey`) and `duration` of the span at `path` of a `format` document; throws a
 * FormatError naming the field that is not a time.
 */
export function microsSpanTimes(
  span: JsonObject,
  startKey: string,
  format: string,
  path: string,
): MicrosSpanTimes {
  const start = microsToNs(span[startKey]);
  if (start === null)
    throw new FormatError(format, `${path}.${startKey}`, `${shortJson(span[startKey])} is not a time in µs`);
  const hasDur = span.duration !== undefined && span.duration !== null;
  const dur = hasDur ? microsToNs(span.duration, true) : null;
  if (hasDur && dur === null)
    throw new FormatError(format, `${path}.duration`, `${shortJson(span.duration)} is not a duration in µs`);
  const startNs = start === 0n ? null : start;
  return { startNs, durNs: startNs === null ? null : dur };
}

/**
 * Absolute times of the objects of `entries` (Jaeger logs, Zipkin annotations), undefined when it is
 * not an array; an entry without a time is drawn at the span start.
 */
export function microsEventTimes(entries: unknown, startNs: bigint | null): bigint[] | undefined {
  if (!Array.isArray(entries)) return undefined;
  return entries.filter(isObject).map((e) => {
    const t = microsToNs(e.timestamp) ?? 0n;
    return t === 0n && startNs !== null ? startNs : t;
  });
}
