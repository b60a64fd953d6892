/**
 * The selected span is a span id in the URL; the canvas views speak node indices. These map one to
 * the other in O(1) (synthetic "missing parent" nodes carry the missing parent's id, so they
 * round-trip too).
 */
import { nodeOfSpanId, type TraceColumns } from '../../core/layout/trace-columns.ts';

export function nodeForSpanId(c: TraceColumns, spanId: string | null): number {
  return spanId ? nodeOfSpanId(c, spanId) : -1;
}
