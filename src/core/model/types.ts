import { bytesToBase64 } from './ids.ts';

/**
 * The trace model shared by every format, the tree builder, the store and the views.
 * Hot per-span fields live in the columnar SpanTable (span-table.ts); everything here is the
 * cold, per-span detail that is decoded lazily and only when something asks for it.
 */

/** OTLP span kinds; the numbers are the OTLP enum values. */
export const SpanKind = {
  Unspecified: 0,
  Internal: 1,
  Server: 2,
  Client: 3,
  Producer: 4,
  Consumer: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

export const SPAN_KIND_NAMES = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
] as const;

/** OTLP status codes; the numbers are the OTLP enum values. */
export const StatusCode = { Unset: 0, Ok: 1, Error: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export const STATUS_NAMES = ['unset', 'ok', 'error'] as const;

/**
 * An attribute value with its OTLP type kept, so that every format round-trips what it can carry.
 * int64 values are bigint (exact); bytes are raw bytes.
 */
export type AttrValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'bytes'; readonly value: Uint8Array }
  | { readonly type: 'array'; readonly value: readonly AttrValue[] }
  | { readonly type: 'kvlist'; readonly value: readonly Attribute[] }
  | { readonly type: 'empty' };

export interface Attribute {
  readonly key: string;
  readonly value: AttrValue;
}

export interface InstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount?: number;
  /** OTLP ScopeSpans.schema_url: it applies to the spans of this scope. */
  readonly schemaUrl?: string;
}

export interface Resource {
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount?: number;
  readonly schemaUrl?: string;
}

export interface SpanEvent {
  /** Absolute time in nanoseconds since the Unix epoch. */
  readonly timeNs: bigint;
  readonly name: string;
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount?: number;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState?: string;
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount?: number;
  /** W3C trace flags of the linked context (OTLP Link.flags). */
  readonly flags?: number;
  /** Set for links that came from a Jaeger reference, so encoders can give it back. */
  readonly refType?: 'CHILD_OF' | 'FOLLOWS_FROM';
}

/** Everything about one span that the hot columns do not hold. */
export interface SpanDetails {
  readonly attributes: readonly Attribute[];
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly statusMessage: string;
  readonly traceState: string;
  readonly flags: number;
  readonly droppedAttributesCount?: number;
  readonly droppedEventsCount?: number;
  readonly droppedLinksCount?: number;
  /** Zipkin fields that have no OTLP home (remoteEndpoint, debug); kept for the Zipkin encoder. */
  readonly zipkin?: {
    /** localEndpoint without serviceName (ipv4, ipv6, port). */
    readonly localEndpoint?: unknown;
    readonly remoteEndpoint?: unknown;
    readonly debug?: boolean;
  };
}

export const EMPTY_SCOPE: InstrumentationScope = { name: '', version: '', attributes: [] };
export const EMPTY_RESOURCE: Resource = { attributes: [] };

/** Details of a span that has none (synthetic spans, tests). */
export const EMPTY_DETAILS: SpanDetails = {
  attributes: [],
  events: [],
  links: [],
  resource: EMPTY_RESOURCE,
  scope: EMPTY_SCOPE,
  statusMessage: '',
  traceState: '',
  flags: 0,
};

export function attr(key: string, value: AttrValue): Attribute {
  return { key, value };
}

export function str(value: string): AttrValue {
  return { type: 'string', value };
}

/** The first attribute with this key, or undefined. */
export function findAttr(attrs: readonly Attribute[], key: string): AttrValue | undefined {
  for (const a of attrs) if (a.key === key) return a.value;
  return undefined;
}

/** A human-readable rendering of a value (used by Jaeger/Zipkin encoders, the detail panel, search). */
export function attrValueToString(v: AttrValue): string {
  switch (v.type) {
    case 'string':
      return v.value;
    case 'int':
    case 'double':
    case 'bool':
      return String(v.value);
    case 'bytes':
      return bytesToBase64(v.value);
    case 'array':
      return JSON.stringify(v.value.map(attrValueToJsonish));
    case 'kvlist':
      return JSON.stringify(Object.fromEntries(v.value.map((a) => [a.key, attrValueToJsonish(a.value)])));
    case 'empty':
      return '';
  }
}

function attrValueToJsonish(v: AttrValue): unknown {
  switch (v.type) {
    case 'int':
      return Number.isSafeInteger(Number(v.value)) ? Number(v.value) : v.value.toString();
    case 'array':
      return v.value.map(attrValueToJsonish);
    case 'kvlist':
      return Object.fromEntries(v.value.map((a) => [a.key, attrValueToJsonish(a.value)]));
    case 'bytes':
      return bytesToBase64(v.value);
    case 'empty':
      return null;
    default:
      return v.value;
  }
}
