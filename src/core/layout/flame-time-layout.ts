/**
 * The flame chart (DESIGN §9): x is the trace's time axis, y is depth with the top level at the top,
 * and siblings that overlap in time go to extra lanes so that no bar covers another.
 *
 * Every node owns a block of lanes: itself on the block's top lane, its children's blocks packed
 * below it (first fit in start order, BlockPacker). A child's block is packed whole, over the time
 * extent of its whole subtree (with raw times a descendant may stick out of its ancestors), so a
 * grandchild that overlaps a later sibling of its parent pushes that sibling down. Heights come
 * bottom-up (children come after their parent in pre-order), lanes top-down.
 */
import type { PreOrderNodes } from '../tree/types.ts';
import { BlockPacker } from './block-packer.ts';
import { type LaneLayout, layoutFromLanes } from './lane-layout.ts';

/** Items are nodes; x0/x1 are their startNs/endNs. */
export interface FlameTimeLayout extends LaneLayout {
  /** Per node: lanes its subtree's block occupies, [laneOf[k], laneOf[k] + blockLanes[k]). */
  readonly blockLanes: Uint32Array;
}

export function flameTimeLayout(t: PreOrderNodes): FlameTimeLayout {
  const { nodeCount: n, parent, subtreeEnd, startNs, endNs } = t;
  // Time extent of each subtree, folded into the parent from the last node up.
  const fromNs = new Float64Array(n);
  const toNs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    fromNs[k] = Math.min(startNs[k], endNs[k]);
    toNs[k] = Math.max(startNs[k], endNs[k]);
  }
  for (let k = n - 1; k >= 0; k--) {
    const p = parent[k];
    if (p < 0) continue;
    if (fromNs[k] < fromNs[p]) fromNs[p] = fromNs[k];
    if (toNs[k] > toNs[p]) toNs[p] = toNs[k];
  }

  // Block heights bottom-up; offsetLanes[c]: the child's block below its parent's lane (top-level: from lane 0).
  const blockLanes = new Uint32Array(n);
  const offsetLanes = new Uint32Array(n);
  const packer = new BlockPacker();
  const packChildren = (first: number, end: number): number => {
    let count = 0;
    let laneBound = 0;
    for (let c = first; c < end; c = subtreeEnd[c]) {
      count++;
      laneBound += blockLanes[c];
    }
    packer.begin(count, laneBound);
    for (let c = first; c < end; c = subtreeEnd[c])
      offsetLanes[c] = packer.place(blockLanes[c], fromNs[c], toNs[c]);
    return packer.usedLanes;
  };
  for (let k = n - 1; k >= 0; k--) {
    // A leaf, or a single child (the common chain): no packing needed.
    if (subtreeEnd[k] === k + 1) blockLanes[k] = 1;
    else if (subtreeEnd[k + 1] === subtreeEnd[k]) blockLanes[k] = 1 + blockLanes[k + 1];
    else blockLanes[k] = 1 + packChildren(k + 1, subtreeEnd[k]);
  }
  const laneCount = n === 0 ? 0 : packChildren(0, n);

  const laneOf = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const p = parent[k];
    laneOf[k] = p < 0 ? offsetLanes[k] : laneOf[p] + 1 + offsetLanes[k];
  }
  // Pre-order visits each lane left to right: blocks sharing a lane were packed one after the other.
  return { ...layoutFromLanes(laneCount, laneOf, null, startNs, endNs), blockLanes };
}
