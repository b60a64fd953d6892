/**
 * Tests only: a WaterfallFrame over given columns with sensible defaults, and a recording context.
 */
import { createRowModel, isCollapsed, type RowModel } from '../core/layout/row-model.ts';
import type { TraceColumns } from '../core/layout/trace-columns.ts';
import type { WaterfallFrame } from '../render/frame.ts';
import { lightPalette, serviceSlots } from '../render/theme.ts';
import { DEFAULT_GEOMETRY, timeAxisOf, type Viewport } from '../render/viewport.ts';
import { RecordingContext } from './fake-context.ts';

export function testViewport(cols: TraceColumns, over: Partial<Viewport> = {}): Viewport {
  return {
    widthCssPx: 1000,
    heightCssPx: 400,
    dpr: 1,
    treeWidthCssPx: 300,
    ...DEFAULT_GEOMETRY,
    scrollTopCssPx: 0,
    startNs: 0,
    endNs: cols.durationNs,
    ...over,
  };
}

export function testFrame(
  cols: TraceColumns,
  over: Partial<WaterfallFrame> & { rows?: RowModel; viewport?: Viewport } = {},
): WaterfallFrame {
  const rows = over.rows ?? createRowModel(cols);
  const viewport = over.viewport ?? testViewport(cols);
  return {
    cols,
    rowTree: cols,
    contentOf: null,
    rows,
    viewport,
    axis: timeAxisOf(viewport),
    palette: lightPalette,
    serviceSlot: serviceSlots(cols.strings, cols.service, lightPalette.services.length),
    selected: -1,
    hovered: -1,
    highlight: null,
    dimOthers: false,
    critical: null,
    isCollapsed: (k) => isCollapsed(rows, k),
    rangeSelection: null,
    rowTint: null,
    ghost: null,
    ...over,
  };
}

export function recordingContext(): { rec: RecordingContext; ctx: CanvasRenderingContext2D } {
  const rec = new RecordingContext();
  return { rec, ctx: rec as unknown as CanvasRenderingContext2D };
}
