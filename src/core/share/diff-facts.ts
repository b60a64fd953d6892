/**
 * What a trace diff says when it is shared: both traces' facts, the counts, the first divergence,
 * the largest self-time regressions and the errors only in B, as words (diff-words.ts).
 */
import type { DiffCounts, DiffSummary } from '../diff/summary.ts';
import {
  type DiffSides,
  diffNodeText,
  divergenceText,
  type FormatDuration,
  regressionText,
} from './diff-words.ts';
import type { TraceFacts } from './trace-facts.ts';

/** Regressions and errors only in B listed; the rest are counted. */
export const LISTED_DIFF_ITEMS = 3;

export interface DiffFacts {
  /** The baseline and the trace under study. */
  readonly a: TraceFacts;
  readonly b: TraceFacts;
  readonly counts: DiffCounts;
  readonly firstDivergence: string | null;
  readonly regressions: readonly string[];
  readonly regressionCount: number;
  readonly errorsOnlyInB: readonly string[];
  readonly errorsOnlyInBCount: number;
}

export function diffFacts(
  m: DiffSides,
  summary: DiffSummary,
  a: TraceFacts,
  b: TraceFacts,
  duration: FormatDuration,
): DiffFacts {
  const d = summary.firstDivergence;
  return {
    a,
    b,
    counts: summary.counts,
    firstDivergence: d ? divergenceText(m, d, duration) : null,
    regressions: summary.regressions.slice(0, LISTED_DIFF_ITEMS).map((r) => regressionText(m, r, duration)),
    regressionCount: summary.regressions.length,
    errorsOnlyInB: summary.errorsOnlyInB.slice(0, LISTED_DIFF_ITEMS).map((k) => diffNodeText(m, k)),
    errorsOnlyInBCount: summary.errorsOnlyInB.length,
  };
}
