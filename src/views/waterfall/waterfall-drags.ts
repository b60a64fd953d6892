/**
 * The waterfall's own pointer areas, beside the shared time gestures: the tree column's divider,
 * the vertical scrollbar, a row's collapse toggle, and the minimap (click or drag moves the view).
 */
import { MINIMAP_AXIS_CSS_PX } from '../../render/paint-minimap.ts';
import { scrollbarThumb } from '../../render/paint-waterfall.ts';
import { bodyHeightCssPx, type Viewport } from '../../render/viewport.ts';
import type { CanvasPoint } from '../canvas/canvas-surface.ts';
import type { GestureHit, ViewDrag } from '../canvas/time-gestures.ts';
import { MINIMAP_HEIGHT_CSS_PX } from './minimap-surface.ts';

export interface WaterfallDragHost {
  readonly minimap: HTMLCanvasElement;
  /** The pointer's position in the main canvas. */
  pointOf(e: PointerEvent): CanvasPoint;
  viewport(): Viewport;
  setViewport(v: Viewport): void;
  rowCount(): number;
  durationNs(): number;
  toggle(node: number): void;
}

function minimapPoint(minimap: HTMLCanvasElement, e: PointerEvent | WheelEvent): { x: number; y: number } {
  const r = minimap.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}

/** Time under the pointer on the minimap (it shows the whole trace). */
export function minimapNs(h: WaterfallDragHost, e: PointerEvent | WheelEvent): number {
  return (minimapPoint(h.minimap, e).x / Math.max(1, h.minimap.clientWidth)) * h.durationNs();
}

/** Centres the view on the minimap position: time from x, rows from y. */
function moveToMinimap(h: WaterfallDragHost, e: PointerEvent): void {
  const v = h.viewport();
  const centreNs = minimapNs(h, e);
  const half = (v.endNs - v.startNs) / 2;
  const y = minimapPoint(h.minimap, e).y;
  const frac = Math.max(0, (y - MINIMAP_AXIS_CSS_PX) / (MINIMAP_HEIGHT_CSS_PX - MINIMAP_AXIS_CSS_PX));
  const rowsShown = bodyHeightCssPx(v) / v.rowHeightCssPx;
  const scrollRow = frac * h.rowCount() - rowsShown / 2;
  h.setViewport({
    ...v,
    startNs: centreNs - half,
    endNs: centreNs + half,
    scrollTopCssPx: scrollRow * v.rowHeightCssPx,
  });
}

export function startWaterfallDrag(
  h: WaterfallDragHost,
  hit: GestureHit,
  e: PointerEvent,
): ViewDrag | 'handled' | null {
  if (e.target === h.minimap) {
    moveToMinimap(h, e);
    return { move: (ev) => moveToMinimap(h, ev) };
  }
  switch (hit.area) {
    case 'toggle':
      h.toggle(hit.node);
      return 'handled';
    case 'divider':
      return {
        move: (ev) => h.setViewport({ ...h.viewport(), treeWidthCssPx: h.pointOf(ev).xCssPx }),
      };
    case 'scrollbar': {
      const v = h.viewport();
      const thumb = scrollbarThumb(v, h.rowCount());
      if (thumb && (hit.yCssPx < thumb.top || hit.yCssPx > thumb.top + thumb.height)) {
        const page = bodyHeightCssPx(v) * (hit.yCssPx < thumb.top ? -1 : 1);
        h.setViewport({ ...v, scrollTopCssPx: v.scrollTopCssPx + page });
      }
      const startY = e.clientY;
      const startScroll = h.viewport().scrollTopCssPx;
      return {
        move: (ev) => {
          const cur = h.viewport();
          const t = scrollbarThumb(cur, h.rowCount());
          if (!t) return;
          const bodyH = bodyHeightCssPx(cur);
          const contentH = h.rowCount() * cur.rowHeightCssPx;
          const ratio = (contentH - bodyH) / Math.max(1, bodyH - t.height);
          h.setViewport({ ...cur, scrollTopCssPx: startScroll + (ev.clientY - startY) * ratio });
        },
      };
    }
    default:
      return null;
  }
}
