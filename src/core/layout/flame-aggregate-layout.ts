/**
 * Lanes of the aggregated flame graph: one lane per frame depth, x in ns of aggregated weight.
 * Children are laid from their parent's x0, widest first (left-heavy), the top-level frames side by
 * side from x = 0, also widest first.
 *
 * 'self': a frame's width is its cumulative self time (its own plus every descendant's), which always
 * fits inside its parent. 'total': a frame's width is its total time, but parallel calls can sum to
 * more than their parent: then that parent's children, and with them their descendants, are scaled
 * down to fit. The drawing is scaled; tooltips show the true totals from the aggregate.
 */
import type { FlameAggregate } from './flame-aggregate.ts';
import { type LaneLayout, layoutFromLanes } from './lane-layout.ts';

export type FlameWeight = 'total' | 'self';

/** Drawn width per frame. */
function widthsOf(agg: FlameAggregate, weight: FlameWeight): Float64Array {
  const { frameCount, parent } = agg;
  if (weight === 'self') {
    const widthNs = agg.selfNs.slice();
    for (let f = frameCount - 1; f >= 0; f--) if (parent[f] >= 0) widthNs[parent[f]] += widthNs[f];
    return widthNs;
  }
  const { totalNs } = agg;
  const childSumNs = new Float64Array(frameCount);
  for (let f = 0; f < frameCount; f++) if (parent[f] >= 0) childSumNs[parent[f]] += totalNs[f];
  // scale[f]: drawn / true width, inherited by the children and shrunk again where they do not fit.
  const scale = new Float64Array(frameCount);
  const widthNs = new Float64Array(frameCount);
  for (let f = 0; f < frameCount; f++) {
    const p = parent[f];
    scale[f] = p < 0 ? 1 : childSumNs[p] > totalNs[p] ? (scale[p] * totalNs[p]) / childSumNs[p] : scale[p];
    widthNs[f] = totalNs[f] * scale[f];
  }
  return widthNs;
}

export function aggregateLayout(agg: FlameAggregate, weight: FlameWeight): LaneLayout {
  const { frameCount, subtreeEnd, depth } = agg;
  const widthNs = widthsOf(agg, weight);
  const x0 = new Float64Array(frameCount);
  const x1 = new Float64Array(frameCount);
  // Frames in left-heavy pre-order: each depth comes out left to right, as the lanes need.
  const order = new Uint32Array(frameCount);
  const stack = new Uint32Array(frameCount);
  const kids = new Uint32Array(frameCount);
  let top = 0;
  const widestFirst = (a: number, b: number) => widthNs[b] - widthNs[a] || a - b;
  /** Lays the children of [first, end) from fromX (clamped to toX against rounding) and stacks them. */
  const layChildren = (first: number, end: number, fromX: number, toX: number): void => {
    let m = 0;
    for (let c = first; c < end; c = subtreeEnd[c]) kids[m++] = c;
    if (m > 1) kids.subarray(0, m).sort(widestFirst);
    let x = fromX;
    for (let i = 0; i < m; i++) {
      const c = kids[i];
      x0[c] = x;
      x = Math.min(x + widthNs[c], toX);
      x1[c] = x;
    }
    for (let i = m - 1; i >= 0; i--) stack[top++] = kids[i];
  };
  layChildren(0, frameCount, 0, Number.POSITIVE_INFINITY);
  for (let i = 0; top > 0; i++) {
    const f = stack[--top];
    order[i] = f;
    layChildren(f + 1, subtreeEnd[f], x0[f], x1[f]);
  }
  let laneCount = 0;
  for (let f = 0; f < frameCount; f++) if (depth[f] + 1 > laneCount) laneCount = depth[f] + 1;
  return layoutFromLanes(laneCount, depth.slice(), order, x0, x1);
}
