/**
 * The laid-out trace as the main thread holds it: one entry per tree node in pre-order (node k is
 * row k of a fully expanded waterfall), as parallel typed arrays that cross from the worker as
 * Transferables. No span objects exist on the main thread; the renderer reads these arrays only.
 */
import { NodeFlag, type PreOrderNodes } from '../tree/types.ts';
import { lookupSpanId } from './span-index.ts';

export { NodeFlag };

/** Node k's tree fields are copies of the TraceTree's (PreOrderNodes); the rest is laid out for drawing. */
export interface TraceColumns extends PreOrderNodes {
  /** Exclusive (self) time in ns: the span's duration minus the union of its children's time. */
  readonly selfNs: Float64Array;
  /** Index into `strings` of the service name (synthetic nodes: of their label's service, ''). */
  readonly service: Uint32Array;
  /** Index into `strings` of the span name (synthetic nodes: a "missing parent" label). */
  readonly name: Uint32Array;
  /** NodeFlag bits (error, orphan, synthetic, skew-adjusted, …). */
  readonly flags: Uint8Array;
  /** SpanKind values (0 for synthetic nodes). */
  readonly kind: Uint8Array;
  /** Span id of node k as 8 raw bytes at [8k, 8k + 8): the original id users see. */
  readonly spanIdBytes: Uint8Array;
  /** Span id → node hash table (span-index.ts), for O(1) lookups by id. */
  readonly spanIndex: Int32Array;
  /** Events of node k are eventNs[eventStart[k] .. eventStart[k + 1]), sorted, offsets in ns. */
  readonly eventStart: Uint32Array;
  readonly eventNs: Float64Array;
  /** Interned strings (service and span names). */
  readonly strings: readonly string[];
  /** Latest end of any node in ns: the trace's duration from offset 0. */
  readonly durationNs: number;
}

/** Every buffer of the columns, for `postMessage(…, transfer)`. */
export function columnBuffers(c: TraceColumns): ArrayBuffer[] {
  return [
    c.parent,
    c.depth,
    c.subtreeEnd,
    c.childCount,
    c.startNs,
    c.endNs,
    c.selfNs,
    c.service,
    c.name,
    c.flags,
    c.kind,
    c.spanIdBytes,
    c.spanIndex,
    c.eventStart,
    c.eventNs,
  ].map((a) => a.buffer as ArrayBuffer);
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The 16-char lower-case hex span id of node k. */
export function spanIdOf(c: TraceColumns, node: number): string {
  let out = '';
  const o = node * 8;
  for (let i = 0; i < 8; i++) out += HEX[c.spanIdBytes[o + i]];
  return out;
}

/**
 * Node showing span `spanId`, or -1: the first in pre-order with that id, else the "missing parent"
 * placeholder standing for it. O(1) (span-index.ts).
 */
export function nodeOfSpanId(c: TraceColumns, spanId: string): number {
  return lookupSpanId(c.spanIndex, c, spanId);
}

export function nodeName(c: TraceColumns, node: number): string {
  return c.strings[c.name[node]];
}

export function nodeService(c: TraceColumns, node: number): string {
  return c.strings[c.service[node]];
}

/** The first real root (what the trace header names), or -1 for an empty trace. */
export function rootNode(c: Pick<TraceColumns, 'nodeCount' | 'depth' | 'flags'>): number {
  for (let k = 0; k < c.nodeCount; k++) {
    if (c.depth[k] === 0 && !(c.flags[k] & NodeFlag.MissingParent)) return k;
  }
  for (let k = 0; k < c.nodeCount; k++) if (!(c.flags[k] & NodeFlag.MissingParent)) return k;
  return -1;
}

export function isError(c: TraceColumns, node: number): boolean {
  return (c.flags[node] & NodeFlag.Error) !== 0;
}
