/**
 * First pass of the body: row backgrounds, grid lines, indent guides, toggles, service swatches,
 * error markers, bars, event ticks, critical path and selection outline, all batched by colour.
 */
import { sortedHas } from '../core/layout/binary-search.ts';
import { firstSegmentOf } from '../core/layout/critical-index.ts';
import { pixelMarks } from '../core/layout/lod.ts';
import { NodeFlag } from '../core/layout/trace-columns.ts';
import { Bg, type FrameScratch, Over, TINT_BG, TINT_MARK_BG, type WaterfallFrame } from './frame.ts';
import { addGridLines } from './paint-time-axis.ts';
import { nsPerCssPx, type TimeAxis, xOfNs } from './time-axis.ts';
import type { Ticks } from './time-ticks.ts';
import {
  ERROR_MARKER_CSS_PX,
  guideLevels,
  guideXCssPx,
  SWATCH_CSS_PX,
  TOGGLE_CSS_PX,
  treeRowGeometry,
} from './tree-geometry.ts';
import { bodyHeightCssPx, firstVisibleRow, rowTopCssPx, snapCssPx } from './viewport.ts';

const BAR_INSET = 6;
const MIN_BAR_CSS_PX = 1;
/** Width of a tinted row's mark at its left edge. */
const TINT_MARK_CSS_PX = 4;

/** Whether a node of `cols` is drawn dimmed (find or a highlight is on and it is not among them). */
export function isDimmed(f: WaterfallFrame, node: number): boolean {
  return f.dimOthers && f.highlight !== null && !sortedHas(f.highlight, node);
}

export function paintRowBackgrounds(f: WaterfallFrame, s: FrameScratch, ticks: Ticks): void {
  const v = f.viewport;
  const first = firstVisibleRow(v);
  const fullW = v.widthCssPx;
  for (let i = 0; i < s.visibleCount; i++) {
    const k = s.visible[i];
    const n = s.content[i];
    const y = snapCssPx(rowTopCssPx(v, first + i), v.dpr);
    const h = v.rowHeightCssPx;
    const tint = f.rowTint ? f.rowTint[k] : 0;
    if (k === f.selected) s.background.add(Bg.Selected, 0, y, fullW, h);
    else if (k === f.hovered) s.background.add(Bg.Hover, 0, y, fullW, h);
    else if (tint > 0) s.background.add(TINT_BG + tint - 1, 0, y, fullW, h);
    else if ((first + i) % 2 === 1) s.background.add(Bg.Stripe, 0, y, fullW, h);
    if (tint > 0) s.background.add(TINT_MARK_BG + tint - 1, 0, y, TINT_MARK_CSS_PX, h);
    if (n >= 0 && f.highlight && sortedHas(f.highlight, n)) {
      if (k !== f.selected) s.background.add(Bg.Match, 0, y, v.treeWidthCssPx, h);
      s.background.add(Bg.MatchMarker, 0, y, 3, h);
    }
  }
  addGridLines(s.background, Bg.Grid, f.axis, ticks, v.axisHeightCssPx, bodyHeightCssPx(v), v.dpr);
}

/** Guides, swatches and error markers of the tree column; toggles go to one path. */
export function paintTreeShapes(ctx: CanvasRenderingContext2D, f: WaterfallFrame, s: FrameScratch): void {
  const v = f.viewport;
  const first = firstVisibleRow(v);
  const c = f.cols;
  const t = f.rowTree;
  const rowH = v.rowHeightCssPx;
  const guideW = 1 / v.dpr;
  for (let i = 0; i < s.visibleCount; i++) {
    const k = s.visible[i];
    const n = s.content[i];
    const y = rowTopCssPx(v, first + i);
    const levels = guideLevels(t.depth[k], v.treeWidthCssPx);
    for (let l = 0; l < levels; l++)
      s.background.add(Bg.Guide, snapCssPx(guideXCssPx(l), v.dpr), y, guideW, rowH);
    const g = treeRowGeometry(t.depth[k], v.treeWidthCssPx);
    if (n >= 0 && !(c.flags[n] & NodeFlag.MissingParent))
      s.bars.add(f.serviceSlot[c.service[n]], snapCssPx(g.swatchX, v.dpr), y + 5, SWATCH_CSS_PX, rowH - 10);
  }
  // Toggles (▸ collapsed, ▾ expanded) and error discs: one path each.
  ctx.fillStyle = f.palette.toggle;
  ctx.beginPath();
  for (let i = 0; i < s.visibleCount; i++) {
    const k = s.visible[i];
    if (t.childCount[k] === 0) continue;
    const g = treeRowGeometry(t.depth[k], v.treeWidthCssPx);
    const cx = g.toggleX + TOGGLE_CSS_PX / 2;
    const cy = rowTopCssPx(v, first + i) + rowH / 2;
    if (f.isCollapsed(k)) {
      ctx.moveTo(cx - 2.5, cy - 4.5);
      ctx.lineTo(cx + 3, cy);
      ctx.lineTo(cx - 2.5, cy + 4.5);
    } else {
      ctx.moveTo(cx - 4.5, cy - 2.5);
      ctx.lineTo(cx + 4.5, cy - 2.5);
      ctx.lineTo(cx, cy + 3);
    }
    ctx.closePath();
  }
  ctx.fill();
  ctx.fillStyle = f.palette.error;
  ctx.beginPath();
  for (let i = 0; i < s.visibleCount; i++) {
    const n = s.content[i];
    if (n < 0 || !(c.flags[n] & NodeFlag.Error)) continue;
    const g = treeRowGeometry(t.depth[s.visible[i]], v.treeWidthCssPx);
    const cy = rowTopCssPx(v, first + i) + rowH / 2;
    ctx.moveTo(g.errorCx + ERROR_MARKER_CSS_PX / 2, cy);
    ctx.arc(g.errorCx, cy, ERROR_MARKER_CSS_PX / 2, 0, Math.PI * 2);
  }
  ctx.fill();
}

export interface Extent {
  x: number;
  w: number;
}

/** Horizontal extent of a bar on screen, clipped to the axis, into `out`; false when off screen. */
export function barExtent(axis: TimeAxis, dpr: number, startNs: number, endNs: number, out: Extent): boolean {
  const left = axis.leftCssPx;
  const right = left + axis.widthCssPx;
  let x0 = xOfNs(axis, startNs);
  let x1 = xOfNs(axis, endNs);
  if (x1 - x0 < MIN_BAR_CSS_PX) x1 = x0 + MIN_BAR_CSS_PX;
  if (x1 < left || x0 > right) return false;
  x0 = Math.max(x0, left);
  x1 = Math.min(x1, right);
  out.x = snapCssPx(x0, dpr);
  out.w = Math.max(snapCssPx(x1, dpr) - out.x, 1 / dpr);
  return true;
}

const ext: Extent = { x: 0, w: 0 };
const seg: Extent = { x: 0, w: 0 };

/** Four sides of a rectangle into an overlay slot (`o` thick, outside the rectangle). */
function outline(s: FrameScratch, slot: number, e: Extent, y: number, h: number, o: number): void {
  s.overlay.add(slot, e.x - o, y - o, e.w + 2 * o, o);
  s.overlay.add(slot, e.x - o, y + h, e.w + 2 * o, o);
  s.overlay.add(slot, e.x - o, y, o, h);
  s.overlay.add(slot, e.x + e.w, y, o, h);
}

/**
 * The ghost layer's bars: an outline over the row's own bar (where the other trace's span began and
 * ended), or an outline with a soft fill on a row with no span of its own.
 */
function paintGhostBars(f: WaterfallFrame, s: FrameScratch): void {
  const g = f.ghost;
  if (!g) return;
  const v = f.viewport;
  const first = firstVisibleRow(v);
  const barH = v.rowHeightCssPx - 2 * BAR_INSET;
  const o = snapCssPx(1, v.dpr);
  for (let i = 0; i < s.visibleCount; i++) {
    const n = s.ghost[i];
    if (n < 0 || !(g.cols.endNs[n] >= g.cols.startNs[n])) continue;
    if (!barExtent(f.axis, v.dpr, g.cols.startNs[n], g.cols.endNs[n], ext)) continue;
    const y = snapCssPx(rowTopCssPx(v, first + i) + BAR_INSET, v.dpr);
    if (s.content[i] < 0) s.background.add(Bg.GhostFill, ext.x, y, ext.w, barH);
    outline(s, Over.Ghost, ext, y, barH, o);
  }
}

export function paintBars(f: WaterfallFrame, s: FrameScratch): void {
  const v = f.viewport;
  const c = f.cols;
  const first = firstVisibleRow(v);
  const errorSlot = f.palette.services.length;
  const axis = f.axis;
  const nsPerPx = nsPerCssPx(axis);
  const left = axis.leftCssPx;
  const barH = v.rowHeightCssPx - 2 * BAR_INSET;
  const px = 1 / v.dpr;
  paintGhostBars(f, s);
  for (let i = 0; i < s.visibleCount; i++) {
    const n = s.content[i];
    if (n < 0 || c.flags[n] & NodeFlag.MissingParent) continue;
    if (!barExtent(axis, v.dpr, c.startNs[n], c.endNs[n], ext)) continue;
    const y = snapCssPx(rowTopCssPx(v, first + i) + BAR_INSET, v.dpr);
    const slot = c.flags[n] & NodeFlag.Error ? errorSlot : f.serviceSlot[c.service[n]];
    (isDimmed(f, n) ? s.dimmedBars : s.bars).add(slot, ext.x, y, ext.w, barH);
    // Event ticks: at most one per pixel, only over the bar.
    const from = c.eventStart[n];
    const to = c.eventStart[n + 1];
    if (to > from && ext.w >= 3) {
      const n = pixelMarks(c.eventNs, from, to, v.startNs, nsPerPx, axis.widthCssPx, s.marks);
      for (let m = 0; m < n; m++) {
        const x = snapCssPx(left + s.marks[m], v.dpr);
        if (x >= ext.x && x < ext.x + ext.w) s.overlay.add(Over.EventTick, x, y, Math.max(px, 1), barH);
      }
    }
    if (f.critical) {
      for (
        let j = firstSegmentOf(f.critical, n);
        j < f.critical.node.length && f.critical.node[j] === n;
        j++
      ) {
        if (barExtent(axis, v.dpr, f.critical.startNs[j], f.critical.endNs[j], seg))
          s.overlay.add(Over.Critical, seg.x, y + barH / 2 - 1.5, seg.w, 3);
      }
    }
    if (s.visible[i] === f.selected) outline(s, Over.Outline, ext, y, barH, snapCssPx(1, v.dpr));
  }
}
