/**
 * The diff calls of the worker (DESIGN §6), over traces open in sessions of this worker: B (under
 * study) against a baseline A, or against N baselines (the typical trace). Computed with core/diff;
 * the answers are fresh typed arrays, transferred. Each phase reports progress as it starts.
 *
 * Span attributes are compared as `spanscope diff` compares them (up to core/diff's
 * ATTRIBUTE_SPAN_LIMIT spans a trace), their details fetched first when the store deferred them.
 * The alignment reads attributes to break ties in small groups only when both traces' details are
 * in the worker: above the limit, a trace from the store is matched without that tie-breaker
 * rather than fetching every span's details.
 */
import {
  ATTRIBUTE_SPAN_LIMIT,
  alignTrees,
  compareWithTypical,
  mergeTrees,
  summarizeDiff,
  typicalRows,
} from '../core/diff/index.ts';
import type { DiffPhase, DiffProgress, DiffResult, TypicalResult } from './protocol.ts';
import type { TraceSession } from './trace-session.ts';

type Report = (p: DiffProgress) => void;

/** Times phases: `start(phase)` reports it and closes the previous one. */
class Phases {
  readonly timingsMs: Record<string, number> = {};
  private current: string | null = null;
  private t = performance.now();

  constructor(
    private readonly report: Report,
    private readonly spanCount: number,
  ) {}

  start(phase: DiffPhase): void {
    this.end();
    this.current = phase;
    this.report({ phase, spanCount: this.spanCount });
  }

  end(): Readonly<Record<string, number>> {
    const now = performance.now();
    if (this.current) this.timingsMs[this.current] = now - this.t;
    this.current = null;
    this.t = now;
    return this.timingsMs;
  }
}

export async function diffSessions(
  b: TraceSession,
  a: TraceSession,
  attributes: boolean | 'auto',
  report: Report,
): Promise<DiffResult> {
  const phases = new Phases(report, a.spanCount + b.spanCount);
  const compare =
    attributes === 'auto'
      ? a.table.count <= ATTRIBUTE_SPAN_LIMIT && b.table.count <= ATTRIBUTE_SPAN_LIMIT
      : attributes;
  if (compare) {
    phases.start('details');
    await Promise.all([a.ensureAllDetails(), b.ensureAllDetails()]);
  }
  // After the await: read the trees as they are now (the skew toggle may have rebuilt one).
  phases.start('align');
  const alignment = alignTrees(a.traceTree, b.traceTree, {
    attributeTieBreak: a.detailsComplete && b.detailsComplete,
  });
  phases.start('merge');
  const diff = mergeTrees(alignment, { attributes: compare });
  phases.start('summary');
  const summary = summarizeDiff(diff);
  const timingsMs = phases.end();
  return {
    tree: {
      nodeCount: diff.nodeCount,
      parent: diff.parent,
      depth: diff.depth,
      subtreeEnd: diff.subtreeEnd,
      childCount: diff.childCount,
      startNs: diff.startNs,
      endNs: diff.endNs,
      kind: diff.kind,
      flags: diff.flags,
      aNode: diff.aNode,
      bNode: diff.bNode,
      nodeOfA: diff.nodeOfA,
      nodeOfB: diff.nodeOfB,
      selfDeltaNs: diff.selfDeltaNs,
    },
    summary,
    attributesCompared: diff.attributesCompared,
    timingsMs,
  };
}

export function typicalOf(
  b: TraceSession,
  baselines: readonly TraceSession[],
  report: Report,
): TypicalResult {
  const phases = new Phases(
    report,
    baselines.reduce((sum, s) => sum + s.spanCount, b.spanCount),
  );
  phases.start('align');
  const tree = b.traceTree;
  const { b: _tree, ...c } = compareWithTypical(
    tree,
    baselines.map((s) => s.traceTree),
  );
  phases.start('rows');
  const rows = typicalRows(tree, c.ghosts);
  return { ...c, rows, timingsMs: phases.end() };
}
