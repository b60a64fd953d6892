/**
 * The critical path, by Jaeger UI's last-finishing-child algorithm (TracePage/CriticalPath): from
 * a root, the child that finished last is critical from its end to the end of the parent; walk
 * into it, and when a span has no child left that ends before the cursor, it is critical from its
 * own start to the cursor and the walk returns to its parent with the cursor at that start.
 *
 * As in Jaeger, children are first clipped to their parent's window and those wholly outside it
 * are dropped with their subtrees; every top-level span and every orphan is a root. Unlike the
 * recursive original this is a loop (a million-deep chain is legal) and each parent keeps a pointer
 * into its children sorted by end time, so a wide parent costs O(k log k), not O(k²).
 */
import { sortByKey } from '../tree/sort-by-key.ts';
import { NodeFlag, type TraceTree } from '../tree/types.ts';

/** Node k is critical over [startNs, endNs); segments in time order. */
export interface CriticalPath {
  readonly node: Uint32Array;
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
}

interface Clipped {
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
  readonly dropped: Uint8Array;
}

/** Jaeger's sanitizeOverFlowingChildren, in pre-order so each parent is clipped before its children. */
function clipToParents(tree: TraceTree): Clipped {
  const { nodeCount, parent, nodeFlags } = tree;
  const startNs = tree.startNs.slice();
  const endNs = tree.endNs.slice();
  const dropped = new Uint8Array(nodeCount);
  for (let k = 0; k < nodeCount; k++) {
    const p = parent[k];
    if (p < 0 || nodeFlags[p] & NodeFlag.MissingParent) continue;
    const ps = startNs[p];
    const pe = endNs[p];
    const s = startNs[k];
    const e = endNs[k];
    if (dropped[p] || (s >= ps ? s >= pe : e <= ps)) {
      dropped[k] = 1;
      continue;
    }
    if (s < ps) startNs[k] = ps;
    if (e > pe) endNs[k] = pe;
  }
  return { startNs, endNs, dropped };
}

/** Kept children of every node, latest end first (ties: earlier start first). */
function childrenByEnd(tree: TraceTree, clipped: Clipped): { offset: Int32Array; items: Int32Array } {
  const { nodeCount, subtreeEnd } = tree;
  const offset = new Int32Array(nodeCount + 1);
  const items = new Int32Array(nodeCount);
  let o = 0;
  for (let k = 0; k < nodeCount; k++) {
    offset[k] = o;
    for (let c = k + 1; c < subtreeEnd[k]; c = subtreeEnd[c]) if (!clipped.dropped[c]) items[o++] = c;
  }
  offset[nodeCount] = o;
  const negEndNs = clipped.endNs.map((v) => -v);
  let buffer = new Int32Array(0);
  const scratch = (length: number): Int32Array => {
    if (buffer.length < length) buffer = new Int32Array(length);
    return buffer;
  };
  for (let k = 0; k < nodeCount; k++) sortByKey(items, offset[k], offset[k + 1], negEndNs, scratch);
  return { offset, items };
}

export function criticalPath(tree: TraceTree): CriticalPath {
  const { nodeCount, parent, subtreeEnd, nodeFlags } = tree;
  const clipped = clipToParents(tree);
  const { startNs, endNs } = clipped;
  const { offset, items } = childrenByEnd(tree, clipped);
  const next = offset.slice(0, nodeCount);
  const segNode: number[] = [];
  const segStart: number[] = [];
  const segEnd: number[] = [];
  const push = (node: number, fromNs: number, toNs: number): void => {
    if (fromNs === toNs) return;
    segNode.push(node);
    segStart.push(fromNs);
    segEnd.push(toNs);
  };

  /** Emits the segments of one root's tree, backwards in time. */
  const walk = (root: number): void => {
    let cur = root;
    let hasCursor = false;
    let cursorNs = 0;
    for (;;) {
      const last = offset[cur + 1];
      while (hasCursor && next[cur] < last && endNs[items[next[cur]]] >= cursorNs) next[cur]++;
      const sectionEndNs = hasCursor ? cursorNs : endNs[cur];
      if (next[cur] < last) {
        const child = items[next[cur]++];
        push(cur, endNs[child], sectionEndNs);
        cur = child;
        hasCursor = false;
        continue;
      }
      push(cur, startNs[cur], sectionEndNs);
      if (cur === root) return;
      cursorNs = startNs[cur];
      hasCursor = true;
      cur = parent[cur];
    }
  };

  const order: number[] = [];
  const walkForward = (root: number): void => {
    const from = segNode.length;
    walk(root);
    for (let i = segNode.length - 1; i >= from; i--) order.push(i);
  };
  for (let top = 0; top < nodeCount; top = subtreeEnd[top]) {
    if (!(nodeFlags[top] & NodeFlag.MissingParent)) walkForward(top);
    else for (let c = top + 1; c < subtreeEnd[top]; c = subtreeEnd[c]) walkForward(c);
  }

  // Roots may overlap in time: merge their paths by start (stable, so ties keep root order).
  const key = Float64Array.from(segStart);
  const sorted = Int32Array.from(order);
  sortByKey(sorted, 0, sorted.length, key, (length) => new Int32Array(length));
  return {
    node: Uint32Array.from(sorted, (i) => segNode[i]),
    startNs: Float64Array.from(sorted, (i) => segStart[i]),
    endNs: Float64Array.from(sorted, (i) => segEnd[i]),
  };
}
