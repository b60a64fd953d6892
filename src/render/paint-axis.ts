/**
 * The waterfall's header: the time axis over the timeline, the tree column's title, and the
 * drag-to-zoom range selection.
 */
import { FONT_AXIS_TITLE } from './fonts.ts';
import type { WaterfallFrame } from './frame.ts';
import { paintRangeSelection, paintTimeAxis } from './paint-time-axis.ts';
import type { Ticks } from './time-ticks.ts';

export function paintAxis(ctx: CanvasRenderingContext2D, f: WaterfallFrame, ticks: Ticks): void {
  const v = f.viewport;
  const band = { widthCssPx: v.widthCssPx, heightCssPx: v.axisHeightCssPx, dpr: v.dpr };
  paintTimeAxis(ctx, f.axis, band, ticks, f.palette);
  ctx.font = FONT_AXIS_TITLE;
  ctx.fillStyle = f.palette.textMuted;
  ctx.fillText('Service & operation', 10, v.axisHeightCssPx / 2);
  if (f.rangeSelection) paintRangeSelection(ctx, f.axis, f.rangeSelection, v.heightCssPx, v.dpr, f.palette);
}
