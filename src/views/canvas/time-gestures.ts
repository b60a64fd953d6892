/**
 * The mouse, wheel and keyboard gestures every time-based canvas view shares (DESIGN §8): wheel
 * scrolls, Ctrl/⌘+wheel zooms time around the pointer, Shift+wheel or a horizontal wheel pans time,
 * a drag on the time axis zooms to a range, a drag elsewhere pans (time too when it starts over the
 * axis's range), a click selects, a double click activates, hover, and the keys of keyboard.ts.
 * Handlers only call the target, which updates its state and schedules one frame: no React state
 * per event. What is specific to a view (a tree column's divider, a scrollbar, a minimap) it handles
 * itself through `startDrag`.
 */
import type { RangeSelection } from '../../render/paint-time-axis.ts';
import {
  minWindowNs,
  nsOfX,
  panTime,
  type TimeAxis,
  type TimeWindow,
  zoomTime,
} from '../../render/time-axis.ts';
import type { CanvasPoint } from './canvas-surface.ts';
import { type KeyAction, keyAction, wheelPixels, wheelZoomFactor } from './keyboard.ts';

/** What is under the pointer: the time axis, an item (node) of the view, empty body, or nothing. */
export interface GestureHit extends CanvasPoint {
  /** 'axis', 'item', 'body' (empty space that still pans), 'none', or a view's own area name. */
  readonly area: string;
  /** Node of an item, -1 otherwise. */
  readonly node: number;
}

/** A view-specific drag (divider, scrollbar, minimap) started by `startDrag`. */
export interface ViewDrag {
  move(e: PointerEvent): void;
}

export interface TimeGestureTarget {
  /** False until there is something to interact with. */
  ready(): boolean;
  hit(e: MouseEvent): GestureHit;
  axis(): TimeAxis;
  /** The range the window may cover (the whole trace, or a focused part). */
  windowBounds(): TimeWindow;
  /** Changes the time window (the view clamps it) and schedules a frame. */
  setWindow(w: TimeWindow): void;
  scrollTopCssPx(): number;
  setScrollTop(cssPx: number): void;
  /** What one wheel line and one wheel page are, in CSS px. */
  lineCssPx(): number;
  pageCssPx(): number;
  setRangeSelection(sel: RangeSelection | null): void;
  select(node: number): void;
  /** The pointer moved over `hit` (at `e`); null when it left, scrolled or started dragging. */
  hover(hit: GestureHit | null, e: PointerEvent | null): void;
  /** Double click on an item. */
  activate(node: number): void;
  /** Keys that mean something else per view (moving, expanding, Enter); true when handled. */
  handleKey(a: KeyAction): boolean;
  /** Where keyboard zoom keeps its centre (the selection's middle, else the window's). */
  keyboardAnchorNs(): number;
  resetZoom(): void;
  focusFind(): void;
  /**
   * A pointer went down on something the view handles itself: its drag, 'handled' for a click that
   * is done (a toggle), or null to let the gestures handle it.
   */
  startDrag?(hit: GestureHit, e: PointerEvent): ViewDrag | 'handled' | null;
  /** Where Ctrl+wheel zooms around, when not the pointer's time (e.g. over a minimap). */
  wheelAnchorNs?(e: WheelEvent): number | null;
  cursorOf?(hit: GestureHit): string | null;
}

const CLICK_SLOP_CSS_PX = 4;
/** Longest time from a click to the double click it starts (the usual system setting is 500 ms). */
const DOUBLE_CLICK_MS = 600;
const CURSORS: Record<string, string> = { axis: 'crosshair' };

type Drag =
  | { readonly kind: 'range'; readonly fromCssPx: number; toCssPx: number }
  | {
      readonly kind: 'pan';
      readonly from: CanvasPoint;
      readonly window: TimeWindow;
      readonly scrollTopCssPx: number;
      readonly overTime: boolean;
      readonly node: number;
      moved: boolean;
    }
  | { readonly kind: 'view'; readonly drag: ViewDrag };

function overAxisRange(a: TimeAxis, xCssPx: number): boolean {
  return xCssPx >= a.leftCssPx && xCssPx <= a.leftCssPx + a.widthCssPx;
}

/** Listens on `root` (the view's focusable element); returns the detach function. */
export function attachTimeGestures(root: HTMLElement, t: TimeGestureTarget): () => void {
  let drag: Drag | null = null;
  // The item a click selected: a double click activates it even when the first click's selection
  // moved things under the pointer (a detail panel opening beside the canvas narrows it).
  let clicked = { node: -1, atMs: 0 };

  const onWheel = (e: WheelEvent) => {
    if (!t.ready()) return;
    e.preventDefault();
    const a = t.axis();
    const dy = wheelPixels(e.deltaY, e.deltaMode, t.lineCssPx(), t.pageCssPx());
    const dx = wheelPixels(e.deltaX, e.deltaMode, t.lineCssPx(), a.widthCssPx);
    const windowNs = a.endNs - a.startNs;
    if (e.ctrlKey || e.metaKey) {
      const factor = wheelZoomFactor(dy);
      const bounds = t.windowBounds();
      if (factor < 1 && windowNs <= minWindowNs(bounds.endNs - bounds.startNs)) return;
      const hit = t.hit(e);
      const anchorNs =
        t.wheelAnchorNs?.(e) ??
        (overAxisRange(a, hit.xCssPx) ? nsOfX(a, hit.xCssPx) : (a.startNs + a.endNs) / 2);
      t.setWindow(zoomTime(a, factor, anchorNs));
    } else if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
      const delta = e.shiftKey && dx === 0 ? dy : dx;
      t.setWindow(panTime(a, (delta / a.widthCssPx) * windowNs));
    } else t.setScrollTop(t.scrollTopCssPx() + dy);
    t.hover(null, null);
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0 || !t.ready()) return;
    const hit = t.hit(e);
    const own = t.startDrag?.(hit, e) ?? null;
    if (own === 'handled') return;
    if (own) drag = { kind: 'view', drag: own };
    else if (hit.area === 'axis') drag = { kind: 'range', fromCssPx: hit.xCssPx, toCssPx: hit.xCssPx };
    else if (hit.area === 'item' || hit.area === 'body') {
      const a = t.axis();
      drag = {
        kind: 'pan',
        from: hit,
        window: { startNs: a.startNs, endNs: a.endNs },
        scrollTopCssPx: t.scrollTopCssPx(),
        overTime: overAxisRange(a, hit.xCssPx),
        node: hit.node,
        moved: false,
      };
    } else return;
    root.setPointerCapture(e.pointerId);
  };

  const onPointerMove = (e: PointerEvent) => {
    if (!t.ready()) return;
    if (!drag) {
      const hit = t.hit(e);
      root.style.cursor = t.cursorOf?.(hit) ?? CURSORS[hit.area] ?? 'default';
      t.hover(hit, e);
      return;
    }
    switch (drag.kind) {
      case 'view':
        drag.drag.move(e);
        break;
      case 'range':
        drag.toCssPx = t.hit(e).xCssPx;
        t.setRangeSelection({ fromCssPx: drag.fromCssPx, toCssPx: drag.toCssPx });
        break;
      case 'pan': {
        const p = t.hit(e);
        const dx = p.xCssPx - drag.from.xCssPx;
        const dy = p.yCssPx - drag.from.yCssPx;
        if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP_CSS_PX) break;
        drag.moved = true;
        t.hover(null, null);
        if (drag.overTime) {
          const w = drag.window;
          const deltaNs = (dx / t.axis().widthCssPx) * (w.endNs - w.startNs);
          t.setWindow(panTime(w, -deltaNs));
        }
        t.setScrollTop(drag.scrollTopCssPx - dy);
        break;
      }
    }
  };

  const onPointerUp = (e: PointerEvent) => {
    const d = drag;
    drag = null;
    if (root.hasPointerCapture(e.pointerId)) root.releasePointerCapture(e.pointerId);
    if (!d) return;
    if (d.kind === 'range') {
      t.setRangeSelection(null);
      if (Math.abs(d.toCssPx - d.fromCssPx) > 3) {
        const a = t.axis();
        const startNs = nsOfX(a, Math.min(d.fromCssPx, d.toCssPx));
        const endNs = nsOfX(a, Math.max(d.fromCssPx, d.toCssPx));
        t.setWindow({ startNs, endNs });
      }
    } else if (d.kind === 'pan' && !d.moved && d.node >= 0) {
      clicked = { node: d.node, atMs: performance.now() };
      t.select(d.node);
    }
  };

  const onPointerLeave = () => {
    if (!drag) t.hover(null, null);
  };

  const onDoubleClick = (e: MouseEvent) => {
    if (!t.ready()) return;
    if (clicked.node >= 0 && performance.now() - clicked.atMs < DOUBLE_CLICK_MS) {
      t.activate(clicked.node);
      return;
    }
    const hit = t.hit(e);
    if (hit.area === 'item' && hit.node >= 0) t.activate(hit.node);
  };

  /** A click the accessibility tree synthesised (no pointer position): select its item. */
  const onClick = (e: MouseEvent) => {
    if (e.detail !== 0) return;
    const item = (e.target as HTMLElement).closest?.('[role="treeitem"]') as HTMLElement | null;
    const node = Number(item?.dataset.node ?? -1);
    if (node >= 0) t.select(node);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const a = keyAction(e);
    if (!a || !t.ready()) return;
    e.preventDefault();
    switch (a.kind) {
      case 'focus-find':
        t.focusFind();
        break;
      case 'zoom':
        t.setWindow(zoomTime(t.axis(), a.factor, t.keyboardAnchorNs()));
        break;
      case 'reset-zoom':
        t.resetZoom();
        break;
      case 'clear':
        t.setRangeSelection(null);
        if (!t.handleKey(a)) t.select(-1);
        break;
      default:
        t.handleKey(a);
    }
  };

  const listeners: [string, (e: never) => void, AddEventListenerOptions?][] = [
    ['wheel', onWheel, { passive: false }],
    ['pointerdown', onPointerDown],
    ['pointermove', onPointerMove],
    ['pointerup', onPointerUp],
    ['pointercancel', onPointerUp],
    ['pointerleave', onPointerLeave],
    ['dblclick', onDoubleClick],
    ['click', onClick],
    ['keydown', onKeyDown],
  ];
  for (const [type, fn, options] of listeners) root.addEventListener(type, fn as EventListener, options);
  return () => {
    for (const [type, fn] of listeners) root.removeEventListener(type, fn as EventListener);
  };
}
