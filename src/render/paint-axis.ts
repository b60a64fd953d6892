/**
 * The header above the rows: the tree column's title, and the time axis with tick labels and
 * marks; plus the drag-to-zoom range selection, which shades the rows under it too.
 */
import { FONT_AXIS_TITLE, FONT_SMALL, type WaterfallFrame } from './frame.ts';
import type { Ticks } from './time-ticks.ts';
import { snapCssPx, timelineLeftCssPx, timelineWidthCssPx, xOfNs } from './viewport.ts';

export function paintAxis(ctx: CanvasRenderingContext2D, f: WaterfallFrame, ticks: Ticks): void {
  const v = f.viewport;
  const p = f.palette;
  const h = v.axisHeightCssPx;
  const left = timelineLeftCssPx(v);
  const right = left + timelineWidthCssPx(v);
  ctx.fillStyle = p.headerBackground;
  ctx.fillRect(0, 0, v.widthCssPx, h);
  ctx.fillStyle = p.divider;
  ctx.fillRect(0, snapCssPx(h - 1, v.dpr), v.widthCssPx, 1 / v.dpr);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.font = FONT_AXIS_TITLE;
  ctx.fillStyle = p.textMuted;
  ctx.fillText('Service & operation', 10, h / 2);
  ctx.font = FONT_SMALL;
  ctx.beginPath();
  for (let i = 0; i < ticks.ns.length; i++) {
    const x = snapCssPx(xOfNs(v, ticks.ns[i]), v.dpr);
    if (x < left - 0.5 || x > right + 0.5) continue;
    ctx.rect(x, h - 7, 1 / v.dpr, 6);
  }
  ctx.fill();
  for (let i = 0; i < ticks.ns.length; i++) {
    const x = xOfNs(v, ticks.ns[i]);
    if (x < left - 0.5 || x > right - 20) continue;
    ctx.fillText(ticks.labels[i], x + 4, h / 2 - 2);
  }
  const sel = f.rangeSelection;
  if (sel) {
    const x0 = Math.max(left, Math.min(sel.fromCssPx, sel.toCssPx));
    const x1 = Math.min(right, Math.max(sel.fromCssPx, sel.toCssPx));
    ctx.fillStyle = p.rangeSelection;
    ctx.fillRect(x0, 0, x1 - x0, v.heightCssPx);
    ctx.fillStyle = p.rangeSelectionBorder;
    ctx.fillRect(snapCssPx(x0, v.dpr), 0, 1, v.heightCssPx);
    ctx.fillRect(snapCssPx(x1, v.dpr), 0, 1, v.heightCssPx);
  }
}
