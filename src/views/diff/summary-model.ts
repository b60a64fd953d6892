/**
 * The diff's summary bar as data (DESIGN §6): counts, the first divergence in words with the node it
 * jumps to, errors only in B, the largest self-time regressions and repeated calls ("3 × X in A,
 * 1 × in B"), each item with the merged node a click selects. Pure, from the worker's DiffSummary.
 */
import type { DiffCounts, Divergence } from '../../core/diff/summary.ts';
import { formatDuration } from '../../render/time-format.ts';
import { type DiffModel, diffNodeLabel } from './diff-model.ts';

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

const label = (m: DiffModel, k: number) => {
  const { service, name } = diffNodeLabel(m, k);
  return service ? `${service} ${name}` : name;
};

function divergenceText(m: DiffModel, d: Divergence): string {
  const at = `at +${formatDuration(d.atNs)}`;
  const what = label(m, d.node);
  switch (d.reason) {
    case 'added':
      return `B calls ${what}, A does not (${at})`;
    case 'removed':
      return `B does not call ${what}, A does (${at})`;
    case 'renamed': {
      const x = m.tree.aNode[d.node];
      const before = `${m.a.strings[m.a.service[x]]} ${m.a.strings[m.a.name[x]]}`;
      return `${before} became ${what} (${at})`;
    }
    case 'kind':
      return `${what} is another kind of span (${at})`;
    case 'status':
      return `${what} ends with another status (${at})`;
  }
}

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
    firstDivergence: d ? { text: divergenceText(m, d), node: d.node } : null,
    errorsOnlyInB: s.errorsOnlyInB.slice(0, SHOWN_ITEMS).map((k) => ({ text: label(m, k), node: k })),
    errorsOnlyInBCount: s.errorsOnlyInB.length,
    regressions: s.regressions.slice(0, SHOWN_ITEMS).map((r) => ({
      text: `${label(m, r.node)} +${formatDuration(r.deltaNs)} self (${formatDuration(r.selfANs)} → ${formatDuration(r.selfBNs)})`,
      node: r.node,
    })),
    repeatedCalls: s.repeatedCalls.map((r) => ({
      text: `${r.countA} × ${r.service ? `${r.service} ` : ''}${r.name} in A, ${r.countB} × in B`,
      node: firstCallUnder(m, r.parent, r.service, r.name),
    })),
  };
}
