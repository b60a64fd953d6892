/**
 * Per-trace totals of the spans of one commit, stored as `trace_parts` and `trace_service_parts`
 * rows (schema.ts): time range, seq range, span and error counts, the root span if it is among
 * them, and spans/errors per service.
 */
import { StatusCode } from '../../core/model/types.ts';
import type { SpanBatch } from './span-batch.ts';

const UINT64_MAX = 2n ** 64n - 1n;

export interface TraceTotals {
  readonly traceId: string;
  startNs: bigint | null;
  endNs: bigint | null;
  seqMin: bigint;
  seqMax: bigint;
  spanCount: number;
  errorCount: number;
  rootService: string | null;
  rootName: string | null;
  rootStartNs: bigint | null;
}

export interface ServiceTotals {
  readonly traceId: string;
  readonly service: string;
  spanCount: number;
  errorCount: number;
}

export class TraceRollup {
  readonly traces = new Map<string, TraceTotals>();
  readonly services = new Map<string, ServiceTotals>();

  /** Adds row i of `batch`, stored as row number `seq`. */
  add(batch: SpanBatch, i: number, seq: bigint): void {
    const traceId = batch.traceId[i];
    const start = batch.startNs[i];
    const dur = batch.durNs[i];
    const isError = batch.status[i] === StatusCode.Error ? 1 : 0;
    let t = this.traces.get(traceId);
    if (!t) {
      t = {
        traceId,
        startNs: null,
        endNs: null,
        seqMin: seq,
        seqMax: seq,
        spanCount: 0,
        errorCount: 0,
        rootService: null,
        rootName: null,
        rootStartNs: null,
      };
      this.traces.set(traceId, t);
    }
    t.seqMax = seq;
    t.spanCount++;
    t.errorCount += isError;
    if (start !== null) {
      if (t.startNs === null || start < t.startNs) t.startNs = start;
      let end = dur !== null && dur > 0n ? start + dur : start;
      if (end > UINT64_MAX) end = UINT64_MAX;
      if (t.endNs === null || end > t.endNs) t.endNs = end;
    }
    // Of several roots, the earliest one names the trace (a root without a start counts as latest).
    if (
      batch.parentId[i] === '' &&
      (t.rootName === null || (start !== null && (t.rootStartNs === null || start < t.rootStartNs)))
    ) {
      t.rootService = batch.service[i];
      t.rootName = batch.name[i];
      t.rootStartNs = start;
    }
    const service = batch.service[i];
    const key = `${traceId}\n${service}`;
    let s = this.services.get(key);
    if (!s) this.services.set(key, (s = { traceId, service, spanCount: 0, errorCount: 0 }));
    s.spanCount++;
    s.errorCount += isError;
  }
}
