/**
 * Builds one synthetic trace. Times are integer ns relative to the trace's start, so the shape of a
 * trace does not depend on when it is placed; `toOtlp` turns a finished span into OTLP JSON once the
 * trace has been placed in time.
 */
import { SpanKind, StatusCode } from '../model/types.ts';
import {
  FLAGS_LOCAL_PARENT,
  FLAGS_REMOTE_PARENT,
  kv,
  type OtlpAnyValue,
  type OtlpKeyValue,
  type OtlpLink,
  type OtlpSpan,
  unixNanos,
} from './otlp-json.ts';
import type { IdSource, Rng } from './random.ts';
import {
  type Instance,
  instancesOf,
  type Library,
  type Scope,
  type ServiceName,
  scopeOf,
} from './services.ts';

export interface EventRecord {
  readonly atNs: number;
  readonly name: string;
  readonly attributes: readonly OtlpKeyValue[];
}

/** A span under construction (times relative to the trace start, in ns). */
export interface SpanRecord {
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly instance: Instance;
  readonly scope: Scope;
  readonly name: string;
  readonly kind: number;
  readonly startNs: number;
  endNs: number;
  readonly attributes: OtlpKeyValue[];
  readonly events: EventRecord[];
  readonly links: OtlpLink[];
  statusCode: number;
  statusMessage: string;
}

export interface SpanStart {
  readonly name: string;
  readonly kind: number;
  readonly library: Library;
  readonly startNs: number;
  readonly attributes?: readonly OtlpKeyValue[];
  /** Start in this service (a new process hop) rather than in the parent's. */
  readonly service?: ServiceName;
}

/** A failure injected into a trace at one place (see faults.ts). */
export type Fault = 'payment-timeout' | 'catalog-db-down' | 'cart-redis-timeout' | 'auth-db-exhausted';

export class TraceBuilder {
  readonly traceId: string;
  readonly spans: SpanRecord[] = [];

  private currentRng: Rng;

  constructor(
    rng: Rng,
    private readonly ids: IdSource,
    /** The failure this trace must show, or null for a healthy one. */
    readonly fault: Fault | null,
  ) {
    this.currentRng = rng;
    this.traceId = ids.traceId();
  }

  get rng(): Rng {
    return this.currentRng;
  }

  /**
   * Runs `fn` with a generator of its own, so that what it draws does not shift what comes after:
   * the healthy and the failing trace of a pair stay alike outside the branch where they differ.
   */
  isolated<T>(fn: () => T): T {
    const saved = this.currentRng;
    this.currentRng = saved.fork();
    try {
      return fn();
    } finally {
      this.currentRng = saved;
    }
  }

  /** Starts a span; its end is set later with `end`. Parentless spans are roots. */
  start(parent: SpanRecord | null, opts: SpanStart): SpanRecord {
    if (!parent && !opts.service) throw new Error('a root span needs a service');
    const instance =
      opts.service && opts.service !== parent?.instance.service
        ? this.rng.pick(instancesOf(opts.service))
        : parent!.instance;
    const span: SpanRecord = {
      spanId: this.ids.spanId(),
      parentSpanId: parent ? parent.spanId : '',
      instance,
      scope: scopeOf(instance.service, opts.library),
      name: opts.name,
      kind: opts.kind,
      startNs: Math.round(opts.startNs),
      endNs: Math.round(opts.startNs),
      attributes: opts.attributes ? [...opts.attributes] : [],
      events: [],
      links: [],
      statusCode: 0,
      statusMessage: '',
    };
    this.spans.push(span);
    return span;
  }

  /** Ends a span at `endNs` (never before its start); returns the end. */
  end(span: SpanRecord, endNs: number): number {
    span.endNs = Math.max(span.startNs, Math.round(endNs));
    return span.endNs;
  }

  attr(span: SpanRecord, key: string, value: OtlpAnyValue): void {
    span.attributes.push(kv(key, value));
  }

  event(span: SpanRecord, atNs: number, name: string, attributes: readonly OtlpKeyValue[] = []): void {
    span.events.push({ atNs: Math.round(atNs), name, attributes });
  }

  fail(span: SpanRecord, message: string): void {
    span.statusCode = StatusCode.Error;
    span.statusMessage = message;
  }

  failed(span: SpanRecord): boolean {
    return span.statusCode === StatusCode.Error;
  }

  link(span: SpanRecord, traceId: string, spanId: string, attributes: readonly OtlpKeyValue[]): void {
    span.links.push({ traceId, spanId, attributes });
  }

  /** A network hop: tens to hundreds of µs. */
  gap(): number {
    return Math.round(this.rng.skewed(30_000, 450_000));
  }

  /** In-process work between two calls: a few µs to a few hundred. */
  think(): number {
    return Math.round(this.rng.skewed(4_000, 300_000));
  }
}

export function isRoot(span: SpanRecord): boolean {
  return span.parentSpanId === '';
}

/**
 * Span record → OTLP JSON, with the trace placed at `baseMs` (integer ms since the epoch) plus
 * `offsetNs`.
 */
export function toOtlp(span: SpanRecord, traceId: string, baseMs: number, offsetNs: number): OtlpSpan {
  const remote =
    span.parentSpanId !== '' && (span.kind === SpanKind.Server || span.kind === SpanKind.Consumer);
  const out: {
    -readonly [K in keyof OtlpSpan]: OtlpSpan[K];
  } = {
    traceId,
    spanId: span.spanId,
    flags: remote ? FLAGS_REMOTE_PARENT : FLAGS_LOCAL_PARENT,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: unixNanos(baseMs, offsetNs + span.startNs),
    endTimeUnixNano: unixNanos(baseMs, offsetNs + span.endNs),
    attributes: span.attributes,
    events: span.events.map((e) => ({
      timeUnixNano: unixNanos(baseMs, offsetNs + e.atNs),
      name: e.name,
      attributes: e.attributes,
    })),
    links: span.links,
    status: span.statusCode ? { code: span.statusCode, message: span.statusMessage } : { code: 0 },
  };
  if (span.parentSpanId) out.parentSpanId = span.parentSpanId;
  return out;
}
