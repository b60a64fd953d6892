/**
 * The preview of a trace diff: both traces' facts in the header band (roots, durations, counts,
 * the first divergence), A's and B's waterfalls under it side by side over the merged tree with
 * the diff's row tints on one shared time axis, as the diff page shows them (the link's span
 * selected on both sides).
 */
import { nodeOfDiffSpan } from '../../core/diff/diff-span.ts';
import { alignTrees, mergeTrees, summarizeDiff } from '../../core/diff/index.ts';
import { diffRowTints } from '../../core/diff/row-tints.ts';
import { nodeLabels } from '../../core/layout/columns-from-tree.ts';
import { diffFacts } from '../../core/share/diff-facts.ts';
import { diffPreview } from '../../core/share/preview-words.ts';
import { plural } from '../../core/share/share-text.ts';
import type { TraceFacts } from '../../core/share/trace-facts.ts';
import { CARD_BODY, type CardText } from '../../render/paint-card.ts';
import { paletteFor } from '../../render/theme.ts';
import { formatDuration } from '../../render/time-format.ts';
import { buildTraceTree, decodeTrace, factsOf, layOut } from './open-trace.ts';
import { drawCard } from './preview-canvas.ts';
import { diffFrames } from './preview-frames.ts';
import {
  type Job,
  messageCard,
  overLimit,
  type Rendered,
  type RenderLimits,
  SUMMARY,
  shortId,
  UNKNOWN,
} from './preview-job.ts';
import type { PreviewRequest } from './preview-request.ts';
import type { FetchSideDetails } from './protocol.ts';

/** Each pane is half the card: drawn at the app's own scale. */
const DIFF_DPR = 1;

function caption(side: 'A' | 'B', role: string, f: TraceFacts): string {
  return `${side} · ${role} · ${formatDuration(f.durationNs)} · ${plural(f.spanCount, 'span')} · ${plural(f.errorCount, 'error')}`;
}

export async function renderDiff(
  r: Extract<PreviewRequest, { kind: 'diff' }>,
  bytes: readonly (Uint8Array | null)[],
  fetch: FetchSideDetails,
  limits: RenderLimits,
  job: Job,
): Promise<Rendered> {
  const palette = paletteFor(r.theme);
  const kind = `Diff ${shortId(r.traceIdA)} vs ${shortId(r.traceIdB)}`;
  const missing = [r.traceIdA, r.traceIdB].filter((_, i) => !bytes[i]);
  if (missing.length > 0)
    return job.answer(
      await messageCard(kind, missing.join(', '), UNKNOWN.message, UNKNOWN.detail, palette),
      'message',
      null,
    );
  const [a, b] = bytes.map((x) => decodeTrace(x as Uint8Array));
  job.lap('decode');
  const tooMany = overLimit([a, b], limits);
  if (tooMany)
    return job.answer(await messageCard(kind, kind, tooMany, SUMMARY.detail, palette), 'message', null);
  const [treeA, treeB] = [buildTraceTree(a), buildTraceTree(b)];
  job.lap('tree');
  // As the diff page's first answer: span attributes neither compared nor breaking ties (their
  // details are in the store).
  const diff = mergeTrees(alignTrees(treeA, treeB, { attributeTieBreak: false }), { attributes: false });
  const summary = summarizeDiff(diff);
  job.lap('diff');
  const [factsA, factsB] = [
    await factsOf(a, treeA, (k) => fetch(0, k)),
    await factsOf(b, treeB, (k) => fetch(1, k)),
  ];
  const sides = { tree: diff, a: nodeLabels(treeA), b: nodeLabels(treeB) };
  const facts = diffFacts(sides, summary, factsA, factsB, formatDuration);
  job.lap('facts');
  const words = diffPreview(facts, formatDuration);
  const text: CardText = {
    kind,
    title: words.title,
    swatch: null,
    figures: words.figures,
    alert: words.alert,
    panes: [caption('A', 'baseline', factsA), caption('B', 'under study', factsB)],
  };
  const answerFacts = { kind: 'diff', diff: facts } as const;
  job.tell(answerFacts);
  if (job.elapsedMs() > limits.budgetMs)
    return job.answer(
      await drawCard({ ...text, panes: null }, { kind: 'message', ...SUMMARY }, palette),
      'summary',
      answerFacts,
    );
  const [colsA, colsB] = [layOut(treeA), layOut(treeB)];
  job.lap('layout');
  const merged = { tree: diff, aNode: diff.aNode, bNode: diff.bNode, tint: diffRowTints(diff, colsA, colsB) };
  const selected = nodeOfDiffSpan({ tree: diff, a: colsA, b: colsB }, r.spanId);
  const size = {
    widthCssPx: CARD_BODY.width / 2 / DIFF_DPR,
    heightCssPx: CARD_BODY.height / DIFF_DPR,
    dpr: DIFF_DPR,
  };
  const frames = diffFrames(colsA, colsB, merged, selected, palette, size);
  const png = await drawCard(text, { kind: 'panes', frames }, palette);
  job.lap('draw');
  return job.answer(png, 'waterfall', answerFacts);
}
