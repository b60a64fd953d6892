/**
 * Mouse, wheel and keyboard input of the waterfall (DESIGN §8). Handlers only change the
 * controller's viewport/rows/selection and schedule a frame: no React state per event.
 */
import { isCollapsed, nodeAtRow, rowOfNode } from '../../core/layout/row-model.ts';
import { hitTest } from '../../render/hit-test.ts';
import { scrollbarThumb } from '../../render/paint-waterfall.ts';
import {
  bodyHeightCssPx,
  minWindowNs,
  nsOfX,
  panTime,
  timelineWidthCssPx,
  zoomTime,
} from '../../render/viewport.ts';
import { keyAction, wheelPixels, wheelZoomFactor } from './keyboard.ts';
import { MINIMAP_HEIGHT_CSS_PX } from './minimap-surface.ts';
import type { WaterfallController } from './waterfall-controller.ts';

const CLICK_SLOP_CSS_PX = 4;

type Drag =
  | { kind: 'range'; fromCssPx: number }
  | { kind: 'divider' }
  | { kind: 'scrollbar'; startY: number; startScroll: number }
  | {
      kind: 'body';
      startX: number;
      startY: number;
      startNs: number;
      startScroll: number;
      moved: boolean;
      node: number;
    }
  | { kind: 'minimap' };

export function attachInput(
  c: WaterfallController,
  onOpenDetails: (n: number) => void,
  onFocusFind: () => void,
): () => void {
  const { root, canvas, minimap } = c.el;
  let drag: Drag | null = null;

  const local = (e: { clientX: number; clientY: number }, el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const inMinimap = (e: MouseEvent) => e.target === minimap;
  const cols = () => c.cols;

  const onWheel = (e: WheelEvent) => {
    if (!cols()) return;
    e.preventDefault();
    const v = c.viewport;
    const dy = wheelPixels(e.deltaY, e.deltaMode, v.rowHeightCssPx, bodyHeightCssPx(v));
    const dx = wheelPixels(e.deltaX, e.deltaMode, v.rowHeightCssPx, timelineWidthCssPx(v));
    const windowNs = v.endNs - v.startNs;
    if (e.ctrlKey || e.metaKey) {
      let anchorNs: number;
      if (inMinimap(e)) anchorNs = (local(e, minimap).x / minimap.clientWidth) * cols()!.durationNs;
      else {
        const x = local(e, canvas).x;
        anchorNs = x > v.treeWidthCssPx ? nsOfX(v, x) : (v.startNs + v.endNs) / 2;
      }
      const factor = wheelZoomFactor(dy);
      if (factor < 1 && windowNs <= minWindowNs(cols()!.durationNs)) return;
      c.setViewport(zoomTime(v, factor, anchorNs));
    } else if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
      const delta = e.shiftKey && dx === 0 ? dy : dx;
      c.setViewport(panTime(v, (delta / timelineWidthCssPx(v)) * windowNs));
    } else c.setViewport({ ...v, scrollTopCssPx: v.scrollTopCssPx + dy });
    c.tooltip.hide();
  };

  const minimapMove = (e: PointerEvent) => {
    const cl = cols();
    if (!cl) return;
    const p = local(e, minimap);
    const v = c.viewport;
    const centreNs = (p.x / minimap.clientWidth) * cl.durationNs;
    const half = (v.endNs - v.startNs) / 2;
    const frac = Math.max(0, (p.y - 14) / (MINIMAP_HEIGHT_CSS_PX - 14));
    const rowsShown = bodyHeightCssPx(v) / v.rowHeightCssPx;
    const scrollRow = frac * c.rows.rowCount - rowsShown / 2;
    c.setViewport({
      ...v,
      startNs: centreNs - half,
      endNs: centreNs + half,
      scrollTopCssPx: scrollRow * v.rowHeightCssPx,
    });
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0 || !cols()) return;
    if (inMinimap(e)) {
      drag = { kind: 'minimap' };
      minimapMove(e);
      root.setPointerCapture(e.pointerId);
      return;
    }
    const p = local(e, canvas);
    const v = c.viewport;
    const hit = hitTest(v, c.rows, cols()!, p.x, p.y);
    switch (hit.area) {
      case 'divider':
        drag = { kind: 'divider' };
        break;
      case 'axis':
        drag = { kind: 'range', fromCssPx: p.x };
        break;
      case 'scrollbar': {
        const thumb = scrollbarThumb(v, c.rows.rowCount);
        if (thumb && (p.y < thumb.top || p.y > thumb.top + thumb.height)) {
          const page = bodyHeightCssPx(v) * (p.y < thumb.top ? -1 : 1);
          c.setViewport({ ...v, scrollTopCssPx: v.scrollTopCssPx + page });
        }
        drag = { kind: 'scrollbar', startY: p.y, startScroll: c.viewport.scrollTopCssPx };
        break;
      }
      case 'toggle':
        c.toggle(hit.node);
        return;
      case 'tree':
      case 'timeline':
        drag = {
          kind: 'body',
          startX: p.x,
          startY: p.y,
          startNs: v.startNs,
          startScroll: v.scrollTopCssPx,
          moved: false,
          node: hit.node,
        };
        break;
      default:
        return;
    }
    root.setPointerCapture(e.pointerId);
  };

  const onPointerMove = (e: PointerEvent) => {
    const cl = cols();
    if (!cl) return;
    const p = local(e, canvas);
    const v = c.viewport;
    if (!drag) {
      hover(e, p.x, p.y);
      return;
    }
    switch (drag.kind) {
      case 'minimap':
        minimapMove(e);
        break;
      case 'divider':
        c.setViewport({ ...v, treeWidthCssPx: p.x });
        break;
      case 'range':
        c.rangeSelection = { fromCssPx: drag.fromCssPx, toCssPx: p.x };
        c.setViewport(v);
        break;
      case 'scrollbar': {
        const thumb = scrollbarThumb(v, c.rows.rowCount);
        if (!thumb) break;
        const bodyH = bodyHeightCssPx(v);
        const contentH = c.rows.rowCount * v.rowHeightCssPx;
        const ratio = (contentH - bodyH) / Math.max(1, bodyH - thumb.height);
        c.setViewport({ ...v, scrollTopCssPx: drag.startScroll + (p.y - drag.startY) * ratio });
        break;
      }
      case 'body': {
        const dx = p.x - drag.startX;
        const dy = p.y - drag.startY;
        if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP_CSS_PX) break;
        drag.moved = true;
        c.tooltip.hide();
        const windowNs = v.endNs - v.startNs;
        const startNs =
          // A drag that starts on the timeline pans time too; on the tree column only rows.
          drag.startX > v.treeWidthCssPx ? drag.startNs - (dx / timelineWidthCssPx(v)) * windowNs : v.startNs;
        c.setViewport({ ...v, startNs, endNs: startNs + windowNs, scrollTopCssPx: drag.startScroll - dy });
        break;
      }
    }
  };

  const onPointerUp = (e: PointerEvent) => {
    const d = drag;
    drag = null;
    if (root.hasPointerCapture(e.pointerId)) root.releasePointerCapture(e.pointerId);
    if (!d) return;
    const v = c.viewport;
    if (d.kind === 'range') {
      const sel = c.rangeSelection;
      c.rangeSelection = null;
      if (sel && Math.abs(sel.toCssPx - sel.fromCssPx) > 3) {
        const a = nsOfX(v, Math.min(sel.fromCssPx, sel.toCssPx));
        const b = nsOfX(v, Math.max(sel.fromCssPx, sel.toCssPx));
        c.setViewport({ ...v, startNs: a, endNs: b });
      } else c.setViewport(v);
    } else if (d.kind === 'body' && !d.moved) c.select(d.node);
  };

  const hover = (e: PointerEvent, x: number, y: number) => {
    const cl = cols()!;
    if (inMinimap(e)) {
      root.style.cursor = 'pointer';
      c.setHovered(-1);
      c.tooltip.hide();
      return;
    }
    const hit = hitTest(c.viewport, c.rows, cl, x, y);
    root.style.cursor =
      hit.area === 'divider'
        ? 'col-resize'
        : hit.area === 'axis'
          ? 'crosshair'
          : hit.area === 'toggle'
            ? 'pointer'
            : 'default';
    c.setHovered(hit.node);
    if (hit.node >= 0 && hit.area !== 'toggle') {
      const rootPos = local(e, root);
      const slot = c.serviceSlot[cl.service[hit.node]];
      c.tooltip.show(
        cl,
        c.handle?.selfTimes ?? cl.selfNs,
        hit.node,
        rootPos.x,
        rootPos.y,
        { widthCssPx: root.clientWidth, heightCssPx: root.clientHeight },
        c.palette,
        c.palette.services[slot],
      );
    } else c.tooltip.hide();
  };

  const onPointerLeave = () => {
    if (drag) return;
    c.setHovered(-1);
    c.tooltip.hide();
  };

  const onDoubleClick = (e: MouseEvent) => {
    const p = local(e, canvas);
    const hit = hitTest(c.viewport, c.rows, cols()!, p.x, p.y);
    if ((hit.area === 'tree' || hit.area === 'timeline') && hit.node >= 0) onOpenDetails(hit.node);
  };

  /** A click the accessibility tree synthesised (no pointer position): select its item. */
  const onClick = (e: MouseEvent) => {
    if (e.detail !== 0) return;
    const item = (e.target as HTMLElement).closest?.('[role="treeitem"]') as HTMLElement | null;
    const node = Number(item?.dataset.node ?? -1);
    if (node >= 0) c.select(node);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const cl = cols();
    const a = keyAction(e);
    if (!cl || !a) return;
    e.preventDefault();
    const v = c.viewport;
    const sel = c.selected;
    const rowsPerPage = Math.max(1, Math.floor(bodyHeightCssPx(v) / v.rowHeightCssPx) - 1);
    switch (a.kind) {
      case 'move':
        c.select(c.nodeAtRowOffset(a.rows));
        break;
      case 'page':
        c.select(c.nodeAtRowOffset(a.direction * rowsPerPage));
        break;
      case 'home':
        c.select(nodeAtRow(c.rows, 0));
        break;
      case 'end':
        c.select(nodeAtRow(c.rows, c.rows.rowCount - 1));
        break;
      case 'collapse-or-parent':
        if (sel < 0) break;
        if (cl.childCount[sel] > 0 && !isCollapsed(c.rows, sel)) c.collapse(sel);
        else if (cl.parent[sel] >= 0 && rowOfNode(c.rows, cl.parent[sel]) >= 0) c.select(cl.parent[sel]);
        break;
      case 'expand-or-child':
        if (sel < 0 || cl.childCount[sel] === 0) break;
        if (isCollapsed(c.rows, sel)) c.expand(sel);
        else if (rowOfNode(c.rows, sel + 1) >= 0) c.select(sel + 1);
        break;
      case 'open-details':
        if (sel >= 0) onOpenDetails(sel);
        break;
      case 'focus-find':
        onFocusFind();
        break;
      case 'clear':
        c.rangeSelection = null;
        if (sel >= 0) c.select(-1);
        break;
      case 'zoom': {
        const anchor = sel >= 0 ? (cl.startNs[sel] + cl.endNs[sel]) / 2 : (v.startNs + v.endNs) / 2;
        c.setViewport(zoomTime(v, a.factor, anchor));
        break;
      }
      case 'reset-zoom':
        c.resetZoom();
        break;
    }
  };

  root.addEventListener('wheel', onWheel, { passive: false });
  root.addEventListener('pointerdown', onPointerDown);
  root.addEventListener('pointermove', onPointerMove);
  root.addEventListener('pointerup', onPointerUp);
  root.addEventListener('pointercancel', onPointerUp);
  root.addEventListener('pointerleave', onPointerLeave);
  root.addEventListener('dblclick', onDoubleClick);
  root.addEventListener('click', onClick);
  root.addEventListener('keydown', onKeyDown);
  return () => {
    root.removeEventListener('wheel', onWheel);
    root.removeEventListener('pointerdown', onPointerDown);
    root.removeEventListener('pointermove', onPointerMove);
    root.removeEventListener('pointerup', onPointerUp);
    root.removeEventListener('pointercancel', onPointerUp);
    root.removeEventListener('pointerleave', onPointerLeave);
    root.removeEventListener('dblclick', onDoubleClick);
    root.removeEventListener('click', onClick);
    root.removeEventListener('keydown', onKeyDown);
  };
}
