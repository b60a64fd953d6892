/**
 * The allocation-free way into TraceSetBuilder: a mutable SpanRecord a decoder fills and reuses for
 * every span, times split into whole seconds and nanoseconds (exact as doubles, no bigint per span),
 * and details given as a shared source plus a key instead of a closure per span.
 */
import type { SpanId, TraceId } from './ids.ts';
import type { SpanInput } from './span-table.ts';
import { EMPTY_DETAILS, type SpanDetails } from './types.ts';

/**
 * A source of lazily decoded details for many spans (e.g. the bytes of one input document): a span
 * keeps a reference to its source and a key, not a closure and an object of its own.
 */
export interface SpanDetailSource {
  spanDetails(key: number): SpanDetails;
}

/**
 * One span for TraceSetBuilder.addRecord: a mutable record that a decoder fills and reuses for every
 * span, so that adding a span allocates nothing. Times are split into whole seconds and nanoseconds
 * (both exact as doubles, whatever the uint64); NaN seconds mean "the source has none".
 */
export class SpanRecord {
  traceId: TraceId = '';
  spanId: SpanId = '';
  /** Canonical; '' for none. */
  parentId = '';
  name = '';
  /** service.name; '' or undefined becomes 'unknown_service'. */
  service: string | undefined = undefined;
  kind = 0;
  status = 0;
  shared = false;
  startSec = Number.NaN;
  startNano = 0;
  /** NaN when the source has no end (the span then has no duration, as SpanInput.durNs null). */
  endSec = Number.NaN;
  endNano = 0;
  /** Absolute event times: eventSec[i] * 1e9 + eventNano[i] ns for i < eventCount. */
  eventCount = 0;
  eventSec = new Float64Array(8);
  eventNano = new Float64Array(8);
  detailSource: SpanDetailSource = EMPTY_SOURCE;
  detailKey = 0;

  /** Appends an event time, growing the arrays as needed. */
  addEvent(sec: number, nano: number): void {
    if (this.eventCount === this.eventSec.length) {
      this.eventSec = grow(this.eventSec, this.eventCount + 1);
      this.eventNano = grow(this.eventNano, this.eventCount + 1);
    }
    this.eventSec[this.eventCount] = sec;
    this.eventNano[this.eventCount++] = nano;
  }
}

const EMPTY_SOURCE: SpanDetailSource = { spanDetails: () => EMPTY_DETAILS };

type TypedArray = Float64Array | Uint32Array | Int32Array | Uint8Array;

/** A copy of `a` with room for at least `need` elements (doubling). */
export function grow<T extends TypedArray>(a: T, need: number): T {
  const out = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 16));
  out.set(a);
  return out;
}

export const NS_PER_S = 1_000_000_000n;
/** |Δs| up to this keeps Δs·1e9 + Δns below 2^53, so the double arithmetic is exact. */
export const EXACT_SECONDS = 9_000_000;

/** end − start in ns for split times, exact (rounded once, as Number(bigint) does, when huge). */
export function durationNs(startSec: number, startNano: number, endSec: number, endNano: number): number {
  const dSec = endSec - startSec;
  if (dSec <= EXACT_SECONDS && dSec >= -EXACT_SECONDS) return dSec * 1e9 + (endNano - startNano);
  return Number(
    BigInt(endSec) * NS_PER_S + BigInt(endNano) - (BigInt(startSec) * NS_PER_S + BigInt(startNano)),
  );
}

/** The SpanInput of a record (for sinks that override add). */
export function recordToInput(s: SpanRecord): SpanInput {
  const ns = (sec: number, nano: number): bigint => BigInt(sec) * NS_PER_S + BigInt(nano);
  const startNs = Number.isNaN(s.startSec) ? null : ns(s.startSec, s.startNano);
  const source = s.detailSource;
  const key = s.detailKey;
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentId: s.parentId,
    name: s.name,
    service: s.service,
    kind: s.kind,
    status: s.status,
    startNs,
    durNs: startNs !== null && !Number.isNaN(s.endSec) ? ns(s.endSec, s.endNano) - startNs : null,
    eventTimesNs:
      s.eventCount === 0
        ? undefined
        : Array.from({ length: s.eventCount }, (_, e) => ns(s.eventSec[e], s.eventNano[e])),
    ...(s.shared ? { shared: true } : {}),
    details: () => source.spanDetails(key),
  };
}
