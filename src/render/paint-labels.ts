/**
 * Second pass of the body: text, only where it fits. Tree rows show "service name" (service in
 * semibold), a "!" on the error marker and the hidden-descendant count of a collapsed row; bars get
 * their duration beside them (right, else left, else inside). A row with no span of its own but a
 * ghost (the other trace's span) shows the ghost's labels, muted. One font per loop keeps font
 * switches to a handful per frame.
 */
import { NodeFlag } from '../core/layout/trace-columns.ts';
import { FONT_MARKER, FONT_NAME, FONT_SERVICE, FONT_SMALL } from './fonts.ts';
import type { FrameScratch, WaterfallFrame } from './frame.ts';
import { isDimmed } from './paint-rows.ts';
import { xOfNs } from './time-axis.ts';
import { formatDuration } from './time-format.ts';
import { treeRowGeometry } from './tree-geometry.ts';
import { firstVisibleRow, rowTopCssPx } from './viewport.ts';

const LABEL_GAP = 5;

export function paintTreeLabels(ctx: CanvasRenderingContext2D, f: WaterfallFrame, s: FrameScratch): void {
  const v = f.viewport;
  const c = f.cols;
  const t = f.rowTree;
  const first = firstVisibleRow(v);
  const maxX = v.treeWidthCssPx - 8;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const gc = f.ghost?.cols;
  ctx.font = FONT_SERVICE;
  for (let i = 0; i < s.visibleCount; i++) {
    const n = s.content[i];
    const gn = n < 0 && gc ? s.ghost[i] : -1;
    const g = treeRowGeometry(t.depth[s.visible[i]], v.treeWidthCssPx);
    const x = n >= 0 && c.flags[n] & NodeFlag.Error ? g.labelXWithError : g.labelX;
    const service = n >= 0 ? c.strings[c.service[n]] : gn >= 0 ? gc!.strings[gc!.service[gn]] : '';
    ctx.fillStyle = n >= 0 ? f.palette.text : f.palette.textMuted;
    const text = service ? s.text.fit(ctx, service, maxX - x) : '';
    if (text) ctx.fillText(text, x, rowTopCssPx(v, first + i) + v.rowHeightCssPx / 2);
    s.labelEnd[i] = text ? x + s.text.width(ctx, text) + LABEL_GAP : x;
  }
  ctx.font = FONT_NAME;
  for (let i = 0; i < s.visibleCount; i++) {
    const n = s.content[i];
    const gn = n < 0 && gc ? s.ghost[i] : -1;
    if (n < 0 && gn < 0) continue;
    const synthetic = n >= 0 && (c.flags[n] & NodeFlag.MissingParent) !== 0;
    ctx.fillStyle = synthetic || n < 0 ? f.palette.textMuted : f.palette.text;
    const name = n >= 0 ? c.strings[c.name[n]] : gc!.strings[gc!.name[gn]];
    const text = s.text.fit(ctx, name, maxX - s.labelEnd[i]);
    if (!text) continue;
    const y = rowTopCssPx(v, first + i) + v.rowHeightCssPx / 2;
    ctx.fillText(text, s.labelEnd[i], y);
    s.labelEnd[i] += s.text.width(ctx, text) + LABEL_GAP;
  }
  ctx.font = FONT_SMALL;
  ctx.fillStyle = f.palette.textMuted;
  for (let i = 0; i < s.visibleCount; i++) {
    const k = s.visible[i];
    if (t.childCount[k] === 0 || !f.isCollapsed(k)) continue;
    const badge = `+${t.subtreeEnd[k] - k - 1}`;
    if (s.labelEnd[i] + s.text.width(ctx, badge) <= maxX)
      ctx.fillText(badge, s.labelEnd[i], rowTopCssPx(v, first + i) + v.rowHeightCssPx / 2);
  }
  ctx.font = FONT_MARKER;
  ctx.textAlign = 'center';
  ctx.fillStyle = f.palette.errorText;
  for (let i = 0; i < s.visibleCount; i++) {
    const n = s.content[i];
    if (n < 0 || !(c.flags[n] & NodeFlag.Error)) continue;
    const g = treeRowGeometry(t.depth[s.visible[i]], v.treeWidthCssPx);
    ctx.fillText('!', g.errorCx, rowTopCssPx(v, first + i) + v.rowHeightCssPx / 2 + 0.5);
  }
  ctx.textAlign = 'left';
}

export function paintDurations(ctx: CanvasRenderingContext2D, f: WaterfallFrame, s: FrameScratch): void {
  const v = f.viewport;
  const c = f.cols;
  const first = firstVisibleRow(v);
  const left = f.axis.leftCssPx;
  const right = left + f.axis.widthCssPx;
  ctx.font = FONT_SMALL;
  ctx.textBaseline = 'middle';
  const gc = f.ghost?.cols;
  for (let i = 0; i < s.visibleCount; i++) {
    const k = s.content[i];
    const gk = k < 0 && gc ? s.ghost[i] : -1;
    // A ghost-only row: the ghost's duration beside its outline.
    const from = gk >= 0 ? gc! : c;
    const node = gk >= 0 ? gk : k;
    if (
      node < 0 ||
      (gk < 0 && c.flags[k] & NodeFlag.MissingParent) ||
      !(from.endNs[node] >= from.startNs[node])
    )
      continue;
    const x0 = xOfNs(f.axis, from.startNs[node]);
    const x1 = Math.max(xOfNs(f.axis, from.endNs[node]), x0 + 1);
    if (x1 < left || x0 > right) continue;
    const label = formatDuration(from.endNs[node] - from.startNs[node]);
    const w = s.text.width(ctx, label);
    const y = rowTopCssPx(v, first + i) + v.rowHeightCssPx / 2;
    ctx.globalAlpha = gk < 0 && isDimmed(f, k) ? 0.45 : 1;
    if (gk >= 0) {
      ctx.fillStyle = f.palette.textMuted;
      if (x1 + LABEL_GAP + w <= right) ctx.fillText(label, x1 + LABEL_GAP, y);
      else if (x0 - LABEL_GAP - w >= left) ctx.fillText(label, x0 - LABEL_GAP - w, y);
    } else if (x1 + LABEL_GAP + w <= right) {
      ctx.fillStyle = f.palette.textMuted;
      ctx.fillText(label, x1 + LABEL_GAP, y);
    } else if (x0 - LABEL_GAP - w >= left) {
      ctx.fillStyle = f.palette.textMuted;
      ctx.fillText(label, x0 - LABEL_GAP - w, y);
    } else if (Math.min(x1, right) - Math.max(x0, left) >= w + 2 * LABEL_GAP) {
      const slot = c.flags[k] & NodeFlag.Error ? f.palette.services.length : f.serviceSlot[c.service[k]];
      ctx.fillStyle = s.colours(f.palette).barText[slot];
      ctx.fillText(label, Math.min(x1, right) - LABEL_GAP - w, y);
    }
  }
  ctx.globalAlpha = 1;
}
