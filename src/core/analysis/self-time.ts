/**
 * Self (exclusive) time of every node: its duration minus the time covered by at least one of its
 * children, each child clipped to the node's window (overlapping children count once). Synthetic
 * "missing parent" nodes have no time of their own: 0. One pass: children are sorted by start, so
 * their union is a single sweep, and each node is visited once as a child.
 */
import { NodeFlag, type TraceTree } from '../tree/types.ts';

export function selfTimes(tree: TraceTree): Float64Array {
  const { nodeCount, subtreeEnd, startNs, endNs, nodeFlags } = tree;
  const selfNs = new Float64Array(nodeCount);
  for (let k = 0; k < nodeCount; k++) {
    if (nodeFlags[k] & NodeFlag.MissingParent) continue;
    const fromNs = startNs[k];
    const toNs = endNs[k];
    let coveredNs = 0;
    let runStartNs = 0;
    let runEndNs = Number.NEGATIVE_INFINITY;
    for (let c = k + 1; c < subtreeEnd[k]; c = subtreeEnd[c]) {
      const s = Math.max(startNs[c], fromNs);
      const e = Math.min(endNs[c], toNs);
      if (e <= s) continue;
      if (s > runEndNs) {
        if (runEndNs > runStartNs) coveredNs += runEndNs - runStartNs;
        runStartNs = s;
        runEndNs = e;
      } else if (e > runEndNs) runEndNs = e;
    }
    if (runEndNs > runStartNs) coveredNs += runEndNs - runStartNs;
    selfNs[k] = toNs - fromNs - coveredNs;
  }
  return selfNs;
}
