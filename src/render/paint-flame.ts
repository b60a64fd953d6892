/**
 * One frame of the flame graph (both modes: the flame chart's lanes of spans and the aggregated
 * graph's depths of frames): the time axis, then per visible lane the level-of-detail runs of its
 * items (bars narrower than a pixel merged into one rect: O(lanes × pixels), never O(items)) batched
 * by colour, dimmed when an overlay of highlighted items is drawn over them; marks (critical path),
 * hover and selection outlines; then labels only where they fit.
 */

import type { LaneLayout } from '../core/layout/lane-layout.ts';
import { laneRuns } from '../core/layout/lane-layout.ts';
import {
  type FlameFrame,
  FlameOver,
  type FlameScratch,
  type FlameViewport,
  flameBodyHeightCssPx,
  laneTopCssPx,
  maxFlameScrollCssPx,
} from './flame-frame.ts';
import { FONT_NAME } from './fonts.ts';
import { addGridLines, paintRangeSelection, paintTimeAxis } from './paint-time-axis.ts';
import type { RectBatch } from './rect-batch.ts';
import { textColourOn } from './theme.ts';
import { nsPerCssPx, xOfNs } from './time-axis.ts';
import { snapCssPx } from './viewport.ts';

const DIMMED_ALPHA = 0.25;
/** Bars at least this wide get a 1 px gap on their right, so neighbours stay apart. */
const GAP_MIN_CSS_PX = 4;
/** Narrowest bar that gets a label. */
const LABEL_MIN_CSS_PX = 28;
const LABEL_PAD_CSS_PX = 4;
const LANE_GAP_CSS_PX = 1;

/** Lanes with at least one pixel on screen: [first, end). */
export function visibleLanes(v: FlameViewport): { first: number; end: number } {
  const first = Math.max(v.firstLane, v.firstLane + Math.floor(v.scrollTopCssPx / v.laneHeightCssPx));
  const rows = Math.ceil(flameBodyHeightCssPx(v) / v.laneHeightCssPx) + 1;
  return { first, end: Math.min(v.endLane, first + rows) };
}

const textColours = new Map<string, string>();
function textOn(colour: string): string {
  let t = textColours.get(colour);
  if (t === undefined) {
    t = colour.startsWith('#') && colour.length === 7 ? textColourOn(colour) : '#16191d';
    textColours.set(colour, t);
  }
  return t;
}

function addLaneBars(
  f: FlameFrame,
  s: FlameScratch,
  layout: LaneLayout,
  lane: number,
  batch: RectBatch,
  labels: boolean,
): void {
  const v = f.viewport;
  const a = f.axis;
  const xPerPx = nsPerCssPx(a);
  const n = laneRuns(layout, lane, a.startNs, xPerPx, a.widthCssPx, 1, s.runs);
  const y = snapCssPx(laneTopCssPx(v, lane), v.dpr);
  const h = v.laneHeightCssPx - LANE_GAP_CSS_PX;
  const right = a.leftCssPx + a.widthCssPx;
  const r = s.runs;
  for (let i = 0; i < n; i++) {
    const x0 = Math.max(a.leftCssPx, a.leftCssPx + r.x0Px[i]);
    const x1 = Math.min(right, a.leftCssPx + r.x1Px[i]);
    if (x1 <= x0) continue;
    const item = layout.item[r.slot[i]];
    const slot = f.slotOf[item];
    const sx = snapCssPx(x0, v.dpr);
    let w = Math.max(snapCssPx(x1, v.dpr) - sx, 1 / v.dpr);
    if (!r.merged[i] && w >= GAP_MIN_CSS_PX) w -= 1;
    batch.add(slot, sx, y, w, h);
    if (labels && !r.merged[i] && w >= LABEL_MIN_CSS_PX && s.labelCount < s.labelItem.length) {
      const k = s.labelCount++;
      s.labelItem[k] = item;
      s.labelSlot[k] = slot;
      s.labelX[k] = sx;
      s.labelY[k] = y;
      s.labelW[k] = w;
    }
  }
}

/** An outline of `item`'s bar, when it is in a visible lane and the window. */
function outline(
  f: FlameFrame,
  s: FlameScratch,
  item: number,
  slot: number,
  first: number,
  end: number,
): void {
  const L = f.layout;
  const lane = L.laneOf[item];
  if (lane === 0xffffffff || lane < first || lane >= end) return;
  const v = f.viewport;
  const a = f.axis;
  const at = L.slotOf[item];
  const x0 = Math.max(a.leftCssPx - 2, xOfNs(a, L.x0[at]));
  const x1 = Math.min(a.leftCssPx + a.widthCssPx + 2, Math.max(xOfNs(a, L.x1[at]), x0 + 1));
  if (x1 <= a.leftCssPx || x0 >= a.leftCssPx + a.widthCssPx) return;
  const y = snapCssPx(laneTopCssPx(v, lane), v.dpr);
  const h = v.laneHeightCssPx - LANE_GAP_CSS_PX;
  const o = slot === FlameOver.Selected ? 2 : 1;
  const sx = snapCssPx(x0, v.dpr);
  const w = Math.max(1, snapCssPx(x1, v.dpr) - sx);
  s.overlay.add(slot, sx - o, y - o, w + 2 * o, o);
  s.overlay.add(slot, sx - o, y + h, w + 2 * o, o);
  s.overlay.add(slot, sx - o, y, o, h);
  s.overlay.add(slot, sx + w, y, o, h);
}

function addMarks(f: FlameFrame, s: FlameScratch, first: number, end: number): void {
  const m = f.marks;
  if (!m) return;
  const v = f.viewport;
  const a = f.axis;
  for (let i = 0; i < m.lane.length; i++) {
    const lane = m.lane[i];
    if (lane < first || lane >= end) continue;
    const x0 = Math.max(a.leftCssPx, xOfNs(a, m.x0[i]));
    const x1 = Math.min(a.leftCssPx + a.widthCssPx, Math.max(xOfNs(a, m.x1[i]), x0 + 1));
    if (x1 <= x0) continue;
    const y = laneTopCssPx(v, lane) + v.laneHeightCssPx - LANE_GAP_CSS_PX - 3;
    s.overlay.add(FlameOver.Mark, snapCssPx(x0, v.dpr), y, Math.max(1, x1 - x0), 3);
  }
}

function paintLabels(ctx: CanvasRenderingContext2D, f: FlameFrame, s: FlameScratch): void {
  ctx.font = FONT_NAME;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const half = (f.viewport.laneHeightCssPx - LANE_GAP_CSS_PX) / 2;
  for (let i = 0; i < s.labelCount; i++) {
    const text = s.text.fit(ctx, f.labelOf(s.labelItem[i]), s.labelW[i] - 2 * LABEL_PAD_CSS_PX);
    if (!text) continue;
    ctx.fillStyle = textOn(f.colours[s.labelSlot[i]]);
    ctx.fillText(text, s.labelX[i] + LABEL_PAD_CSS_PX, s.labelY[i] + half);
  }
}

function paintScrollbar(ctx: CanvasRenderingContext2D, f: FlameFrame): void {
  const v = f.viewport;
  const max = maxFlameScrollCssPx(v);
  if (max <= 0) return;
  const bodyH = flameBodyHeightCssPx(v);
  const contentH = bodyH + max;
  const h = Math.max(24, (bodyH * bodyH) / contentH);
  const top = v.axisHeightCssPx + (v.scrollTopCssPx / max) * (bodyH - h);
  ctx.fillStyle = f.palette.scrollbarThumb;
  ctx.fillRect(v.widthCssPx - 7, top + 2, 5, h - 4);
}

export function paintFlame(ctx: CanvasRenderingContext2D, f: FlameFrame, s: FlameScratch): void {
  const v = f.viewport;
  const p = f.palette;
  ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, v.widthCssPx, v.heightCssPx);
  const a = f.axis;
  const ticks = f.shareOf
    ? s.axisTicks.getShare(a.startNs, a.endNs, f.shareOf.startNs, f.shareOf.endNs, a.widthCssPx)
    : s.axisTicks.get(a.startNs, a.endNs, a.widthCssPx);
  const { first, end } = visibleLanes(v);

  ctx.save();
  ctx.beginPath();
  ctx.rect(0, v.axisHeightCssPx, v.widthCssPx, flameBodyHeightCssPx(v));
  ctx.clip();
  addGridLines(s.grid, 0, f.axis, ticks, v.axisHeightCssPx, flameBodyHeightCssPx(v), v.dpr);
  s.grid.flush(ctx, [p.gridLine]);
  s.labelCount = 0;
  const base = f.overlay ? s.dimmedBars : s.bars;
  for (let lane = first; lane < end; lane++) addLaneBars(f, s, f.layout, lane, base, !f.overlay);
  if (f.overlay) {
    ctx.globalAlpha = DIMMED_ALPHA;
    s.dimmedBars.flush(ctx, f.colours);
    ctx.globalAlpha = 1;
    for (let lane = first; lane < end; lane++) addLaneBars(f, s, f.overlay, lane, s.bars, true);
  }
  s.bars.flush(ctx, f.colours);
  addMarks(f, s, first, end);
  if (f.hovered >= 0 && f.hovered !== f.selected) outline(f, s, f.hovered, FlameOver.Hover, first, end);
  if (f.selected >= 0) outline(f, s, f.selected, FlameOver.Selected, first, end);
  s.overlay.flush(ctx, [p.criticalPath, p.textMuted, p.selectedOutline]);
  paintLabels(ctx, f, s);
  paintScrollbar(ctx, f);
  ctx.restore();

  paintTimeAxis(
    ctx,
    f.axis,
    { widthCssPx: v.widthCssPx, heightCssPx: v.axisHeightCssPx, dpr: v.dpr },
    ticks,
    p,
  );
  if (f.rangeSelection) paintRangeSelection(ctx, f.axis, f.rangeSelection, v.heightCssPx, v.dpr, p);
}
