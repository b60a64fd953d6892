/**
 * An alignment → the merged tree (types.ts). Iterative (an explicit stack, as a million-span chain
 * is a legal trace) and O(nA + nB): a matched pair is one node whose children are its B children in
 * B's order with its unmatched A children merged in at their mapped start (B first on a tie); an
 * added or removed subtree is copied whole, in its own pre-order.
 */
import { selfTimes } from '../analysis/self-time.ts';
import type { TraceTree } from '../tree/types.ts';
import { type Alignment, kindsDiffer } from './align.ts';
import { type AttrChange, attributeChanges } from './attributes.ts';
import { DiffFlag, DiffKind, type DiffOptions, type TraceDiff } from './types.ts';

/** Above this many spans in either trace, 'auto' leaves attributes out (100k details take ~0.7 s). */
export const ATTRIBUTE_SPAN_LIMIT = 10_000;

function compareAttributes(a: TraceTree, b: TraceTree, option: DiffOptions['attributes']): boolean {
  if (option === undefined || option === 'auto')
    return a.table.count <= ATTRIBUTE_SPAN_LIMIT && b.table.count <= ATTRIBUTE_SPAN_LIMIT;
  return option;
}

/** The merged nodes as they are written, before the backward pass that closes subtrees. */
class MergedNodes {
  count = 0;
  readonly kind: Uint8Array;
  readonly flags: Uint8Array;
  readonly aNode: Int32Array;
  readonly bNode: Int32Array;
  readonly parent: Int32Array;
  readonly depth: Uint32Array;
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;

  constructor(size: number) {
    this.kind = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.aNode = new Int32Array(size).fill(-1);
    this.bNode = new Int32Array(size).fill(-1);
    this.parent = new Int32Array(size);
    this.depth = new Uint32Array(size);
    this.startNs = new Float64Array(size);
    this.endNs = new Float64Array(size);
  }

  add(kind: number, parent: number, startNs: number, endNs: number): number {
    const k = this.count++;
    this.kind[k] = kind;
    this.parent[k] = parent;
    this.depth[k] = parent < 0 ? 0 : this.depth[parent] + 1;
    this.startNs[k] = startNs;
    this.endNs[k] = endNs;
    return k;
  }
}

export function mergeTrees(alignment: Alignment, options: DiffOptions = {}): TraceDiff {
  const { a, b, aOfB, bOfA, keys } = alignment;
  const keyA = keys.keysOf(a);
  const keyB = keys.keysOf(b);
  const withAttributes = compareAttributes(a, b, options.attributes);
  let matchedCount = 0;
  for (let y = 0; y < b.nodeCount; y++) if (aOfB[y] >= 0) matchedCount++;
  const out = new MergedNodes(a.nodeCount + b.nodeCount - matchedCount);
  const nodeOfA = new Int32Array(a.nodeCount).fill(-1);
  const nodeOfB = new Int32Array(b.nodeCount).fill(-1);
  const changes = new Map<number, readonly AttrChange[]>();

  // Pending entries: (A node | -1, B node | -1, merged parent, shift of A times into B's frame).
  const size = out.kind.length;
  const stackA = new Int32Array(size);
  const stackB = new Int32Array(size);
  const stackParent = new Int32Array(size);
  const stackShift = new Float64Array(size);
  let top = 0;
  const push = (x: number, y: number, parent: number, shiftNs: number): void => {
    stackA[top] = x;
    stackB[top] = y;
    stackParent[top] = parent;
    stackShift[top] = shiftNs;
    top++;
  };

  /** Children of the pair (pa, pb) onto the stack, last first, so that they pop in time order. */
  const pushChildren = (pa: number, pb: number, parent: number): void => {
    const shiftNs = pa < 0 ? 0 : b.startNs[pb] - a.startNs[pa];
    const endA = pa < 0 ? a.nodeCount : a.subtreeEnd[pa];
    const endB = pb < 0 ? b.nodeCount : b.subtreeEnd[pb];
    const base = top;
    let x = pa + 1;
    let y = pb + 1;
    // Forward merge of B's children with A's unmatched ones (mapped start), then reverse in place.
    for (;;) {
      while (x < endA && bOfA[x] >= 0) x = a.subtreeEnd[x];
      if (y < endB && (x >= endA || b.startNs[y] <= a.startNs[x] + shiftNs)) {
        push(aOfB[y], y, parent, shiftNs);
        y = b.subtreeEnd[y];
      } else if (x < endA) {
        push(x, -1, parent, shiftNs);
        x = a.subtreeEnd[x];
      } else break;
    }
    for (let i = base, j = top - 1; i < j; i++, j--) {
      const ta = stackA[i];
      const tb = stackB[i];
      stackA[i] = stackA[j];
      stackB[i] = stackB[j];
      stackA[j] = ta;
      stackB[j] = tb;
    }
  };

  /** A one-sided subtree copied whole, in its own pre-order. */
  const copySubtree = (tree: TraceTree, root: number, kind: number, parent: number, shiftNs: number) => {
    const first = out.count;
    const nodeOf = kind === DiffKind.Added ? nodeOfB : nodeOfA;
    const side = kind === DiffKind.Added ? out.bNode : out.aNode;
    for (let j = root; j < tree.subtreeEnd[root]; j++) {
      const p = j === root ? parent : first + (tree.parent[j] - root);
      const k = out.add(kind, p, tree.startNs[j] + shiftNs, tree.endNs[j] + shiftNs);
      side[k] = j;
      nodeOf[j] = k;
    }
  };

  const matchedFlags = (x: number, y: number, k: number): number => {
    const rowA = a.row[x];
    const rowB = b.row[y];
    if (rowA < 0 || rowB < 0) return 0;
    let flags = 0;
    if (keyA[x] !== keyB[y]) flags |= DiffFlag.Renamed;
    if (kindsDiffer(a.table.kinds[rowA], b.table.kinds[rowB])) flags |= DiffFlag.Kind;
    if (a.table.statuses[rowA] !== b.table.statuses[rowB]) flags |= DiffFlag.Status;
    if (withAttributes) {
      const found = attributeChanges(a.table.details(rowA).attributes, b.table.details(rowB).attributes);
      if (found.length > 0) {
        flags |= DiffFlag.Attributes;
        changes.set(k, found);
      }
    }
    return flags;
  };

  pushChildren(-1, -1, -1);
  while (top > 0) {
    top--;
    const x = stackA[top];
    const y = stackB[top];
    const parent = stackParent[top];
    const shiftNs = stackShift[top];
    if (y < 0) {
      copySubtree(a, x, DiffKind.Removed, parent, shiftNs);
      continue;
    }
    if (x < 0) {
      copySubtree(b, y, DiffKind.Added, parent, 0);
      continue;
    }
    const k = out.add(DiffKind.Same, parent, b.startNs[y], b.endNs[y]);
    out.aNode[k] = x;
    out.bNode[k] = y;
    nodeOfA[x] = k;
    nodeOfB[y] = k;
    const flags = matchedFlags(x, y, k);
    out.flags[k] = flags;
    if (flags !== 0) out.kind[k] = DiffKind.Changed;
    pushChildren(x, y, k);
  }
  return finish(alignment, out, nodeOfA, nodeOfB, withAttributes, changes);
}

function finish(
  alignment: Alignment,
  out: MergedNodes,
  nodeOfA: Int32Array,
  nodeOfB: Int32Array,
  withAttributes: boolean,
  changes: Map<number, readonly AttrChange[]>,
): TraceDiff {
  const { a, b } = alignment;
  const n = out.count;
  const { kind, flags, parent, aNode, bNode } = out;
  const subtreeEnd = new Uint32Array(n);
  const childCount = new Uint32Array(n);
  // Descendants come after their ancestor: going backwards, each subtree is complete when reached.
  for (let k = n - 1; k >= 0; k--) {
    if (subtreeEnd[k] === 0) subtreeEnd[k] = k + 1;
    if (kind[k] !== DiffKind.Same) flags[k] |= DiffFlag.SubtreeDiffers;
    const p = parent[k];
    if (p < 0) continue;
    childCount[p]++;
    if (subtreeEnd[k] > subtreeEnd[p]) subtreeEnd[p] = subtreeEnd[k];
    flags[p] |= flags[k] & DiffFlag.SubtreeDiffers;
  }
  const selfNsA = selfTimes(a);
  const selfNsB = selfTimes(b);
  const selfDeltaNs = new Float64Array(n);
  for (let k = 0; k < n; k++)
    selfDeltaNs[k] = (bNode[k] >= 0 ? selfNsB[bNode[k]] : 0) - (aNode[k] >= 0 ? selfNsA[aNode[k]] : 0);
  return {
    a,
    b,
    alignment,
    nodeCount: n,
    parent,
    depth: out.depth,
    subtreeEnd,
    childCount,
    startNs: out.startNs,
    endNs: out.endNs,
    kind,
    flags,
    aNode,
    bNode,
    nodeOfA,
    nodeOfB,
    selfNsA,
    selfNsB,
    selfDeltaNs,
    attributesCompared: withAttributes,
    attributeChanges(node: number): readonly AttrChange[] {
      const known = changes.get(node);
      if (known !== undefined || withAttributes) return known ?? [];
      const rowA = aNode[node] >= 0 ? a.row[aNode[node]] : -1;
      const rowB = bNode[node] >= 0 ? b.row[bNode[node]] : -1;
      if (rowA < 0 || rowB < 0) return [];
      const found = attributeChanges(a.table.details(rowA).attributes, b.table.details(rowB).attributes);
      changes.set(node, found);
      return found;
    },
  };
}
