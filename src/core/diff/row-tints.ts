/**
 * Which tint a row of the comparison gets (core/layout/row-tint.ts): added (only in B), removed
 * (only in A), a status change, another change of the span itself (renamed, another kind), else the
 * duration heat scale: B slower (warm) or faster (cool) than A in three steps, at 1.2×, 1.5× and 2×,
 * ignoring changes too small to matter at the trace's scale (`minDeltaNs`). Attribute-only changes
 * are not tinted: two runs of one request nearly always differ in some value.
 */
import { RowTint } from '../layout/row-tint.ts';
import type { TraceColumns } from '../layout/trace-columns.ts';
import { DiffFlag, DiffKind, type TraceDiff } from './types.ts';

/** What the tints read of a merged tree (a TraceDiff, or the worker's copy of its arrays). */
export type TintedTree = Pick<TraceDiff, 'nodeCount' | 'kind' | 'flags' | 'aNode' | 'bNode'>;

/** log2 of the step ratios 1.2×, 1.5×, 2×. */
const STEPS = [Math.log2(1.2), Math.log2(1.5), 1];
const SLOWER = [RowTint.Slower1, RowTint.Slower2, RowTint.Slower3];
const FASTER = [RowTint.Faster1, RowTint.Faster2, RowTint.Faster3];

/** The heat tint of a duration going from `aNs` (A) to `bNs` (B), or None. */
export function heatTint(aNs: number, bNs: number, minDeltaNs: number): RowTint {
  const delta = bNs - aNs;
  if (!(Math.abs(delta) >= minDeltaNs) || delta === 0) return RowTint.None;
  const ratio = aNs > 0 && bNs > 0 ? Math.abs(Math.log2(bNs / aNs)) : Number.POSITIVE_INFINITY;
  let step = -1;
  while (step + 1 < STEPS.length && ratio >= STEPS[step + 1]) step++;
  if (step < 0) return RowTint.None;
  return delta > 0 ? SLOWER[step] : FASTER[step];
}

/** The heat step of a tint: 1..3 for the duration scale, 0 otherwise. */
export function heatStep(t: number): number {
  const i = SLOWER.indexOf(t as never);
  const j = FASTER.indexOf(t as never);
  return i >= 0 ? i + 1 : j >= 0 ? j + 1 : 0;
}

/** Share of the longer trace below which a duration change is not tinted. */
export const MIN_DELTA_SHARE = 0.005;

/** The tint of every merged node. */
export function diffRowTints(
  tree: TintedTree,
  a: Pick<TraceColumns, 'startNs' | 'endNs' | 'durationNs'>,
  b: Pick<TraceColumns, 'startNs' | 'endNs' | 'durationNs'>,
  minDeltaNs = MIN_DELTA_SHARE * Math.max(a.durationNs, b.durationNs),
): Uint8Array {
  const out = new Uint8Array(tree.nodeCount);
  const { kind, flags, aNode, bNode } = tree;
  for (let k = 0; k < tree.nodeCount; k++) {
    if (kind[k] === DiffKind.Added) out[k] = RowTint.Added;
    else if (kind[k] === DiffKind.Removed) out[k] = RowTint.Removed;
    else if (flags[k] & DiffFlag.Status) out[k] = RowTint.Status;
    else if (flags[k] & (DiffFlag.Renamed | DiffFlag.Kind)) out[k] = RowTint.Changed;
    else {
      const x = aNode[k];
      const y = bNode[k];
      out[k] = heatTint(a.endNs[x] - a.startNs[x], b.endNs[y] - b.startNs[y], minDeltaNs);
    }
  }
  return out;
}

/** The typical comparison's tint of a span of B: new, slow (by how far past the baseline's p95), or none. */
export function typicalTint(isNew: boolean, slow: boolean, durNs: number, p95Ns: number): RowTint {
  if (isNew) return RowTint.Added;
  if (!slow) return RowTint.None;
  const ratio = p95Ns > 0 ? durNs / p95Ns : Number.POSITIVE_INFINITY;
  return ratio >= 2 ? RowTint.Slower3 : ratio >= 1.5 ? RowTint.Slower2 : RowTint.Slower1;
}
