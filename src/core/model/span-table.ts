/**
 * The columnar span table: one trace's spans as parallel typed arrays (struct of arrays), so that a
 * million spans fit in a browser tab and cross to the render thread as Transferables.
 *
 * The table holds the spans exactly as the source gave them (raw parent ids, missing times as NaN,
 * Zipkin halves that share an id as two rows). Interpreting them (parents, orphans, duplicates,
 * clock skew, missing times) is the tree builder's job (core/tree).
 */
import type { SpanId, TraceId } from './ids.ts';
import type { SpanDetails } from './types.ts';

/** Bits of SpanTable.flags. */
export const SpanFlag = {
  /** Zipkin `shared: true`: the server half of an RPC whose client half has the same id. */
  Shared: 1,
} as const;

export interface SpanTable {
  readonly traceId: TraceId;
  /** Format id of the source (otlp-json, otlp-proto, jaeger-json, zipkin-json, store, …). */
  readonly format: string;
  readonly count: number;
  /** Absolute time (ns since the epoch) of offset 0: the earliest start of any span that has one. */
  readonly baseNs: bigint;
  /** Start offset from baseNs in ns; NaN where the source gave no start time (absent or 0). */
  readonly startNs: Float64Array;
  /** Duration in ns as the source gave it (end − start, may be ≤ 0); NaN where it gave none. */
  readonly durNs: Float64Array;
  readonly spanIds: readonly SpanId[];
  /** Parent span id as the source gave it, canonicalised; '' for none (absent, empty or all zeros). */
  readonly parentIds: readonly string[];
  /** Index into `strings`. */
  readonly names: Uint32Array;
  /** Index into `strings`: the span's service.name, or 'unknown_service'. */
  readonly services: Uint32Array;
  readonly strings: readonly string[];
  /** SpanKind values. */
  readonly kinds: Uint8Array;
  /** StatusCode values. */
  readonly statuses: Uint8Array;
  /** SpanFlag bits. */
  readonly flags: Uint8Array;
  /** Events of span i are eventNs[eventStart[i] .. eventStart[i + 1]), offsets from baseNs in ns. */
  readonly eventStart: Uint32Array;
  readonly eventNs: Float64Array;
  /** Decoder warnings about this trace (unknown kinds, coerced values, …). */
  readonly warnings: readonly string[];
  /** The cold data of span i, decoded on demand. */
  details(index: number): SpanDetails;
}

export const UNKNOWN_SERVICE = 'unknown_service';

/** One span as a decoder hands it to the builder. Ids must already be canonical. */
export interface SpanInput {
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  readonly parentId: string;
  readonly name: string;
  /** service.name; '' or undefined becomes 'unknown_service'. */
  readonly service?: string;
  readonly kind: number;
  readonly status: number;
  /** Absolute start in ns since the epoch; null when the source has none (absent or 0). */
  readonly startNs: bigint | null;
  /** null when the source has none. */
  readonly durNs: bigint | null;
  /** Absolute event times in ns. */
  readonly eventTimesNs?: readonly bigint[];
  readonly shared?: boolean;
  /** The cold data, or a function that decodes it on first use. */
  readonly details: SpanDetails | (() => SpanDetails);
}

class TraceAccumulator {
  readonly startRel: number[] = [];
  readonly dur: number[] = [];
  readonly spanIds: string[] = [];
  readonly parentIds: string[] = [];
  readonly names: number[] = [];
  readonly services: number[] = [];
  readonly kinds: number[] = [];
  readonly statuses: number[] = [];
  readonly flags: number[] = [];
  readonly eventStart: number[] = [0];
  readonly eventRel: number[] = [];
  readonly details: (SpanDetails | (() => SpanDetails))[] = [];
  readonly strings: string[] = [];
  readonly stringIndex = new Map<string, number>();
  readonly warnings: string[] = [];
  /** Times are kept relative to the first time seen, then shifted to the earliest start at build. */
  provisionalBase: bigint | null = null;

  constructor(
    readonly traceId: TraceId,
    readonly format: string,
  ) {}

  intern(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  rel(ns: bigint): number {
    if (this.provisionalBase === null) this.provisionalBase = ns;
    return Number(ns - this.provisionalBase);
  }

  add(s: SpanInput): void {
    this.startRel.push(s.startNs === null ? Number.NaN : this.rel(s.startNs));
    this.dur.push(s.durNs === null ? Number.NaN : Number(s.durNs));
    this.spanIds.push(s.spanId);
    this.parentIds.push(s.parentId);
    this.names.push(this.intern(s.name));
    this.services.push(this.intern(s.service || UNKNOWN_SERVICE));
    this.kinds.push(s.kind);
    this.statuses.push(s.status);
    this.flags.push(s.shared ? SpanFlag.Shared : 0);
    if (s.eventTimesNs) for (const t of s.eventTimesNs) this.eventRel.push(this.rel(t));
    this.eventStart.push(this.eventRel.length);
    this.details.push(s.details);
  }

  build(): SpanTable {
    const n = this.spanIds.length;
    let minRel = Number.POSITIVE_INFINITY;
    for (const v of this.startRel) if (v < minRel) minRel = v;
    if (minRel === Number.POSITIVE_INFINITY) minRel = 0;
    const base = (this.provisionalBase ?? 0n) + BigInt(minRel);
    const startNs = Float64Array.from(this.startRel, (v) => v - minRel);
    const eventNs = Float64Array.from(this.eventRel, (v) => v - minRel);
    const details = this.details;
    return {
      traceId: this.traceId,
      format: this.format,
      count: n,
      baseNs: base,
      startNs,
      durNs: Float64Array.from(this.dur),
      spanIds: this.spanIds,
      parentIds: this.parentIds,
      names: Uint32Array.from(this.names),
      services: Uint32Array.from(this.services),
      strings: this.strings,
      kinds: Uint8Array.from(this.kinds),
      statuses: Uint8Array.from(this.statuses),
      flags: Uint8Array.from(this.flags),
      eventStart: Uint32Array.from(this.eventStart),
      eventNs,
      warnings: this.warnings,
      details(index: number): SpanDetails {
        const d = details[index];
        if (typeof d !== 'function') return d;
        const decoded = d();
        details[index] = decoded;
        return decoded;
      },
    };
  }
}

/**
 * Collects spans of any number of traces (one file, several files, or a stream of batches) and
 * builds one SpanTable per trace id, sorted by trace id.
 */
export class TraceSetBuilder {
  private readonly traces = new Map<TraceId, TraceAccumulator>();
  private readonly fileWarnings: string[] = [];

  /**
   * The format of the input being decoded now; a trace takes the format of the first input that
   * contributed spans to it (spans of one trace id in several files form one trace).
   */
  format = 'unknown';

  add(span: SpanInput): void {
    let acc = this.traces.get(span.traceId);
    if (!acc) {
      acc = new TraceAccumulator(span.traceId, this.format);
      this.traces.set(span.traceId, acc);
    }
    acc.add(span);
  }

  /** A warning about one trace, or (traceId null) about the whole input. */
  warn(traceId: TraceId | null, message: string): void {
    const list = traceId === null ? this.fileWarnings : this.traces.get(traceId)?.warnings;
    (list ?? this.fileWarnings).push(message);
  }

  get spanCount(): number {
    let n = 0;
    for (const t of this.traces.values()) n += t.spanIds.length;
    return n;
  }

  /** Warnings not tied to one trace. */
  get warnings(): readonly string[] {
    return this.fileWarnings;
  }

  build(): SpanTable[] {
    return [...this.traces.values()]
      .sort((a, b) => (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0))
      .map((t) => t.build());
  }
}

/** Absolute start of span i in ns, or null when the source had none. */
export function absoluteStartNs(table: SpanTable, index: number): bigint | null {
  const v = table.startNs[index];
  return Number.isNaN(v) ? null : table.baseNs + BigInt(v);
}

export function spanName(table: SpanTable, index: number): string {
  return table.strings[table.names[index]];
}

export function spanService(table: SpanTable, index: number): string {
  return table.strings[table.services[index]];
}
