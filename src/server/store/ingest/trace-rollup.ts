/**
 * Per-trace totals, stored as `trace_parts` and `trace_service_parts` rows (schema.ts): time range,
 * seq range, span and error counts, the root span if it is among the spans, and spans/errors per
 * service. The decode worker totals each batch (rows numbered within the batch, BatchTotals); the
 * database worker merges the batches of a commit group once their seqs are known (GroupRollup).
 */
import type { SpanInput } from '../../../core/model/span-table.ts';
import { StatusCode } from '../../../core/model/types.ts';

const UINT64_MAX = 2n ** 64n - 1n;

export interface Counts {
  spanCount: number;
  errorCount: number;
}

interface Root {
  rootService: string | null;
  rootName: string | null;
  rootStartNs: bigint | null;
}

interface Span {
  startNs: bigint | null;
  endNs: bigint | null;
}

/** What the totals of a trace in a batch and in a commit group both hold. */
interface Totals extends Counts, Root, Span {
  readonly traceId: string;
  readonly services: Map<string, Counts>;
}

/** A trace's spans in one batch; rows are numbered within the batch. */
export interface TraceTotals extends Totals {
  firstRow: number;
  lastRow: number;
}

export interface BatchTotals {
  readonly traces: readonly TraceTotals[];
}

/** A trace's spans in one commit group, as one `trace_parts` row. */
export interface GroupTraceTotals extends Totals {
  seqMin: bigint;
  seqMax: bigint;
}

/** The totals of a trace before its first span (once per trace and batch or group, not per span). */
function noSpansYet(traceId: string): Totals {
  return {
    traceId,
    startNs: null,
    endNs: null,
    spanCount: 0,
    errorCount: 0,
    rootService: null,
    rootName: null,
    rootStartNs: null,
    services: new Map(),
  };
}

/** Of several roots, the earliest one names the trace (a root without a start counts as latest). */
function takesRoot(current: Root, startNs: bigint | null): boolean {
  return (
    current.rootName === null ||
    (startNs !== null && (current.rootStartNs === null || startNs < current.rootStartNs))
  );
}

function widen(t: Span, startNs: bigint | null, endNs: bigint | null): void {
  if (startNs !== null && (t.startNs === null || startNs < t.startNs)) t.startNs = startNs;
  if (endNs !== null && (t.endNs === null || endNs > t.endNs)) t.endNs = endNs;
}

function addCounts(to: Map<string, Counts>, service: string, spans: number, errors: number): void {
  const c = to.get(service);
  if (c) {
    c.spanCount += spans;
    c.errorCount += errors;
  } else to.set(service, { spanCount: spans, errorCount: errors });
}

export class BatchTotalsBuilder {
  private readonly traces = new Map<string, TraceTotals>();
  /** The trace of the last row: a trace's spans mostly come one after another. */
  private last: TraceTotals | null = null;

  /** Adds row `row`: span `s` of `service`, whose duration as stored is `durNs`. */
  add(row: number, s: SpanInput, service: string, durNs: bigint | null): void {
    const isError = s.status === StatusCode.Error ? 1 : 0;
    let t = this.last?.traceId === s.traceId ? this.last : this.traces.get(s.traceId);
    if (!t) {
      t = { ...noSpansYet(s.traceId), firstRow: row, lastRow: row };
      this.traces.set(s.traceId, t);
    }
    this.last = t;
    t.lastRow = row;
    t.spanCount++;
    t.errorCount += isError;
    const start = s.startNs;
    if (start !== null) {
      let end = durNs !== null && durNs > 0n ? start + durNs : start;
      if (end > UINT64_MAX) end = UINT64_MAX;
      widen(t, start, end);
    }
    if (s.parentId === '' && takesRoot(t, start)) {
      t.rootService = service;
      t.rootName = s.name;
      t.rootStartNs = start;
    }
    addCounts(t.services, service, 1, isError);
  }

  finish(): BatchTotals {
    return { traces: [...this.traces.values()] };
  }
}

/** The totals of a commit group: its batches' totals, merged in order. */
export class GroupRollup {
  readonly traces = new Map<string, GroupTraceTotals>();

  /** Adds a batch whose row 0 is stored as `firstSeq`. */
  add(b: BatchTotals, firstSeq: bigint): void {
    for (const bt of b.traces) {
      const seqMin = firstSeq + BigInt(bt.firstRow);
      const seqMax = firstSeq + BigInt(bt.lastRow);
      let t = this.traces.get(bt.traceId);
      if (!t) {
        t = { ...noSpansYet(bt.traceId), seqMin, seqMax };
        this.traces.set(bt.traceId, t);
      }
      t.seqMax = seqMax;
      t.spanCount += bt.spanCount;
      t.errorCount += bt.errorCount;
      widen(t, bt.startNs, bt.endNs);
      if (bt.rootName !== null && takesRoot(t, bt.rootStartNs)) {
        t.rootService = bt.rootService;
        t.rootName = bt.rootName;
        t.rootStartNs = bt.rootStartNs;
      }
      for (const [service, c] of bt.services) addCounts(t.services, service, c.spanCount, c.errorCount);
    }
  }
}
