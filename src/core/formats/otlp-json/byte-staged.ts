/**
 * The spans of one OTLP JSON document as byte-decode.ts reads them (hot fields in growable typed
 * arrays, details as byte ranges), and their commit into the builder once the whole document has
 * been read exactly: a document it gives up on adds nothing.
 */
import { grow, type SpanRecord } from '../../model/span-record.ts';
import type { TraceSetBuilder } from '../../model/span-table.ts';
import { OtlpJsonByteDetails, RESOURCE_STRIDE, SCOPE_STRIDE } from './byte-details.ts';

/** `ranges` with room for entry `i` of `stride` values, that entry set to -1 (grown when needed). */
function slot<T extends Int32Array>(ranges: T, i: number, stride: number): T {
  const out = (i + 1) * stride > ranges.length ? grow(ranges, (i + 1) * stride) : ranges;
  out.fill(-1, i * stride, (i + 1) * stride);
  return out;
}

export class Staged {
  count = 0;
  traceIds: string[] = [];
  spanIds: string[] = [];
  parentIds: string[] = [];
  names: string[] = [];
  kinds = new Uint8Array(64);
  statuses = new Uint8Array(64);
  /** start sec, start nano, end sec, end nano per span (NaN sec: none). */
  times = new Float64Array(256);
  scopeOf = new Uint32Array(64);
  spanRange = new Uint32Array(128);
  /** Events of span k: eventSec/eventNano [eventStart[k], eventStart[k + 1]). */
  eventStart = new Uint32Array(65);
  eventSec: number[] = [];
  eventNano: number[] = [];
  resourceRanges = new Int32Array(RESOURCE_STRIDE * 8);
  resourceCount = 0;
  services: (string | undefined)[] = [];
  scopeRanges = new Int32Array(SCOPE_STRIDE * 8);
  scopeCount = 0;

  /** A new resource's slot in resourceRanges, every range unset (-1). */
  resource(): number {
    const g = this.resourceCount++;
    this.resourceRanges = slot(this.resourceRanges, g, RESOURCE_STRIDE);
    return g;
  }

  /** A new scope's slot in scopeRanges (ranges unset), under resource `g`. */
  scope(g: number): number {
    const s = this.scopeCount++;
    this.scopeRanges = slot(this.scopeRanges, s, SCOPE_STRIDE);
    this.scopeRanges[s * SCOPE_STRIDE] = g;
    return s;
  }

  row(): number {
    const k = this.count;
    if (k === this.kinds.length) {
      this.kinds = grow(this.kinds, k + 1);
      this.statuses = grow(this.statuses, k + 1);
      this.times = grow(this.times, 4 * (k + 1));
      this.scopeOf = grow(this.scopeOf, k + 1);
      this.spanRange = grow(this.spanRange, 2 * (k + 1));
      this.eventStart = grow(this.eventStart, k + 2);
    }
    this.count = k + 1;
    return k;
  }
}

export /** Adds the staged spans to the sink, each with its details as a byte range of the document. */
function commitStaged(bytes: Uint8Array, staged: Staged, sink: TraceSetBuilder, record: SpanRecord): void {
  const n = staged.count;
  const source = new OtlpJsonByteDetails(
    bytes,
    staged.spanRange.slice(0, 2 * n),
    staged.scopeOf.slice(0, n),
    staged.scopeRanges.slice(0, staged.scopeCount * SCOPE_STRIDE),
    staged.resourceRanges.slice(0, staged.resourceCount * RESOURCE_STRIDE),
  );
  const { times, eventStart, eventSec, eventNano, scopeRanges } = staged;
  record.detailSource = source;
  for (let k = 0; k < n; k++) {
    record.traceId = staged.traceIds[k];
    record.spanId = staged.spanIds[k];
    record.parentId = staged.parentIds[k];
    record.name = staged.names[k];
    record.service = staged.services[scopeRanges[staged.scopeOf[k] * SCOPE_STRIDE]];
    record.kind = staged.kinds[k];
    record.status = staged.statuses[k];
    record.startSec = times[4 * k];
    record.startNano = times[4 * k + 1];
    record.endSec = times[4 * k + 2];
    record.endNano = times[4 * k + 3];
    record.eventCount = 0;
    for (let e = eventStart[k]; e < eventStart[k + 1]; e++) record.addEvent(eventSec[e], eventNano[e]);
    record.detailKey = k;
    sink.addRecord(record);
  }
}
