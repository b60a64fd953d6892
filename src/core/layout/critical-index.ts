/**
 * Critical-path segments indexed by node, so that a painter finds the segments of a visible row
 * with one binary search.
 */

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
  let lo = 0;
  let hi = c.node.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.node[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when the ascending `set` holds k. */
export function sortedHas(set: Uint32Array, k: number): boolean {
  let lo = 0;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (set[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo < set.length && set[lo] === k;
}
