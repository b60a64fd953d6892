/**
 * The OTLP/JSON shapes the generator writes: ExportTraceServiceRequest in the proto3 JSON mapping, as
 * an OTel exporter sends it over OTLP/HTTP (lower-case hex ids, int64 as decimal strings, enums as
 * integers, default values omitted). Objects may be shared between spans: treat them as read-only.
 */
import { bytesToBase64 } from '../model/ids.ts';

export interface OtlpAnyValue {
  readonly stringValue?: string;
  /** int64 as a decimal string. */
  readonly intValue?: string;
  readonly doubleValue?: number;
  readonly boolValue?: boolean;
  /** base64. */
  readonly bytesValue?: string;
  readonly arrayValue?: { readonly values: readonly OtlpAnyValue[] };
  readonly kvlistValue?: { readonly values: readonly OtlpKeyValue[] };
}

export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}

export interface OtlpEvent {
  readonly timeUnixNano: string;
  readonly name: string;
  readonly attributes: readonly OtlpKeyValue[];
}

export interface OtlpLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: readonly OtlpKeyValue[];
}

export interface OtlpStatus {
  readonly code: number;
  readonly message?: string;
}

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent on roots. */
  readonly parentSpanId?: string;
  /** W3C trace flags (sampled) plus the OTLP has-is-remote / is-remote bits. */
  readonly flags: number;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly OtlpKeyValue[];
  readonly events: readonly OtlpEvent[];
  readonly links: readonly OtlpLink[];
  readonly status: OtlpStatus;
}

export interface OtlpScope {
  readonly name: string;
  readonly version: string;
}

export interface OtlpScopeSpans {
  readonly scope: OtlpScope;
  readonly spans: readonly OtlpSpan[];
}

export interface OtlpResource {
  readonly attributes: readonly OtlpKeyValue[];
}

export interface OtlpResourceSpans {
  readonly resource: OtlpResource;
  readonly scopeSpans: readonly OtlpScopeSpans[];
}

/** One ExportTraceServiceRequest. */
export interface DemoRequest {
  readonly resourceSpans: readonly OtlpResourceSpans[];
}

export const FLAGS_LOCAL_PARENT = 0x101;
export const FLAGS_REMOTE_PARENT = 0x301;

export function kv(key: string, value: OtlpAnyValue): OtlpKeyValue {
  return { key, value };
}

export function str(value: string): OtlpAnyValue {
  return { stringValue: value };
}

export function int(value: number): OtlpAnyValue {
  return { intValue: String(Math.trunc(value)) };
}

export function dbl(value: number): OtlpAnyValue {
  return { doubleValue: value };
}

export function bool(value: boolean): OtlpAnyValue {
  return { boolValue: value };
}

export function strings(values: readonly string[]): OtlpAnyValue {
  return { arrayValue: { values: values.map(str) } };
}

export function ints(values: readonly number[]): OtlpAnyValue {
  return { arrayValue: { values: values.map(int) } };
}

export function doubles(values: readonly number[]): OtlpAnyValue {
  return { arrayValue: { values: values.map(dbl) } };
}

export function kvlist(values: readonly OtlpKeyValue[]): OtlpAnyValue {
  return { kvlistValue: { values } };
}

/** bytesValue from 32-bit words (big-endian), base64-encoded as proto3 JSON wants. */
export function bytesOfWords(words: readonly number[]): OtlpAnyValue {
  const bytes = new Uint8Array(words.length * 4);
  words.forEach((w, k) => {
    bytes.set([(w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255], k * 4);
  });
  return { bytesValue: bytesToBase64(bytes) };
}

/**
 * Unix nanoseconds as a decimal string: `baseMs` (integer ms) plus `offsetNs` (integer ns ≥ 0).
 * Done in two parts because ns since the epoch do not fit a double exactly.
 */
export function unixNanos(baseMs: number, offsetNs: number): string {
  const ms = baseMs + Math.floor(offsetNs / 1e6);
  const rest = offsetNs % 1e6;
  return `${ms}${String(rest).padStart(6, '0')}`;
}

/** Number of spans in one request. */
export function requestSpanCount(req: DemoRequest): number {
  let n = 0;
  for (const rs of req.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}
