/**
 * The view state of a trace carried to another version of it: a preview replaced by a later preview
 * or by the complete trace, or the tree laid out again with or without clock-skew adjustment. Node
 * numbers differ between the two (pre-order of another tree), so nodes are matched by span id
 * through the new trace's span index.
 */
import { collapseExactly, createRowModel, type RowModel } from '../../core/layout/row-model.ts';
import { lookupIdBytes } from '../../core/layout/span-index.ts';
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';

/** What the carry reads of a trace's columns. */
export type IdTree = Pick<
  TraceColumns,
  'nodeCount' | 'subtreeEnd' | 'depth' | 'flags' | 'spanIdBytes' | 'spanIndex'
>;

/** The node of `to` showing the span that `node` shows in `from` (as a lookup of its id would), or -1. */
export function sameSpanIn(from: IdTree, node: number, to: IdTree): number {
  if (node < 0 || node >= from.nodeCount) return -1;
  return lookupIdBytes(to.spanIndex, to, from.spanIdBytes, node * 8);
}

const isSynthetic = (c: IdTree, node: number) => (c.flags[node] & NodeFlag.MissingParent) !== 0;

/**
 * Rows of `to` with the spans collapsed in `rows` (over `from`) collapsed and every other node
 * expanded, like a fresh model's default (which collapses nothing). "Missing parent" placeholders
 * on either side are left out: a placeholder is not the span it stands for. The filter is not
 * carried: it is the options', applied after.
 */
export function carryRows(from: IdTree, rows: RowModel, to: IdTree): RowModel {
  const fresh = createRowModel(to);
  const nodes: number[] = [];
  for (const k of rows.collapsed) {
    if (isSynthetic(from, k)) continue;
    const n = sameSpanIn(from, k, to);
    if (n >= 0 && !isSynthetic(to, n)) nodes.push(n);
  }
  return nodes.length === 0 ? fresh : collapseExactly(to, fresh, nodes);
}
