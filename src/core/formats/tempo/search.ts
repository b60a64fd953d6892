/**
 * Tempo search and tag answers (EXTERNAL-APIS §3.3). They are not traces: `decodeInput` refuses them
 * (naming what they are), while the Tempo source adapter reads them here as typed search hits.
 */
import type { Attribute } from '../../model/types.ts';
import { shortJson } from '../otlp-common.ts';
import { fromOtlpKeyValues } from '../otlp-json/any-value.ts';
import { isObject, type JsonObject, readUint64 } from '../otlp-json/json-fields.ts';
import { spanIdOrNull, traceIdOrNull } from '../span-ids.ts';
import { FormatError } from '../types.ts';

const LABEL = 'Tempo search response';

export interface TempoSearchSpan {
  readonly spanId: string;
  readonly name?: string;
  /** Absolute start in ns; null when absent. */
  readonly startNs: bigint | null;
  readonly durationNs: bigint | null;
  readonly attributes: readonly Attribute[];
}

export interface TempoSpanSet {
  readonly spans: readonly TempoSearchSpan[];
  readonly matched: number;
  readonly attributes: readonly Attribute[];
}

export interface TempoSearchHit {
  /** Canonical 32-digit id (Tempo trims leading zeros). */
  readonly traceId: string;
  readonly rootServiceName?: string;
  readonly rootTraceName?: string;
  readonly startNs: bigint | null;
  readonly durationMs: number | null;
  readonly spanSets: readonly TempoSpanSet[];
  readonly serviceStats?: Readonly<Record<string, { spanCount: number; errorCount: number }>>;
}

export interface TempoSearchResult {
  readonly traces: readonly TempoSearchHit[];
  /** Passed through as Tempo sent it (forward compatible). */
  readonly metrics: JsonObject;
}

/** What a Tempo non-trace answer is, or null when `value` is none of them. */
export function tempoAnswerKind(value: unknown): 'search' | 'tags' | 'tag-values' | null {
  if (!isObject(value)) return null;
  if (Array.isArray(value.traces) && value.traces.every((t) => isObject(t) && 'traceID' in t))
    return 'search';
  if (Array.isArray(value.tagNames) || Array.isArray(value.scopes)) return 'tags';
  if (Array.isArray(value.tagValues)) return 'tag-values';
  return null;
}

const optString = (v: unknown) => (typeof v === 'string' ? v : undefined);
const nsOrNull = (v: unknown) => (v === undefined ? null : readUint64(v));

function readSpan(s: unknown, path: string): TempoSearchSpan {
  if (!isObject(s)) throw new FormatError(LABEL, path, 'a span must be an object');
  const spanId = spanIdOrNull(s.spanID);
  if (spanId === null)
    throw new FormatError(LABEL, `${path}.spanID`, `span id ${shortJson(s.spanID)} is not valid`);
  return {
    spanId,
    name: optString(s.name),
    startNs: nsOrNull(s.startTimeUnixNano),
    durationNs: nsOrNull(s.durationNanos),
    attributes: fromOtlpKeyValues(s.attributes, `${path}.attributes`),
  };
}

function readSpanSet(set: unknown, path: string): TempoSpanSet {
  if (!isObject(set)) throw new FormatError(LABEL, path, 'a span set must be an object');
  const spans = Array.isArray(set.spans) ? set.spans : [];
  return {
    spans: spans.map((s, i) => readSpan(s, `${path}.spans[${i}]`)),
    matched: typeof set.matched === 'number' ? set.matched : spans.length,
    attributes: fromOtlpKeyValues(set.attributes, `${path}.attributes`),
  };
}

function readHit(t: JsonObject, path: string): TempoSearchHit {
  const traceId = traceIdOrNull(t.traceID);
  if (traceId === null)
    throw new FormatError(LABEL, `${path}.traceID`, `trace id ${shortJson(t.traceID)} is not valid`);
  // `spanSet` is the deprecated single set; newer Tempo sends both, and `spanSets` wins.
  const sets = Array.isArray(t.spanSets) ? t.spanSets : t.spanSet !== undefined ? [t.spanSet] : [];
  const setsPath = Array.isArray(t.spanSets) ? `${path}.spanSets` : `${path}.spanSet`;
  return {
    traceId,
    rootServiceName: optString(t.rootServiceName),
    rootTraceName: optString(t.rootTraceName),
    startNs: nsOrNull(t.startTimeUnixNano),
    durationMs: typeof t.durationMs === 'number' ? t.durationMs : null,
    spanSets: sets.map((s, i) => readSpanSet(s, Array.isArray(t.spanSets) ? `${setsPath}[${i}]` : setsPath)),
    ...(isObject(t.serviceStats) ? { serviceStats: t.serviceStats as TempoSearchHit['serviceStats'] } : {}),
  };
}

/** A Tempo `/api/search` answer as typed hits; throws FormatError naming the path of what is wrong. */
export function decodeTempoSearch(value: unknown): TempoSearchResult {
  if (!isObject(value) || !Array.isArray(value.traces))
    throw new FormatError(LABEL, '$', 'expected an object with a "traces" array');
  return {
    traces: value.traces.map((t, i) => {
      if (!isObject(t)) throw new FormatError(LABEL, `$.traces[${i}]`, 'a trace must be an object');
      return readHit(t, `$.traces[${i}]`);
    }),
    metrics: isObject(value.metrics) ? value.metrics : {},
  };
}

export interface TempoTagScope {
  readonly name: string;
  readonly tags: readonly string[];
}

/** `/api/search/tags` (`tagNames`) or `/api/v2/search/tags` (`scopes`) → scopes (v1 has one, unnamed). */
export function decodeTempoTags(value: unknown): TempoTagScope[] {
  if (isObject(value) && Array.isArray(value.tagNames))
    return [{ name: '', tags: value.tagNames.filter((t): t is string => typeof t === 'string') }];
  if (isObject(value) && Array.isArray(value.scopes))
    return value.scopes.filter(isObject).map((s) => ({
      name: optString(s.name) ?? '',
      tags: Array.isArray(s.tags) ? s.tags.filter((t): t is string => typeof t === 'string') : [],
    }));
  throw new FormatError('Tempo tags response', '$', 'expected "tagNames" or "scopes"');
}

/** Tag values of v1 (strings) or v2 (`{type, value}`) answers. */
export function decodeTempoTagValues(value: unknown): { type: string; value: string }[] {
  if (!isObject(value) || !Array.isArray(value.tagValues))
    throw new FormatError('Tempo tag values response', '$', 'expected a "tagValues" array');
  return value.tagValues.flatMap((v) => {
    if (typeof v === 'string') return [{ type: 'string', value: v }];
    if (isObject(v) && typeof v.value === 'string')
      return [{ type: optString(v.type) ?? 'string', value: v.value }];
    return [];
  });
}
