/**
 * The spans of one document as a byte reader reads them (hot fields in growable typed arrays, each
 * span's details left as its byte range for a SpanDetailSource), and their commit into the builder
 * once the whole document has been read exactly: a document the reader gives up on adds nothing.
 */
import { grow, type SpanDetailSource, SpanRecord } from '../../model/span-record.ts';
import type { TraceSetBuilder } from '../../model/span-table.ts';
import { TraceWarnings } from '../otlp-common.ts';
import type { FormatId } from '../types.ts';
import { SplitTime } from './split-time.ts';

/** Spans read as the input streamed (the formats' byte-stream.ts); `commit` adds them, given the bytes they lie in. */
export interface ReadSpans {
  readonly format: FormatId;
  commit(bytes: Uint8Array, sink: TraceSetBuilder): number;
}

export class StagedSpans {
  count = 0;
  traceIds: string[] = [];
  spanIds: string[] = [];
  parentIds: string[] = [];
  names: string[] = [];
  kinds = new Uint8Array(64);
  statuses = new Uint8Array(64);
  shared = new Uint8Array(64);
  /** start sec, start nano, end sec, end nano per span (NaN sec: none). */
  times = new Float64Array(256);
  /** Span k's service is services[serviceOf[k]] (one per resource, process or endpoint of the document). */
  serviceOf = new Uint32Array(64);
  services: (string | undefined)[] = [];
  /** Span k is the value at bytes [spanRange[2k], spanRange[2k + 1]). */
  spanRange = new Uint32Array(128);
  /** Events of span k: eventSec/eventNano [eventStart[k], eventStart[k + 1]). */
  eventStart = new Uint32Array(65);
  eventSec: number[] = [];
  eventNano: number[] = [];
  /** Noted as the JSON.parse decoder notes them; written after the spans. */
  readonly warnings = new TraceWarnings();

  /** A new span's row, its events to be added next. */
  row(): number {
    const k = this.count;
    if (k === this.kinds.length) {
      this.kinds = grow(this.kinds, k + 1);
      this.statuses = grow(this.statuses, k + 1);
      this.shared = grow(this.shared, k + 1);
      this.times = grow(this.times, 4 * (k + 1));
      this.serviceOf = grow(this.serviceOf, k + 1);
      this.spanRange = grow(this.spanRange, 2 * (k + 1));
      this.eventStart = grow(this.eventStart, k + 2);
    }
    this.count = k + 1;
    this.eventStart[k + 1] = this.eventSec.length;
    return k;
  }

  /** Span k's start (null or zero: none) and end (null: none). */
  setTimes(k: number, start: SplitTime | null, end: SplitTime | null): void {
    const t = this.times;
    const hasStart = start !== null && !start.isZero;
    t[4 * k] = hasStart ? start.sec : Number.NaN;
    t[4 * k + 1] = hasStart ? start.nano : 0;
    t[4 * k + 2] = end === null ? Number.NaN : end.sec;
    t[4 * k + 3] = end === null ? 0 : end.nano;
  }

  /** Adds event times (absolute ns, as the JSON.parse decoder computes them) to the last row. */
  addEventTimes(times: readonly bigint[] | undefined): void {
    if (times === undefined) return;
    const t = new SplitTime();
    for (const ns of times) {
      t.setBigint(ns);
      this.eventSec.push(t.sec);
      this.eventNano.push(t.nano);
    }
    this.eventStart[this.count] = this.eventSec.length;
  }
}

/**
 * Adds staged rows [from, to) (all by default) to the sink, details from `source` keyed by row - from;
 * then, with the last row, the warnings.
 */
export function commitStaged(
  staged: StagedSpans,
  source: SpanDetailSource,
  sink: TraceSetBuilder,
  format: string,
  from = 0,
  to = staged.count,
): void {
  const record = new SpanRecord();
  const { times, eventStart, eventSec, eventNano, serviceOf, services } = staged;
  record.detailSource = source;
  const previous = sink.format;
  sink.format = format;
  try {
    for (let k = from; k < to; k++) {
      record.traceId = staged.traceIds[k];
      record.spanId = staged.spanIds[k];
      record.parentId = staged.parentIds[k];
      record.name = staged.names[k];
      record.service = services[serviceOf[k]];
      record.kind = staged.kinds[k];
      record.status = staged.statuses[k];
      record.shared = staged.shared[k] === 1;
      record.startSec = times[4 * k];
      record.startNano = times[4 * k + 1];
      record.endSec = times[4 * k + 2];
      record.endNano = times[4 * k + 3];
      record.eventCount = 0;
      for (let e = eventStart[k]; e < eventStart[k + 1]; e++) record.addEvent(eventSec[e], eventNano[e]);
      record.detailKey = k - from;
      sink.addRecord(record);
    }
    if (to === staged.count) staged.warnings.flush(sink);
  } finally {
    sink.format = previous;
  }
}
