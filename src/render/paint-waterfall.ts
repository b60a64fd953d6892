/**
 * One frame of the waterfall canvas: header axis, row backgrounds, tree shapes and bars batched by
 * colour (pass 1), then labels (pass 2), the column divider and the scrollbar. Work is
 * O(rows on screen × (1 + event pixels)), independent of the trace size.
 */
import { fillRows } from '../core/layout/row-model.ts';
import type { FrameScratch, WaterfallFrame } from './frame.ts';
import { paintAxis } from './paint-axis.ts';
import { paintDurations, paintTreeLabels } from './paint-labels.ts';
import { paintBars, paintRowBackgrounds, paintTreeShapes } from './paint-rows.ts';
import {
  bodyHeightCssPx,
  firstVisibleRow,
  rowsOnScreen,
  snapCssPx,
  timelineLeftCssPx,
  timelineWidthCssPx,
  type Viewport,
} from './viewport.ts';

const DIMMED_ALPHA = 0.28;

export function paintWaterfall(ctx: CanvasRenderingContext2D, f: WaterfallFrame, s: FrameScratch): void {
  const v = f.viewport;
  const p = f.palette;
  const colours = s.colours(p);
  ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, v.widthCssPx, v.heightCssPx);

  const n = rowsOnScreen(v);
  s.ensureRows(n);
  s.visibleCount = fillRows(f.rows, firstVisibleRow(v), s.visible.subarray(0, n));
  const ghostOf = f.ghost?.contentOf ?? null;
  for (let i = 0; i < s.visibleCount; i++) {
    const k = s.visible[i];
    s.content[i] = f.contentOf ? f.contentOf[k] : k;
    s.ghost[i] = f.ghost ? (ghostOf ? ghostOf[k] : k) : -1;
  }
  const ticks = s.axisTicks.get(v.startNs, v.endNs, f.axis.widthCssPx);

  ctx.save();
  ctx.beginPath();
  ctx.rect(0, v.axisHeightCssPx, v.widthCssPx, bodyHeightCssPx(v));
  ctx.clip();
  paintRowBackgrounds(f, s, ticks);
  s.background.flush(ctx, colours.background);
  paintTreeShapes(ctx, f, s);
  paintBars(f, s);
  // Indent guides and ghost fills, under the bars.
  s.background.flush(ctx, colours.background);
  s.bars.flush(ctx, colours.bars);
  ctx.globalAlpha = DIMMED_ALPHA;
  s.dimmedBars.flush(ctx, colours.bars);
  ctx.globalAlpha = 1;
  s.overlay.flush(ctx, colours.overlay);
  paintTreeLabels(ctx, f, s);
  paintDurations(ctx, f, s);
  paintScrollbar(ctx, f);
  ctx.restore();

  paintAxis(ctx, f, ticks);
  ctx.fillStyle = p.divider;
  ctx.fillRect(snapCssPx(v.treeWidthCssPx, v.dpr), 0, 1, v.heightCssPx);
}

/** Thumb position of the vertical scrollbar (CSS px), or null when every row fits. */
export function scrollbarThumb(
  v: Viewport,
  rowCount: number,
): { top: number; height: number; x: number } | null {
  const bodyH = bodyHeightCssPx(v);
  const contentH = rowCount * v.rowHeightCssPx;
  if (contentH <= bodyH) return null;
  const height = Math.max(24, (bodyH * bodyH) / contentH);
  const top = v.axisHeightCssPx + (v.scrollTopCssPx / (contentH - bodyH)) * (bodyH - height);
  return { top, height, x: timelineLeftCssPx(v) + timelineWidthCssPx(v) + 8 };
}

function paintScrollbar(ctx: CanvasRenderingContext2D, f: WaterfallFrame): void {
  const v = f.viewport;
  const thumb = scrollbarThumb(v, f.rows.rowCount);
  if (!thumb) return;
  ctx.fillStyle = f.palette.scrollbarThumb;
  ctx.beginPath();
  ctx.rect(thumb.x + 2, thumb.top + 2, v.scrollbarCssPx - 4, thumb.height - 4);
  ctx.fill();
}
