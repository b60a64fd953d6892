/**
 * The diff's summary bar as data (DESIGN §6): counts, the first divergence in words with the node it
 * jumps to, errors only in B, the largest self-time regressions and repeated calls ("3 × X in A,
 * 1 × in B"), each item with the merged node a click selects. Pure, from the worker's DiffSummary.
 */
import type { DiffCounts } from '../../core/diff/summary.ts';
import { diffNodeLabel, diffNodeText, divergenceText, regressionText } from '../../core/share/diff-words.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { DiffModel } from './diff-model.ts';

export interface SummaryItem {
  /** What the item says. */
  readonly text: string;
  /** The merged node it selects, -1 for none. */
  readonly node: number;
}

export interface SummaryBarData {
  readonly counts: DiffCounts;
  readonly firstDivergence: SummaryItem | null;
  /** Spans in error in B whose A counterpart is not (or that B added). */
  readonly errorsOnlyInB: readonly SummaryItem[];
  readonly errorsOnlyInBCount: number;
  readonly regressions: readonly SummaryItem[];
  readonly repeatedCalls: readonly SummaryItem[];
}

/** How many errors and regressions the bar lists (the rest counted). */
export const SHOWN_ITEMS = 5;

/** The merged node of the first call of (service, name) under merged `parent` (-1: top level), or the parent. */
function firstCallUnder(m: DiffModel, parent: number, service: string, name: string): number {
  const t = m.tree;
  const end = parent < 0 ? t.nodeCount : t.subtreeEnd[parent];
  for (let k = parent + 1; k < end; k = t.subtreeEnd[k]) {
    const l = diffNodeLabel(m, k);
    if (l.service === service && l.name === name) return k;
  }
  return parent;
}

export function summaryBarData(m: DiffModel): SummaryBarData {
  const s = m.result.summary;
  const d = s.firstDivergence;
  return {
    counts: s.counts,
    firstDivergence: d ? { text: divergenceText(m, d, formatDuration), node: d.node } : null,
    errorsOnlyInB: s.errorsOnlyInB.slice(0, SHOWN_ITEMS).map((k) => ({ text: diffNodeText(m, k), node: k })),
    errorsOnlyInBCount: s.errorsOnlyInB.length,
    regressions: s.regressions.slice(0, SHOWN_ITEMS).map((r) => ({
      text: regressionText(m, r, formatDuration),
      node: r.node,
    })),
    repeatedCalls: s.repeatedCalls.map((r) => ({
      text: `${r.countA} × ${r.service ? `${r.service} ` : ''}${r.name} in A, ${r.countB} × in B`,
      node: firstCallUnder(m, r.parent, r.service, r.name),
    })),
  };
}
