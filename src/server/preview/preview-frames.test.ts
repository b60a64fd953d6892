/**
 * The preview draws what the app draws: for the same store answer and the same link, the preview's
 * waterfall frames paint exactly the calls the app's waterfall paints (a recording 2D context),
 * the app's side built here as its worker (TraceSession, diffSessions) and its waterfall
 * (WaterfallController: default tree width, the link's zoom window, the selected row centred when
 * off screen, clampViewport before drawing; a diff's panes over sideRowMap) build it.
 */
import { describe, expect, test } from 'vitest';
import { COLUMNAR_MEDIA_TYPE } from '../../core/api/media-types.ts';
import { alignTrees, mergeTrees } from '../../core/diff/index.ts';
import { diffRowTints } from '../../core/diff/row-tints.ts';
import { createRowModel, rowOfNode } from '../../core/layout/row-model.ts';
import { nodeOfSpanId, spanIdOf, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { FrameScratch, type WaterfallFrame, waterfallFrame } from '../../render/frame.ts';
import { paintWaterfall } from '../../render/paint-waterfall.ts';
import { darkPalette, lightPalette, SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import {
  bodyHeightCssPx,
  clampViewport,
  DEFAULT_GEOMETRY,
  rowTopCssPx,
  type Viewport,
} from '../../render/viewport.ts';
import { deferredColumnar, generatedTable } from '../../testing/generated-table.ts';
import { perturbTable } from '../../testing/perturb-table.ts';
import { recordingContext } from '../../testing/waterfall-frame.ts';
import { diffModel } from '../../views/diff/diff-model.ts';
import { sideRowMap } from '../../views/diff/diff-row-maps.ts';
import { decodeSource } from '../../worker/decode-source.ts';
import { DetailLoader, storeDetailSource } from '../../worker/detail-loader.ts';
import { diffSessions } from '../../worker/diff-session.ts';
import { TraceSession } from '../../worker/trace-session.ts';
import { buildTraceTree, decodeTrace, layOut } from './open-trace.ts';
import { diffFrames, traceFrame } from './preview-frames.ts';

const PANE = { widthCssPx: 960, heightCssPx: 369.6, dpr: 1.25 };

function calls(frame: WaterfallFrame) {
  const { rec, ctx } = recordingContext();
  paintWaterfall(ctx, frame, new FrameScratch(SERVICE_COLOURS.length));
  return rec.calls;
}

/** The app's worker opening the store's answer (details deferred: fetched from the store later). */
async function appSession(bytes: Uint8Array): Promise<TraceSession> {
  const { table, deferred } = await decodeSource(bytes, COLUMNAR_MEDIA_TYPE);
  const loader = new DetailLoader(deferred!, storeDetailSource('http://127.0.0.1:1/api/v2/traces/x'));
  return new TraceSession(table, [table.traceId], true, loader);
}

/** What the app's waterfall draws first for a link: as WaterfallController.setHandle/applyOptions/draw do. */
function appFrame(
  cols: TraceColumns,
  rowTree: WaterfallFrame['rowTree'] & { parent: Int32Array },
  contentOf: Int32Array | null,
  rowTint: Uint8Array | null,
  selected: number,
  zoom: { startNs: number; endNs: number } | null,
  durationNs: number,
  palette = lightPalette,
): WaterfallFrame {
  const rows = createRowModel(rowTree);
  // resize(): the tree column starts at a third of the width, 260–480 px.
  let view: Viewport = {
    ...PANE,
    treeWidthCssPx: Math.round(Math.min(480, Math.max(260, PANE.widthCssPx * 0.32))),
    ...DEFAULT_GEOMETRY,
    scrollTopCssPx: 0,
    startNs: 0,
    endNs: durationNs,
  };
  if (zoom) view = { ...view, ...zoom };
  const row = rowOfNode(rows, selected);
  const top = rowTopCssPx(view, row);
  const onScreen = row >= 0 && top >= view.axisHeightCssPx && top + view.rowHeightCssPx <= view.heightCssPx;
  if (row >= 0 && !onScreen)
    view = { ...view, scrollTopCssPx: row * view.rowHeightCssPx - bodyHeightCssPx(view) / 2 };
  const viewport = clampViewport(view, rows.rowCount, durationNs);
  return waterfallFrame({
    cols,
    rowTree,
    contentOf,
    rows,
    viewport,
    palette,
    serviceSlot: serviceSlots(cols.strings, cols.service, SERVICE_COLOURS.length),
    selected,
    hovered: -1,
    highlight: null,
    dimOthers: false,
    critical: null,
    rangeSelection: null,
    rowTint,
    ghost: null,
  });
}

describe('preview frames are the app’s frames', () => {
  const table = generatedTable(3000);
  const bytes = deferredColumnar(table);

  test('a trace: whole, or with a span deep in it selected and a zoom window, light and dark', async () => {
    const app = (await appSession(bytes)).opened().columns;
    const t = decodeTrace(bytes);
    const cols = layOut(buildTraceTree(t));
    expect(cols.nodeCount).toBe(3000);
    const deep = spanIdOf(app, 2400);
    const zoom = { startNs: app.durationNs * 0.2, endNs: app.durationNs * 0.6 };
    for (const [spanId, window, palette] of [
      [null, null, lightPalette],
      [deep, zoom, lightPalette],
      [spanIdOf(app, 3), null, darkPalette],
    ] as const) {
      const selected = spanId ? nodeOfSpanId(cols, spanId) : -1;
      const preview = calls(traceFrame(cols, selected, window, palette, PANE));
      const appSelected = spanId ? nodeOfSpanId(app, spanId) : -1;
      const expected = calls(appFrame(app, app, null, null, appSelected, window, app.durationNs, palette));
      expect(preview.length).toBeGreaterThan(100);
      expect(preview).toEqual(expected);
    }
    // The selected row is on screen (its outline is among the overlay rects).
    const frame = traceFrame(cols, nodeOfSpanId(cols, deep), zoom, lightPalette, PANE);
    expect(frame.viewport.scrollTopCssPx).toBeGreaterThan(0);
  });

  test('a diff: A’s and B’s panes over the merged tree with its tints, as the diff page’s side-by-side panes', async () => {
    const tableB = perturbTable(table, { seed: 3, rate: 0.02 });
    const bytesB = deferredColumnar(tableB);
    const [a, b] = [await appSession(bytes), await appSession(bytesB)];
    const result = await diffSessions(b, a, false, () => {});
    const model = diffModel(result, a.opened().columns, b.opened().columns);
    const [mapA, mapB] = [sideRowMap(model, 'A'), sideRowMap(model, 'B')];
    const selected = model.differences[model.differences.length - 1];

    const [ta, tb] = [decodeTrace(bytes), decodeTrace(bytesB)];
    const [treeA, treeB] = [buildTraceTree(ta), buildTraceTree(tb)];
    const diff = mergeTrees(alignTrees(treeA, treeB, { attributeTieBreak: false }), { attributes: false });
    const [colsA, colsB] = [layOut(treeA), layOut(treeB)];
    const merged = {
      tree: diff,
      aNode: diff.aNode,
      bNode: diff.bNode,
      tint: diffRowTints(diff, colsA, colsB),
    };
    const [paneA, paneB] = diffFrames(colsA, colsB, merged, selected, lightPalette, PANE);

    expect(selected).toBeGreaterThan(0);
    expect(paneA.rowTint?.some((t) => t > 0)).toBe(true);
    const tree = model.structure as WaterfallFrame['rowTree'] & { parent: Int32Array };
    expect(calls(paneA)).toEqual(
      calls(appFrame(model.a, tree, mapA.contentOf, mapA.tint ?? null, selected, null, model.durationNs)),
    );
    expect(calls(paneB)).toEqual(
      calls(appFrame(model.b, tree, mapB.contentOf, mapB.tint ?? null, selected, null, model.durationNs)),
    );
  });
});
