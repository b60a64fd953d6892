/**
 * The columnar span table: one trace's spans as parallel typed arrays (struct of arrays), so that a
 * million spans fit in a browser tab and cross to the render thread as Transferables.
 *
 * The table holds the spans exactly as the source gave them (raw parent ids, missing times as NaN,
 * Zipkin halves that share an id as two rows). Interpreting them (parents, orphans, duplicates,
 * clock skew, missing times) is the tree builder's job (core/tree).
 */
import { idHexAt, type SpanId, type TraceId } from './ids.ts';
import {
  durationNs,
  EXACT_SECONDS,
  grow,
  NS_PER_S,
  recordToInput,
  type SpanDetailSource,
  type SpanRecord,
} from './span-record.ts';
import type { SpanDetails } from './types.ts';

export { type SpanDetailSource, SpanRecord } from './span-record.ts';

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
  /**
   * The same ids as 8 raw bytes per row, when the source sent them so (the store's columnar answer):
   * the tree is built on these, and `spanIds`/`parentIds` are then made from them on first use (read
   * one row's id with spanIdAt/parentIdAt instead). Absent when the ids came as text. A table made
   * from another with other ids must leave it out.
   */
  readonly idBytes?: IdBytes;
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

/** Span and parent ids of every row as raw bytes. */
export interface IdBytes {
  /** Row r's span id at [8r, 8r + 8). */
  readonly spanIds: Uint8Array;
  /** Row r's parent id at [8r, 8r + 8); all zeros for none. */
  readonly parentIds: Uint8Array;
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

function isDetailSource(d: unknown): d is SpanDetailSource {
  return typeof (d as SpanDetailSource).spanDetails === 'function';
}

type StoredDetails = SpanDetails | (() => SpanDetails) | SpanDetailSource;

class TraceAccumulator {
  count = 0;
  startRel = new Float64Array(16);
  dur = new Float64Array(16);
  names = new Uint32Array(16);
  services = new Uint32Array(16);
  kinds = new Uint8Array(16);
  statuses = new Uint8Array(16);
  flags = new Uint8Array(16);
  /** eventStart[i] = events before span i; eventStart[count] = eventCount. */
  eventStart = new Uint32Array(17);
  eventRel = new Float64Array(16);
  eventCount = 0;
  readonly spanIds: string[] = [];
  readonly parentIds: string[] = [];
  readonly details: StoredDetails[] = [];
  detailKeys = new Int32Array(16);
  readonly strings: string[] = [];
  readonly stringIndex = new Map<string, number>();
  readonly warnings: string[] = [];
  /** Times are kept relative to the first time seen, then shifted to the earliest start at build. */
  provisionalBase: bigint | null = null;
  /** provisionalBase as whole seconds and the nanoseconds left (same sign), for the record path. */
  private baseSec = 0;
  private baseNano = 0;
  private lastName = '';
  private lastNameIndex = -1;
  private lastService = '';
  private lastServiceIndex = -1;

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

  private setBase(ns: bigint): void {
    this.provisionalBase = ns;
    this.baseSec = Number(ns / NS_PER_S);
    this.baseNano = Number(ns % NS_PER_S);
  }

  rel(ns: bigint): number {
    if (this.provisionalBase === null) this.setBase(ns);
    return Number(ns - (this.provisionalBase as bigint));
  }

  /** rel() of sec·1e9 + nano, without a bigint when the double arithmetic is exact. */
  relSplit(sec: number, nano: number): number {
    if (this.provisionalBase === null) this.setBase(BigInt(sec) * NS_PER_S + BigInt(nano));
    const dSec = sec - this.baseSec;
    if (dSec <= EXACT_SECONDS && dSec >= -EXACT_SECONDS) return dSec * 1e9 + (nano - this.baseNano);
    return this.rel(BigInt(sec) * NS_PER_S + BigInt(nano));
  }

  /** Room for one more span (and `events` more events); returns the new span's row. */
  private nextRow(events: number): number {
    const i = this.count;
    if (i === this.startRel.length) {
      const need = i + 1;
      this.startRel = grow(this.startRel, need);
      this.dur = grow(this.dur, need);
      this.names = grow(this.names, need);
      this.services = grow(this.services, need);
      this.kinds = grow(this.kinds, need);
      this.statuses = grow(this.statuses, need);
      this.flags = grow(this.flags, need);
      this.detailKeys = grow(this.detailKeys, need);
      this.eventStart = grow(this.eventStart, need + 1);
    }
    if (this.eventCount + events > this.eventRel.length)
      this.eventRel = grow(this.eventRel, this.eventCount + events);
    this.count = i + 1;
    return i;
  }

  private internName(name: string): number {
    if (name !== this.lastName || this.lastNameIndex < 0) {
      this.lastName = name;
      this.lastNameIndex = this.intern(name);
    }
    return this.lastNameIndex;
  }

  private internService(service: string): number {
    if (service !== this.lastService || this.lastServiceIndex < 0) {
      this.lastService = service;
      this.lastServiceIndex = this.intern(service);
    }
    return this.lastServiceIndex;
  }

  /**
   * The fields a span row holds whatever the input, written the same way from SpanInput and
   * SpanRecord (values, not the object: the byte reader's path stays monomorphic).
   */
  private setFields(
    i: number,
    spanId: string,
    parentId: string,
    name: string,
    service: string | undefined,
    kind: number,
    status: number,
    shared: boolean | undefined,
  ): void {
    this.spanIds.push(spanId);
    this.parentIds.push(parentId);
    this.names[i] = this.internName(name);
    this.services[i] = this.internService(service || UNKNOWN_SERVICE);
    this.kinds[i] = kind;
    this.statuses[i] = status;
    this.flags[i] = shared ? SpanFlag.Shared : 0;
  }

  add(s: SpanInput): void {
    const events = s.eventTimesNs?.length ?? 0;
    const i = this.nextRow(events);
    this.startRel[i] = s.startNs === null ? Number.NaN : this.rel(s.startNs);
    this.dur[i] = s.durNs === null ? Number.NaN : Number(s.durNs);
    this.setFields(i, s.spanId, s.parentId, s.name, s.service, s.kind, s.status, s.shared);
    if (s.eventTimesNs) for (const t of s.eventTimesNs) this.eventRel[this.eventCount++] = this.rel(t);
    this.eventStart[i + 1] = this.eventCount;
    this.details.push(s.details);
  }

  addRecord(s: SpanRecord): void {
    const i = this.nextRow(s.eventCount);
    const hasStart = !Number.isNaN(s.startSec);
    this.startRel[i] = hasStart ? this.relSplit(s.startSec, s.startNano) : Number.NaN;
    this.dur[i] =
      hasStart && !Number.isNaN(s.endSec)
        ? durationNs(s.startSec, s.startNano, s.endSec, s.endNano)
        : Number.NaN;
    this.setFields(i, s.spanId, s.parentId, s.name, s.service, s.kind, s.status, s.shared);
    for (let e = 0; e < s.eventCount; e++)
      this.eventRel[this.eventCount++] = this.relSplit(s.eventSec[e], s.eventNano[e]);
    this.eventStart[i + 1] = this.eventCount;
    this.details.push(s.detailSource);
    this.detailKeys[i] = s.detailKey;
  }

  build(): SpanTable {
    const n = this.count;
    let minRel = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if (this.startRel[i] < minRel) minRel = this.startRel[i];
    if (minRel === Number.POSITIVE_INFINITY) minRel = 0;
    const base = (this.provisionalBase ?? 0n) + BigInt(minRel);
    const startNs = this.startRel.slice(0, n);
    const eventNs = this.eventRel.slice(0, this.eventCount);
    if (minRel !== 0) {
      for (let i = 0; i < n; i++) startNs[i] -= minRel;
      for (let i = 0; i < eventNs.length; i++) eventNs[i] -= minRel;
    }
    const details = this.details;
    const keys = this.detailKeys;
    return {
      traceId: this.traceId,
      format: this.format,
      count: n,
      baseNs: base,
      startNs,
      durNs: this.dur.slice(0, n),
      spanIds: this.spanIds,
      parentIds: this.parentIds,
      names: this.names.slice(0, n),
      services: this.services.slice(0, n),
      strings: this.strings,
      kinds: this.kinds.slice(0, n),
      statuses: this.statuses.slice(0, n),
      flags: this.flags.slice(0, n),
      eventStart: this.eventStart.slice(0, n + 1),
      eventNs,
      warnings: this.warnings,
      details(index: number): SpanDetails {
        const d = details[index];
        let decoded: SpanDetails;
        if (typeof d === 'function') decoded = d();
        else if (isDetailSource(d)) decoded = d.spanDetails(keys[index]);
        else return d;
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
  private last: TraceAccumulator | null = null;

  /**
   * The format of the input being decoded now; a trace takes the format of the first input that
   * contributed spans to it (spans of one trace id in several files form one trace).
   */
  format = 'unknown';

  private accumulator(traceId: TraceId): TraceAccumulator {
    const last = this.last;
    if (last !== null && last.traceId === traceId) return last;
    let acc = this.traces.get(traceId);
    if (!acc) {
      acc = new TraceAccumulator(traceId, this.format);
      this.traces.set(traceId, acc);
    }
    this.last = acc;
    return acc;
  }

  add(span: SpanInput): void {
    this.accumulator(span.traceId).add(span);
  }

  /**
   * Adds the span a decoder wrote into a reused record (nothing is allocated per span). A sink
   * that overrides `add` receives the record as a SpanInput through it.
   */
  addRecord(span: SpanRecord): void {
    if (this.add !== TraceSetBuilder.prototype.add) this.add(recordToInput(span));
    else this.accumulator(span.traceId).addRecord(span);
  }

  /** A warning about one trace, or (traceId null) about the whole input. */
  warn(traceId: TraceId | null, message: string): void {
    const list = traceId === null ? this.fileWarnings : this.traces.get(traceId)?.warnings;
    (list ?? this.fileWarnings).push(message);
  }

  get spanCount(): number {
    let n = 0;
    for (const t of this.traces.values()) n += t.count;
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

/** Span id of row `index` (from the id bytes when the table has them: no list of every id is made). */
export function spanIdAt(table: SpanTable, index: number): SpanId {
  return table.idBytes ? idHexAt(table.idBytes.spanIds, index, false) : table.spanIds[index];
}

/** Parent id of row `index`, '' for none (as spanIdAt). */
export function parentIdAt(table: SpanTable, index: number): string {
  return table.idBytes ? idHexAt(table.idBytes.parentIds, index, true) : table.parentIds[index];
}

export function spanName(table: SpanTable, index: number): string {
  return table.strings[table.names[index]];
}

export function spanService(table: SpanTable, index: number): string {
  return table.strings[table.services[index]];
}
