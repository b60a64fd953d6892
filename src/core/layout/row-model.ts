/**
 * Which nodes are rows of the waterfall, without a row array: the pre-order numbering makes every
 * hidden set a union of contiguous node ranges (a collapsed node k hides [k + 1, subtreeEnd[k]);
 * a filter hides whole subtrees [k, subtreeEnd[k])). Rows are the nodes outside those ranges, so a
 * collapse costs O(collapsed + filtered ranges), never O(nodes), and row ↔ node is a binary search
 * over the ranges. Models are immutable: every change returns a new one.
 */
import { partitionPoint, upperBound } from './binary-search.ts';

/** The tree shape the row model needs (TraceColumns satisfies it). */
export interface TreeShape {
  readonly nodeCount: number;
  readonly subtreeEnd: Uint32Array;
  readonly depth: Uint32Array;
}

export interface RowModel {
  readonly nodeCount: number;
  readonly rowCount: number;
  /** Collapsed nodes, ascending (nodes with children only; may lie inside hidden ranges). */
  readonly collapsed: Uint32Array;
  /** Subtrees hidden by a filter as disjoint ascending ranges [filterStart[i], filterEnd[i]). */
  readonly filterStart: Uint32Array;
  readonly filterEnd: Uint32Array;
  /** Effective hidden ranges: disjoint, ascending, never adjacent. */
  readonly hiddenStart: Uint32Array;
  readonly hiddenEnd: Uint32Array;
  /** hiddenBefore[i]: hidden nodes in ranges 0 .. i − 1 (length ranges + 1). */
  readonly hiddenBefore: Float64Array;
}

const EMPTY = new Uint32Array(0);

export function createRowModel(tree: TreeShape): RowModel {
  return derive(tree, EMPTY, EMPTY, EMPTY);
}

function derive(
  tree: TreeShape,
  collapsed: Uint32Array,
  filterStart: Uint32Array,
  filterEnd: Uint32Array,
): RowModel {
  const cap = collapsed.length + filterStart.length;
  const starts = new Uint32Array(cap);
  const ends = new Uint32Array(cap);
  let n = 0;
  let ci = 0;
  let fi = 0;
  // Merge the two start-sorted sources; nested or adjacent ranges fold into one.
  while (ci < collapsed.length || fi < filterStart.length) {
    let s: number;
    let e: number;
    const c = ci < collapsed.length ? collapsed[ci] + 1 : Number.POSITIVE_INFINITY;
    if (fi < filterStart.length && filterStart[fi] <= c) {
      s = filterStart[fi];
      e = filterEnd[fi++];
    } else {
      s = c;
      e = tree.subtreeEnd[collapsed[ci++]];
    }
    if (e <= s) continue;
    if (n > 0 && s <= ends[n - 1]) {
      if (e > ends[n - 1]) ends[n - 1] = e;
    } else {
      starts[n] = s;
      ends[n++] = e;
    }
  }
  const hiddenBefore = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) hiddenBefore[i + 1] = hiddenBefore[i] + (ends[i] - starts[i]);
  return {
    nodeCount: tree.nodeCount,
    rowCount: tree.nodeCount - hiddenBefore[n],
    collapsed,
    filterStart,
    filterEnd,
    hiddenStart: starts.slice(0, n),
    hiddenEnd: ends.slice(0, n),
    hiddenBefore,
  };
}

export function isCollapsed(m: RowModel, node: number): boolean {
  const i = upperBound(m.collapsed, node) - 1;
  return i >= 0 && m.collapsed[i] === node;
}

/** A copy of the model with `node` collapsed or expanded; a leaf is never collapsed. */
export function setCollapsed(tree: TreeShape, m: RowModel, node: number, on: boolean): RowModel {
  if (node < 0 || node >= tree.nodeCount || isCollapsed(m, node) === on) return m;
  if (on && tree.subtreeEnd[node] <= node + 1) return m;
  const at = upperBound(m.collapsed, node);
  const next = new Uint32Array(m.collapsed.length + (on ? 1 : -1));
  next.set(m.collapsed.subarray(0, on ? at : at - 1));
  if (on) {
    next[at] = node;
    next.set(m.collapsed.subarray(at), at + 1);
  } else next.set(m.collapsed.subarray(at), at - 1);
  return derive(tree, next, m.filterStart, m.filterEnd);
}

/** Collapses exactly the nodes with children whose depth is ≥ `minDepth` (0: collapse all). */
export function collapseFromDepth(tree: TreeShape, m: RowModel, minDepth: number): RowModel {
  const list: number[] = [];
  for (let k = 0; k < tree.nodeCount; k++)
    if (tree.depth[k] >= minDepth && tree.subtreeEnd[k] > k + 1) list.push(k);
  return derive(tree, Uint32Array.from(list), m.filterStart, m.filterEnd);
}

/** Collapses exactly `nodes` (any order; leaves are left out) and expands every other node. */
export function collapseExactly(tree: TreeShape, m: RowModel, nodes: ArrayLike<number>): RowModel {
  const sorted = Uint32Array.from(nodes)
    .filter((k) => k < tree.nodeCount && tree.subtreeEnd[k] > k + 1)
    .sort();
  const list = sorted.filter((k, i) => i === 0 || sorted[i - 1] !== k);
  return derive(tree, list, m.filterStart, m.filterEnd);
}

export function expandAll(tree: TreeShape, m: RowModel): RowModel {
  return derive(tree, EMPTY, m.filterStart, m.filterEnd);
}

/**
 * Keeps only the rows with keep[k] = 1 (a kept node's ancestors must be kept too); null removes the
 * filter. O(kept nodes + hidden subtrees).
 */
export function setFilter(tree: TreeShape, m: RowModel, keep: Uint8Array | null): RowModel {
  if (!keep) return derive(tree, m.collapsed, EMPTY, EMPTY);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < tree.nodeCount; ) {
    if (keep[k]) k++;
    else {
      starts.push(k);
      ends.push(tree.subtreeEnd[k]);
      k = tree.subtreeEnd[k];
    }
  }
  return derive(tree, m.collapsed, Uint32Array.from(starts), Uint32Array.from(ends));
}

/** Expands every collapsed ancestor of `node` (parent chain given) so that no collapse hides it. */
export function revealNode(tree: TreeShape, m: RowModel, parent: Int32Array, node: number): RowModel {
  let out = m;
  for (let p = parent[node]; p >= 0; p = parent[p])
    if (isCollapsed(out, p)) out = setCollapsed(tree, out, p, false);
  return out;
}

/** Node shown at `row`, or -1 outside [0, rowCount). */
export function nodeAtRow(m: RowModel, row: number): number {
  if (row < 0 || row >= m.rowCount) return -1;
  // Range i starts right after row hiddenStart[i] − hiddenBefore[i] − 1; those keys ascend.
  const i = partitionPoint(0, m.hiddenStart.length, (j) => m.hiddenStart[j] - m.hiddenBefore[j] <= row);
  return row + m.hiddenBefore[i];
}

/** Row of `node`, or -1 when a collapse or the filter hides it. */
export function rowOfNode(m: RowModel, node: number): number {
  if (node < 0 || node >= m.nodeCount) return -1;
  const i = upperBound(m.hiddenStart, node) - 1;
  if (i >= 0 && node < m.hiddenEnd[i]) return -1;
  return node - m.hiddenBefore[i + 1];
}

/**
 * Writes the nodes of rows [firstRow, firstRow + out.length) into `out` and returns how many
 * there are: O(log ranges + rows), no allocation.
 */
export function fillRows(m: RowModel, firstRow: number, out: Uint32Array): number {
  let node = nodeAtRow(m, Math.max(0, firstRow));
  if (node < 0) return 0;
  let r = upperBound(m.hiddenStart, node);
  let n = 0;
  while (n < out.length && node < m.nodeCount) {
    out[n++] = node++;
    if (r < m.hiddenStart.length && node === m.hiddenStart[r]) node = m.hiddenEnd[r++];
  }
  return n;
}

/** keep[k] = 1 for error nodes and their ancestors (the "errors only" filter). */
export function keepMatchesAndAncestors(parent: Int32Array, isMatch: (node: number) => boolean): Uint8Array {
  const keep = new Uint8Array(parent.length);
  // Children follow parents in pre-order, so a backward pass marks every ancestor.
  for (let k = parent.length - 1; k >= 0; k--) {
    if (keep[k] || isMatch(k)) {
      keep[k] = 1;
      if (parent[k] >= 0) keep[parent[k]] = 1;
    }
  }
  return keep;
}
