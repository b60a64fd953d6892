/**
 * What a diff says in a few lines (DESIGN §6): counts, the first divergence, errors only in B, the
 * largest self-time regressions and repeated calls whose counts differ.
 *
 * First divergence: every difference of a node's own is given the moment it shows, in B's frame —
 * the top span of an added or removed subtree, a renamed span (service or name) or one whose kind
 * changed, at its start (a removed span at its mapped start); a status change at the span's end,
 * since a status is known when a span ends: an error that climbs to the root is so found where it
 * began, at the earliest-ending span. The first divergence is the earliest of these moments; on a
 * tie, the deeper node (nearer the cause), then the earlier row. Attribute and duration changes are
 * not divergences: two runs of one request always differ in ids and timings.
 */
import { StatusCode } from '../model/types.ts';
import { DiffFlag, DiffKind, type TraceDiff } from './types.ts';

/** Spans only: synthetic "missing parent" nodes are not counted. */
export interface DiffCounts {
  /** Pairs of spans: same + changed. */
  readonly matched: number;
  readonly same: number;
  readonly changed: number;
  /** Spans of B without a match (every span of an added subtree). */
  readonly added: number;
  /** Spans of A without a match. */
  readonly removed: number;
}

export type DivergenceReason = 'added' | 'removed' | 'renamed' | 'kind' | 'status';

export interface Divergence {
  /** The merged node. */
  readonly node: number;
  readonly reason: DivergenceReason;
  /** When it shows, as an offset from B's base in ns. */
  readonly atNs: number;
}

export interface Regression {
  readonly node: number;
  readonly selfANs: number;
  readonly selfBNs: number;
  readonly deltaNs: number;
}

/** Under one parent, a (service, name) called a different number of times: "3 × … in A, 1 × in B". */
export interface RepeatedCalls {
  /** The merged parent node, -1 at the top level. */
  readonly parent: number;
  readonly service: string;
  readonly name: string;
  readonly countA: number;
  readonly countB: number;
}

export interface DiffSummary {
  readonly counts: DiffCounts;
  readonly firstDivergence: Divergence | null;
  /** Merged nodes of B spans in error whose A counterpart is not, or that were added; in row order. */
  readonly errorsOnlyInB: readonly number[];
  /** Matched spans by B self − A self, largest first; only positive ones. */
  readonly regressions: readonly Regression[];
  /** Groups with ≥ 2 calls on a side and different counts, in the order the alignment met them. */
  readonly repeatedCalls: readonly RepeatedCalls[];
}

export interface SummaryOptions {
  /** How many regressions to list (default 10). */
  readonly regressionCount?: number;
}

function counts(diff: TraceDiff): DiffCounts {
  const { a, b, kind, aNode, bNode } = diff;
  const tally = [0, 0, 0, 0];
  for (let k = 0; k < diff.nodeCount; k++) {
    const real = kind[k] === DiffKind.Removed ? a.row[aNode[k]] >= 0 : b.row[bNode[k]] >= 0;
    if (real) tally[kind[k]]++;
  }
  const [same, changed, added, removed] = tally;
  return { matched: same + changed, same, changed, added, removed };
}

function isSpan(diff: TraceDiff, k: number): boolean {
  return diff.bNode[k] >= 0 ? diff.b.row[diff.bNode[k]] >= 0 : diff.a.row[diff.aNode[k]] >= 0;
}

/** The node's own difference and when it shows, or null. */
function ownDifference(diff: TraceDiff, k: number): Divergence | null {
  const kind = diff.kind[k];
  if (kind === DiffKind.Same || !isSpan(diff, k)) return null;
  if (kind === DiffKind.Added || kind === DiffKind.Removed) {
    const p = diff.parent[k];
    // Inside an added or removed subtree only its top counts (a synthetic parent is no span).
    if (p >= 0 && diff.kind[p] === kind && isSpan(diff, p)) return null;
    return { node: k, reason: kind === DiffKind.Added ? 'added' : 'removed', atNs: diff.startNs[k] };
  }
  const flags = diff.flags[k];
  if (flags & DiffFlag.Renamed) return { node: k, reason: 'renamed', atNs: diff.startNs[k] };
  if (flags & DiffFlag.Kind) return { node: k, reason: 'kind', atNs: diff.startNs[k] };
  if (flags & DiffFlag.Status) return { node: k, reason: 'status', atNs: diff.endNs[k] };
  return null;
}

export function firstDivergence(diff: TraceDiff): Divergence | null {
  let best: Divergence | null = null;
  const { depth, flags, subtreeEnd } = diff;
  for (let k = 0; k < diff.nodeCount; k++) {
    // A subtree without differences holds no divergence.
    if (!(flags[k] & DiffFlag.SubtreeDiffers)) {
      k = subtreeEnd[k] - 1;
      continue;
    }
    const d = ownDifference(diff, k);
    if (d === null) continue;
    if (best === null || d.atNs < best.atNs || (d.atNs === best.atNs && depth[k] > depth[best.node]))
      best = d;
  }
  return best;
}

function errorsOnlyInB(diff: TraceDiff): number[] {
  const { a, b, aNode, bNode } = diff;
  const out: number[] = [];
  for (let k = 0; k < diff.nodeCount; k++) {
    const rowB = bNode[k] >= 0 ? b.row[bNode[k]] : -1;
    if (rowB < 0 || b.table.statuses[rowB] !== StatusCode.Error) continue;
    const rowA = aNode[k] >= 0 ? a.row[aNode[k]] : -1;
    if (rowA < 0 || a.table.statuses[rowA] !== StatusCode.Error) out.push(k);
  }
  return out;
}

/** The `count` largest positive self-time deltas among matched spans (a sorted list of ≤ count). */
function regressions(diff: TraceDiff, count: number): Regression[] {
  const { a, aNode, bNode, selfDeltaNs } = diff;
  if (count <= 0) return [];
  const top: number[] = [];
  for (let k = 0; k < diff.nodeCount; k++) {
    const delta = selfDeltaNs[k];
    if (!(delta > 0) || aNode[k] < 0 || bNode[k] < 0 || a.row[aNode[k]] < 0) continue;
    if (top.length === count && delta <= selfDeltaNs[top[count - 1]]) continue;
    let i = Math.min(top.length, count - 1);
    top[i] = k;
    for (; i > 0 && selfDeltaNs[top[i - 1]] < delta; i--) {
      top[i] = top[i - 1];
      top[i - 1] = k;
    }
  }
  return top.map((k) => ({
    node: k,
    selfANs: diff.selfNsA[aNode[k]],
    selfBNs: diff.selfNsB[bNode[k]],
    deltaNs: selfDeltaNs[k],
  }));
}

export function summarizeDiff(diff: TraceDiff, options: SummaryOptions = {}): DiffSummary {
  const { keys, repeats } = diff.alignment;
  return {
    counts: counts(diff),
    firstDivergence: firstDivergence(diff),
    errorsOnlyInB: errorsOnlyInB(diff),
    regressions: regressions(diff, options.regressionCount ?? 10),
    repeatedCalls: repeats.map((r) => ({
      parent: r.aParent < 0 ? -1 : diff.nodeOfA[r.aParent],
      service: keys.service(r.key),
      name: keys.name(r.key),
      countA: r.countA,
      countB: r.countB,
    })),
  };
}
