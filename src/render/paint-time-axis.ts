/**
 * The time axis of any time-based view: the header band with its tick marks and labels over the
 * axis's horizontal range, the grid lines under it, and the drag-to-zoom range selection (which
 * shades the whole height of the canvas under it).
 */
import { FONT_SMALL } from './fonts.ts';
import type { RectBatch } from './rect-batch.ts';
import type { Palette } from './theme.ts';
import { type TimeAxis, xOfNs } from './time-axis.ts';
import type { Ticks } from './time-ticks.ts';
import { snapCssPx } from './viewport.ts';

/** A drag on the axis, as CSS px x in the canvas (from where it started to where it is). */
export interface RangeSelection {
  readonly fromCssPx: number;
  readonly toCssPx: number;
}

export interface AxisBand {
  /** Width of the header band (the whole canvas); the ticks stay inside the axis's range. */
  readonly widthCssPx: number;
  readonly heightCssPx: number;
  readonly dpr: number;
}

export function paintTimeAxis(
  ctx: CanvasRenderingContext2D,
  axis: TimeAxis,
  band: AxisBand,
  ticks: Ticks,
  p: Palette,
): void {
  const { heightCssPx: h, dpr } = band;
  const left = axis.leftCssPx;
  const right = left + axis.widthCssPx;
  ctx.fillStyle = p.headerBackground;
  ctx.fillRect(0, 0, band.widthCssPx, h);
  ctx.fillStyle = p.divider;
  ctx.fillRect(0, snapCssPx(h - 1, dpr), band.widthCssPx, 1 / dpr);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.font = FONT_SMALL;
  ctx.fillStyle = p.textMuted;
  ctx.beginPath();
  for (let i = 0; i < ticks.ns.length; i++) {
    const x = snapCssPx(xOfNs(axis, ticks.ns[i]), dpr);
    if (x < left - 0.5 || x > right + 0.5) continue;
    ctx.rect(x, h - 7, 1 / dpr, 6);
  }
  ctx.fill();
  for (let i = 0; i < ticks.ns.length; i++) {
    const x = xOfNs(axis, ticks.ns[i]);
    if (x < left - 0.5 || x > right - 20) continue;
    ctx.fillText(ticks.labels[i], x + 4, h / 2 - 2);
  }
}

/** One vertical grid line per tick inside the axis's range, from topCssPx down heightCssPx. */
export function addGridLines(
  batch: RectBatch,
  slot: number,
  axis: TimeAxis,
  ticks: Ticks,
  topCssPx: number,
  heightCssPx: number,
  dpr: number,
): void {
  const left = axis.leftCssPx;
  const right = left + axis.widthCssPx;
  for (const t of ticks.ns) {
    const x = snapCssPx(xOfNs(axis, t), dpr);
    if (x >= left && x <= right) batch.add(slot, x, topCssPx, 1 / dpr, heightCssPx);
  }
}

export function paintRangeSelection(
  ctx: CanvasRenderingContext2D,
  axis: TimeAxis,
  sel: RangeSelection,
  heightCssPx: number,
  dpr: number,
  p: Palette,
): void {
  const left = axis.leftCssPx;
  const right = left + axis.widthCssPx;
  const x0 = Math.max(left, Math.min(sel.fromCssPx, sel.toCssPx));
  const x1 = Math.min(right, Math.max(sel.fromCssPx, sel.toCssPx));
  ctx.fillStyle = p.rangeSelection;
  ctx.fillRect(x0, 0, x1 - x0, heightCssPx);
  ctx.fillStyle = p.rangeSelectionBorder;
  ctx.fillRect(snapCssPx(x0, dpr), 0, 1, heightCssPx);
  ctx.fillRect(snapCssPx(x1, dpr), 0, 1, heightCssPx);
}
