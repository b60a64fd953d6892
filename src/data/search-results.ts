/**
 * A TraceQL search answer (Tempo's shape, DESIGN §4) as the search page shows it: one row per trace
 * with its matched spans (from every span set, each span once) and whether it is in error. A trace
 * is in error when the store counted error spans in it (`serviceStats`) or a matched span says
 * `status = error` (Tempo returns the attributes a query selected, so `{ status = error }` does).
 */
import { canonicalSpanId } from '../core/model/ids.ts';
import {
  type AnyValueJson,
  newestFirst,
  type SearchHit,
  type SearchResponse,
  type SearchSpanJson,
  type SearchSpanSetJson,
  type TraceRow,
  toTraceRow,
} from './api-types.ts';

export interface SpanAttribute {
  readonly key: string;
  /** The value as text: strings as they are, other values as compact JSON. */
  readonly value: string;
}

export interface MatchedSpan {
  /** Canonical 16-hex id. */
  readonly spanId: string;
  readonly name: string | null;
  /** Start in ms since the epoch, null when the answer has none. */
  readonly startMs: number | null;
  /** Start from the trace's start, in ms (ns kept as fractions). */
  readonly offsetMs: number | null;
  readonly durationMs: number | null;
  readonly attributes: readonly SpanAttribute[];
  /** The span's selected status is error. */
  readonly error: boolean;
}

export interface FoundTrace extends TraceRow {
  /** Spans that matched the query, as the store counted them; null when it sent no span sets. */
  readonly matchedCount: number | null;
  /** The matched spans the answer lists (at most `spss` per span set), earliest first. */
  readonly matchedSpans: readonly MatchedSpan[];
  readonly hasError: boolean;
}

export interface SearchResults {
  readonly traces: readonly FoundTrace[];
  readonly inspectedTraces: number | null;
  readonly inspectedBytes: number | null;
}

const NS_DIGITS = /^\d{1,20}$/;
const ERROR_STATUS_KEYS = new Set(['status', 'span:status']);

/** An AnyValue as text (int64 stays exact: it arrives as a decimal string). */
export function anyValueText(v: AnyValueJson | undefined): string {
  if (!v || typeof v !== 'object') return '';
  if (v.stringValue !== undefined) return String(v.stringValue);
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.bytesValue !== undefined) return String(v.bytesValue);
  return JSON.stringify(plain(v));
}

function plain(v: AnyValueJson | undefined): unknown {
  if (!v || typeof v !== 'object') return null;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(plain);
  if (v.kvlistValue)
    return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key, plain(kv.value)]));
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.boolValue !== undefined) return v.boolValue;
  return v.bytesValue ?? null;
}

function nsOf(text: string | undefined): bigint | null {
  return typeof text === 'string' && NS_DIGITS.test(text) ? BigInt(text) : null;
}

function spanSetsOf(hit: SearchHit): readonly SearchSpanSetJson[] | null {
  if (Array.isArray(hit.spanSets)) return hit.spanSets;
  return hit.spanSet && typeof hit.spanSet === 'object' ? [hit.spanSet] : null;
}

function toMatchedSpans(sets: readonly SearchSpanSetJson[], traceStartNs: bigint | null): MatchedSpan[] {
  const byId = new Map<string, MatchedSpan>();
  for (const set of sets) {
    for (const span of Array.isArray(set?.spans) ? set.spans : []) {
      const spanId = typeof span?.spanID === 'string' ? canonicalSpanId(span.spanID) : null;
      if (!spanId || byId.has(spanId)) continue;
      const listed: NonNullable<SearchSpanJson['attributes']> = Array.isArray(span.attributes)
        ? span.attributes
        : [];
      const attributes = listed
        .filter((a) => a && typeof a.key === 'string')
        .map((a) => ({ key: a.key, value: anyValueText(a.value) }));
      const startNs = nsOf(span.startTimeUnixNano);
      const durNs = nsOf(span.durationNanos);
      byId.set(spanId, {
        spanId,
        name: typeof span.name === 'string' && span.name ? span.name : null,
        startMs: startNs === null ? null : Number(startNs / 1_000_000n),
        offsetMs: startNs === null || traceStartNs === null ? null : Number(startNs - traceStartNs) / 1e6,
        durationMs: durNs === null ? null : Number(durNs) / 1e6,
        attributes,
        error: attributes.some((a) => ERROR_STATUS_KEYS.has(a.key) && a.value === 'error'),
      });
    }
  }
  return [...byId.values()].sort((a, b) => (a.offsetMs ?? 0) - (b.offsetMs ?? 0));
}

function toFoundTrace(hit: SearchHit): FoundTrace | null {
  const row = toTraceRow(hit);
  if (!row) return null;
  const sets = spanSetsOf(hit);
  const matchedSpans = sets ? toMatchedSpans(sets, nsOf(hit.startTimeUnixNano)) : [];
  // A query answer always has span sets; the recent traces (no query) have none or empty ones.
  const counted = sets?.some((s) => Number.isFinite(s?.matched) || (s?.spans?.length ?? 0) > 0);
  const matchedCount = counted
    ? sets!.reduce(
        (n, s) => n + (Number.isFinite(s?.matched) ? Number(s.matched) : (s?.spans?.length ?? 0)),
        0,
      )
    : null;
  return {
    ...row,
    matchedCount,
    matchedSpans,
    hasError: (row.errorCount ?? 0) > 0 || matchedSpans.some((s) => s.error),
  };
}

function finiteNumber(v: unknown): number | null {
  const n = typeof v === 'string' && v !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

export function toSearchResults(response: SearchResponse | null | undefined): SearchResults {
  const traces: FoundTrace[] = [];
  for (const hit of Array.isArray(response?.traces) ? response.traces : []) {
    const t = toFoundTrace(hit);
    if (t) traces.push(t);
  }
  return {
    traces: newestFirst(traces),
    inspectedTraces: finiteNumber(response?.metrics?.inspectedTraces),
    inspectedBytes: finiteNumber(response?.metrics?.inspectedBytes),
  };
}
