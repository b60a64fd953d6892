/**
 * Id validation shared by every decoder (DESIGN §2): a trace or span id must be hex (any case, at most
 * 32/16 digits) or base64 of 8/16 (trace) or 8 (span) bytes, and not all zeros. A parent id that is
 * absent, empty or all zeros means "no parent".
 */
import { canonicalSpanId, canonicalTraceId, isZeroSpanId, isZeroTraceId } from '../model/ids.ts';

/** Ids already canonical (the common case) skip the general path. */
const CANONICAL_TRACE = /^[0-9a-f]{32}$/;
const CANONICAL_SPAN = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** Canonical trace id, or null when `raw` is not a valid, non-zero trace id. */
export function traceIdOrNull(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  if (raw.length === 32 && CANONICAL_TRACE.test(raw)) return raw === ZERO_TRACE ? null : raw;
  const id = canonicalTraceId(raw);
  return id === null || isZeroTraceId(id) ? null : id;
}

/** Canonical span id, or null when `raw` is not a valid, non-zero span id. */
export function spanIdOrNull(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  if (raw.length === 16 && CANONICAL_SPAN.test(raw)) return raw === ZERO_SPAN ? null : raw;
  const id = canonicalSpanId(raw);
  return id === null || isZeroSpanId(id) ? null : id;
}

/** Canonical parent id; '' for none (absent, null, empty, all zeros); null when invalid. */
export function parentIdOrNull(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return '';
  if (typeof raw !== 'string') return null;
  if (raw.length === 16 && CANONICAL_SPAN.test(raw)) return raw === ZERO_SPAN ? '' : raw;
  const id = canonicalSpanId(raw);
  if (id === null) return null;
  return isZeroSpanId(id) ? '' : id;
}

/** Why `raw` is not a valid id, for error messages (called only once validation failed). */
export function describeBadId(raw: unknown, what: 'trace id' | 'span id' | 'parent span id'): string {
  const hexDigits = what === 'trace id' ? 32 : 16;
  const bytes = what === 'trace id' ? '8 or 16' : '8';
  if (raw === undefined || raw === null) return `${what} is missing`;
  if (typeof raw !== 'string') return `${what} is a ${typeof raw}, not a string`;
  if (raw === '') return `${what} is empty`;
  const shown = raw.length > 40 ? `${JSON.stringify(raw.slice(0, 40))}…` : JSON.stringify(raw);
  const canonical = what === 'trace id' ? canonicalTraceId(raw) : canonicalSpanId(raw);
  if (canonical !== null && /^0+$/.test(canonical)) return `${what} ${shown} is all zeros`;
  if (/^[0-9a-fA-F]+$/.test(raw))
    return `${what} ${shown} has ${raw.length} hex digits (at most ${hexDigits})`;
  return `${what} ${shown} is neither hex nor base64 of ${bytes} bytes`;
}
