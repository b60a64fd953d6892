/**
 * The waterfall frames of a preview image: the app's own frames (render/frame.ts `waterfallFrame`)
 * over the columns the app's worker lays out, with the link's view applied as the app's waterfall
 * applies it: every row expanded, the zoom window, the selected row centred when it would be off
 * screen, the tree column at its default width; a diff's two panes over the merged tree with its
 * row tints on one shared time axis, as the diff page's side-by-side panes draw them.
 */
import { createRowModel, type RowModel, rowOfNode } from '../../core/layout/row-model.ts';
import type { TraceColumns } from '../../core/layout/trace-columns.ts';
import type { RowTree, WaterfallFrame } from '../../render/frame.ts';
import { waterfallFrame } from '../../render/frame.ts';
import { type Palette, SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import type { TimeWindow } from '../../render/time-axis.ts';
import {
  centredScrollTopCssPx,
  clampViewport,
  DEFAULT_GEOMETRY,
  defaultTreeWidthCssPx,
  rowOnScreen,
  type Viewport,
} from '../../render/viewport.ts';

/** A pane's size: CSS px at a device pixel ratio. */
export interface PaneSize {
  readonly widthCssPx: number;
  readonly heightCssPx: number;
  readonly dpr: number;
}

/** The viewport of a freshly opened waterfall of this size, showing the window and the selected row. */
function openingViewport(
  pane: PaneSize,
  rows: RowModel,
  durationNs: number,
  window: TimeWindow | null,
  selected: number,
): Viewport {
  let v: Viewport = {
    ...pane,
    treeWidthCssPx: defaultTreeWidthCssPx(pane.widthCssPx),
    ...DEFAULT_GEOMETRY,
    scrollTopCssPx: 0,
    startNs: window?.startNs ?? 0,
    endNs: window?.endNs ?? durationNs,
  };
  const row = rowOfNode(rows, selected);
  if (row >= 0 && !rowOnScreen(v, row)) v = { ...v, scrollTopCssPx: centredScrollTopCssPx(v, row) };
  return clampViewport(v, rows.rowCount, durationNs);
}

interface FrameOf {
  readonly cols: TraceColumns;
  readonly rowTree: RowTree;
  readonly rows: RowModel;
  readonly contentOf: Int32Array | null;
  readonly rowTint: Uint8Array | null;
  readonly viewport: Viewport;
  readonly selected: number;
  readonly palette: Palette;
}

function frameOf(f: FrameOf): WaterfallFrame {
  return waterfallFrame({
    ...f,
    serviceSlot: serviceSlots(f.cols.strings, f.cols.service, SERVICE_COLOURS.length),
    hovered: -1,
    highlight: null,
    dimOthers: false,
    critical: null,
    rangeSelection: null,
    ghost: null,
  });
}

/** One trace: `selected` is a node of `cols` (-1 for none), `window` ns from its start (null: all). */
export function traceFrame(
  cols: TraceColumns,
  selected: number,
  window: TimeWindow | null,
  palette: Palette,
  pane: PaneSize,
): WaterfallFrame {
  const rows = createRowModel(cols);
  const viewport = openingViewport(pane, rows, Math.max(cols.durationNs, 1), window, selected);
  return frameOf({ cols, rowTree: cols, rows, contentOf: null, rowTint: null, viewport, selected, palette });
}

/** A diff's merged rows: the tree, which node of A and of B each row shows (-1: a gap), its tint. */
export interface DiffRows {
  readonly tree: RowTree & { readonly parent: Int32Array };
  readonly aNode: Int32Array;
  readonly bNode: Int32Array;
  readonly tint: Uint8Array;
}

/** A's pane and B's pane; `selected` is a merged node (-1 for none). */
export function diffFrames(
  a: TraceColumns,
  b: TraceColumns,
  merged: DiffRows,
  selected: number,
  palette: Palette,
  pane: PaneSize,
): [WaterfallFrame, WaterfallFrame] {
  const rows = createRowModel(merged.tree);
  const viewport = openingViewport(pane, rows, Math.max(a.durationNs, b.durationNs, 1), null, selected);
  const side = (cols: TraceColumns, contentOf: Int32Array) =>
    frameOf({
      cols,
      rowTree: merged.tree,
      rows,
      contentOf,
      rowTint: merged.tint,
      viewport,
      selected,
      palette,
    });
  return [side(a, merged.aNode), side(b, merged.bNode)];
}
