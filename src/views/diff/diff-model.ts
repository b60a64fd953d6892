/**
 * What the diff view derives once from a diff answered by the worker, on the main thread, in O(n):
 * the row tints, the differences `n`/`N` step through and the identical subtrees "only
 * differences" collapses (span ids ↔ merged nodes: core/diff/diff-span.ts).
 */

import { diffRowTints, heatStep } from '../../core/diff/row-tints.ts';
import { DiffFlag, DiffKind } from '../../core/diff/types.ts';
import { upperBound } from '../../core/layout/binary-search.ts';
import type { TraceColumns } from '../../core/layout/trace-columns.ts';
import type { DiffResult, DiffTree } from '../../worker/protocol.ts';
import type { RowMapTree } from '../waterfall/index.ts';

export interface DiffModel {
  readonly result: DiffResult;
  readonly tree: DiffTree;
  /**
   * The rows' structure (the panes' RowMap tree): kept, same object, when a later answer of the same
   * merged tree comes in (attributes compared), so the panes keep their collapse and scroll.
   */
  readonly structure: RowMapTree;
  readonly a: TraceColumns;
  readonly b: TraceColumns;
  /** RowTint slot of every merged node. */
  readonly tint: Uint8Array;
  /**
   * Merged nodes that differ of their own, in row order: a changed span, the top of an added or
   * removed subtree, or a duration off by 1.5× or more.
   */
  readonly differences: Uint32Array;
  /** Tops of the identical subtrees with children (collapsed by "only differences"). */
  readonly identicalTops: Uint32Array;
  /** The longer of the two traces (a shared axis spans it). */
  readonly durationNs: number;
}

/** Whether two answers have one merged tree (the same pairs in the same rows). */
function sameStructure(x: DiffTree, y: DiffTree): boolean {
  if (x.nodeCount !== y.nodeCount) return false;
  for (let k = 0; k < x.nodeCount; k++)
    if (x.aNode[k] !== y.aNode[k] || x.bNode[k] !== y.bNode[k] || x.parent[k] !== y.parent[k]) return false;
  return true;
}

export function diffModel(
  result: DiffResult,
  a: TraceColumns,
  b: TraceColumns,
  previous: DiffModel | null = null,
): DiffModel {
  const tree = result.tree;
  const structure =
    previous && sameStructure(previous.tree, tree)
      ? previous.structure
      : {
          nodeCount: tree.nodeCount,
          parent: tree.parent,
          depth: tree.depth,
          subtreeEnd: tree.subtreeEnd,
          childCount: tree.childCount,
        };
  const tint = diffRowTints(tree, a, b);
  const { kind, flags, parent, childCount } = tree;
  const differences: number[] = [];
  const identicalTops: number[] = [];
  for (let k = 0; k < tree.nodeCount; k++) {
    const p = parent[k];
    const own =
      kind[k] === DiffKind.Changed ||
      ((kind[k] === DiffKind.Added || kind[k] === DiffKind.Removed) && (p < 0 || kind[p] !== kind[k])) ||
      heatStep(tint[k]) >= 2;
    if (own) differences.push(k);
    if (
      !(flags[k] & DiffFlag.SubtreeDiffers) &&
      childCount[k] > 0 &&
      (p < 0 || flags[p] & DiffFlag.SubtreeDiffers)
    )
      identicalTops.push(k);
  }
  return {
    result,
    tree,
    structure,
    a,
    b,
    tint,
    differences: Uint32Array.from(differences),
    identicalTops: Uint32Array.from(identicalTops),
    durationNs: Math.max(a.durationNs, b.durationNs, 1),
  };
}

/** The next (dir 1) or previous (-1) difference after or before node `from`, wrapping; -1 for none. */
export function stepDifference(m: DiffModel, from: number, dir: 1 | -1): number {
  const d = m.differences;
  if (d.length === 0) return -1;
  if (dir > 0) {
    const i = upperBound(d, from);
    return d[i < d.length ? i : 0];
  }
  // The last difference before `from` (from = -1: the last of all).
  const i = from < 0 ? d.length : upperBound(d, from - 1);
  return d[i > 0 ? i - 1 : d.length - 1];
}
