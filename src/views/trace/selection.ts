/**
 * The selected span is a span id in the URL; the canvas views speak node indices. These map one to
 * the other in O(1) (synthetic "missing parent" nodes carry the missing parent's id, so they
 * round-trip too).
 */
import { NodeFlag, nodeOfSpanId, type TraceColumns } from '../../core/layout/trace-columns.ts';

export function nodeForSpanId(c: TraceColumns, spanId: string | null): number {
  return spanId ? nodeOfSpanId(c, spanId) : -1;
}

/** The first real root (what the trace header names), or -1 for an empty trace. */
export function rootNode(c: TraceColumns): number {
  for (let k = 0; k < c.nodeCount; k++) {
    if (c.depth[k] === 0 && !(c.flags[k] & NodeFlag.MissingParent)) return k;
  }
  for (let k = 0; k < c.nodeCount; k++) if (!(c.flags[k] & NodeFlag.MissingParent)) return k;
  return -1;
}
