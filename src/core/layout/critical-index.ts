/**
 * Critical-path segments indexed by node, so that a painter finds the segments of a visible row
 * with one binary search.
 */
import { lowerBound } from './binary-search.ts';

export interface CriticalIndex {
  /** Node of each segment, ascending; segments of one node are in time order. */
  readonly node: Uint32Array;
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
}

export function indexCriticalPath(
  node: Uint32Array,
  startNs: Float64Array,
  endNs: Float64Array,
): CriticalIndex {
  const order = Array.from(node.keys()).sort((a, b) => node[a] - node[b] || startNs[a] - startNs[b]);
  return {
    node: Uint32Array.from(order, (i) => node[i]),
    startNs: Float64Array.from(order, (i) => startNs[i]),
    endNs: Float64Array.from(order, (i) => endNs[i]),
  };
}

/** Index of the first segment of `k`, or the segment count when k has none. */
export function firstSegmentOf(c: CriticalIndex, k: number): number {
  return lowerBound(c.node, k);
}
