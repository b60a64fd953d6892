/**
 * The preview of one trace: its facts in the header band (root operation, figures, the first
 * error), the waterfall under it as the app draws it for the link (span selected, zoom window).
 */
import { nodeOfSpanId, rootNode } from '../../core/layout/trace-columns.ts';
import { tracePreview } from '../../core/share/preview-words.ts';
import type { TraceFacts } from '../../core/share/trace-facts.ts';
import { CARD_BODY, type CardText } from '../../render/paint-card.ts';
import { paletteFor } from '../../render/theme.ts';
import { formatDuration } from '../../render/time-format.ts';
import { buildTraceTree, decodeTrace, type FetchDetails, factsOf, layOut } from './open-trace.ts';
import { drawCard } from './preview-canvas.ts';
import { traceFrame } from './preview-frames.ts';
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

/** The waterfall of a single trace is drawn a little larger than the app's (CSS px × 1.25). */
const TRACE_DPR = 1.25;

export async function renderTrace(
  r: Extract<PreviewRequest, { kind: 'trace' }>,
  bytes: Uint8Array | null,
  fetch: FetchDetails,
  limits: RenderLimits,
  job: Job,
): Promise<Rendered> {
  const palette = paletteFor(r.theme);
  const kind = `Trace ${shortId(r.traceId)}`;
  const done = (png: Uint8Array, drawn: Rendered['drawn'], facts: TraceFacts | null) =>
    job.answer(png, drawn, facts && { kind: 'trace', trace: facts });
  if (!bytes)
    return done(
      await messageCard(kind, r.traceId, UNKNOWN.message, UNKNOWN.detail, palette),
      'message',
      null,
    );
  const t = decodeTrace(bytes);
  job.lap('decode');
  const tooMany = overLimit([t], limits);
  if (tooMany)
    return done(await messageCard(kind, r.traceId, tooMany, SUMMARY.detail, palette), 'message', null);
  const tree = buildTraceTree(t);
  job.lap('tree');
  const facts = await factsOf(t, tree, fetch);
  job.lap('facts');
  job.tell({ kind: 'trace', trace: facts });
  const words = tracePreview(facts, formatDuration);
  const text: CardText = {
    kind,
    title: words.title,
    swatch: null,
    figures: words.figures,
    alert: words.alert,
    panes: null,
  };
  if (job.elapsedMs() > limits.budgetMs)
    return done(await drawCard(text, { kind: 'message', ...SUMMARY }, palette), 'summary', facts);
  const cols = layOut(tree);
  job.lap('layout');
  const selected = r.spanId ? nodeOfSpanId(cols, r.spanId) : -1;
  const size = {
    widthCssPx: CARD_BODY.width / TRACE_DPR,
    heightCssPx: CARD_BODY.height / TRACE_DPR,
    dpr: TRACE_DPR,
  };
  const frame = traceFrame(cols, selected, r.window, palette, size);
  const root = rootNode(cols);
  const swatch = root >= 0 ? palette.services[frame.serviceSlot[cols.service[root]]] : null;
  const png = await drawCard({ ...text, swatch }, { kind: 'panes', frames: [frame] }, palette);
  job.lap('draw');
  return done(png, 'waterfall', facts);
}
