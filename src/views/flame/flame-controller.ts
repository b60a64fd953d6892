/**
 * The flame graph outside React: asks the worker for the lanes of the chosen mode, builds the model
 * (flame-model.ts), keeps the view state (time window, vertical scroll, hover, range selection)
 * behind a few methods, draws on a CanvasSurface with render/paint-flame.ts, and is the target of
 * the shared time gestures: the same wheel, drag and keys as the waterfall. The keyboard moves to
 * the parent (↑), the first child (↓) and the previous/next sibling (←/→); Enter or a double click
 * focuses a subtree. One class (~400 lines), as the waterfall's: every member reads or writes the
 * same view state and ends in one scheduled frame; keys, mirror and models live in their own files.
 */

import { slotAt } from '../../core/layout/lane-layout.ts';
import { flameColours, flameSlots } from '../../render/flame-colours.ts';
import {
  FLAME_GEOMETRY,
  type FlameFrame,
  type FlameMarks,
  FlameScratch,
  type FlameViewport,
  flameAxisOf,
  flameBodyHeightCssPx,
  laneAtCssPx,
  laneTopCssPx,
  maxFlameScrollCssPx,
} from '../../render/flame-frame.ts';
import { paintFlame } from '../../render/paint-flame.ts';
import type { RangeSelection } from '../../render/paint-time-axis.ts';
import { type Palette, paletteFor, SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import { clampWindow, nsPerCssPx, type TimeAxis, type TimeWindow } from '../../render/time-axis.ts';
import type { CriticalPath } from '../../worker/protocol.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { AccessibleMirror } from '../canvas/accessible-mirror.ts';
import { CanvasSurface } from '../canvas/canvas-surface.ts';
import type { KeyAction } from '../canvas/keyboard.ts';
import type { GestureHit } from '../canvas/time-gestures.ts';
import { Tooltip } from '../canvas/tooltip.ts';
import type { CanvasController } from '../canvas/use-canvas-controller.ts';
import { FirstFrameMark, WindowReporter } from '../canvas/view-events.ts';
import { flameKey } from './flame-keys.ts';
import { FlameModelLoader, type ModelKey, modelMoved } from './flame-loader.ts';
import { flameMirrorItems } from './flame-mirror.ts';
import type { FlameModel } from './flame-model.ts';
import type { FlameCallbacks, FlameElements, FlameOptions } from './types.ts';

let instances = 0;

export class FlameController implements CanvasController {
  private handle: TraceHandle | null = null;
  private options: FlameOptions | null = null;
  private model: FlameModel | null = null;
  private readonly loader = new FlameModelLoader((model, key, previous) =>
    this.setModel(model, key, previous),
  );
  private window: TimeWindow = { startNs: 0, endNs: 1 };
  private scrollTop = 0;
  private hovered = -1;
  private rangeSelection: RangeSelection | null = null;
  private palette: Palette = paletteFor('light');
  private serviceSlot: Uint8Array = new Uint8Array(0);
  private overlay: { nodes: Uint32Array; model: FlameModel; layout: FlameFrame['overlay'] } | null = null;
  private marks: { model: FlameModel; marks: FlameMarks } | null = null;
  private critical: Promise<void> | null = null;
  private criticalPath: CriticalPath | null = null;
  private readonly firstFrame = new FirstFrameMark();
  private readonly reported = new WindowReporter();
  /** The mirror is refreshed right after the next frame (a new model moves every bar at once). */
  private mirrorStale = false;
  private readonly surface: CanvasSurface;
  private readonly scratch = new FlameScratch(flameSlots(SERVICE_COLOURS.length).count);
  private readonly mirror: AccessibleMirror;
  private readonly tooltip: Tooltip;

  constructor(
    private readonly el: FlameElements,
    private readonly callbacks: () => FlameCallbacks,
  ) {
    this.surface = new CanvasSurface(
      el.canvas,
      () => this.draw(),
      () => this.settle(),
    );
    this.mirror = new AccessibleMirror(el.mirror, `spanscope-fl${++instances}`);
    this.tooltip = new Tooltip(el.tooltip);
  }

  // ---- inputs from React ----

  setHandle(handle: TraceHandle): void {
    if (handle === this.handle) return;
    if (this.handle?.traceId !== handle.traceId) this.firstFrame.reset();
    this.handle = handle;
    const cols = handle.columns;
    this.serviceSlot = serviceSlots(cols.strings, cols.service, SERVICE_COLOURS.length);
    this.critical = null;
    this.criticalPath = null;
    this.update();
  }

  setOptions(o: FlameOptions): void {
    const prev = this.options;
    this.options = o;
    if (!prev || prev.theme !== o.theme) this.palette = paletteFor(o.theme);
    if (o.mode === 'time' && this.model?.mode === 'time' && prev?.view !== o.view)
      this.window = o.view ?? this.model.bounds;
    // A span selected elsewhere (find, the highlight chip, the detail panel) is brought on screen.
    const item = this.selectedItem();
    if (prev && prev.selectedNode !== o.selectedNode && item >= 0) this.revealItem(item);
    this.update();
  }

  /** Builds or asks for what the options need, then schedules a frame. */
  private update(): void {
    const o = this.options;
    const handle = this.handle;
    if (!o || !handle) return;
    const key: ModelKey = {
      handle,
      mode: o.mode,
      weight: o.weight,
      colour: o.colour,
      errorsOnly: o.errorsOnly,
      focusNode: o.focusNode,
    };
    this.loader.request(key, this.serviceSlot, SERVICE_COLOURS);
    if (o.criticalPath && !this.critical) {
      this.critical = handle.criticalPath().then(
        (cp) => {
          if (this.handle !== handle) return;
          this.criticalPath = cp;
          this.surface.schedule();
        },
        () => {},
      );
    }
    this.surface.schedule();
  }

  private setModel(model: FlameModel, key: ModelKey, previous: ModelKey | null): void {
    this.model = model;
    this.overlay = null;
    this.marks = null;
    this.hovered = -1;
    this.tooltip.hide();
    this.mirrorStale = true;
    if (modelMoved(previous, key)) {
      const view = this.options?.view;
      this.window = model.mode === 'time' && view ? view : model.bounds;
      this.scrollTop = 0;
      this.reported.applied(model.mode === 'time' ? (view ?? null) : null);
    }
    this.surface.schedule();
  }

  // ---- geometry ----

  resize(widthCssPx: number, heightCssPx: number): void {
    this.tooltip.hide();
    this.surface.resize(widthCssPx, heightCssPx);
  }

  private viewport(): FlameViewport {
    const m = this.model;
    return {
      widthCssPx: this.surface.widthCssPx,
      heightCssPx: this.surface.heightCssPx,
      dpr: this.surface.dpr,
      axisHeightCssPx: FLAME_GEOMETRY.axisHeightCssPx,
      laneHeightCssPx: FLAME_GEOMETRY.laneHeightCssPx,
      scrollTopCssPx: this.scrollTop,
      firstLane: m?.firstLane ?? 0,
      endLane: m?.endLane ?? 0,
    };
  }

  resetZoom(): void {
    if (!this.model) return;
    this.window = this.model.bounds;
    this.surface.schedule();
  }

  /** Draws now if a frame is pending. */
  flush(): void {
    this.surface.flush();
  }

  // ---- the time gestures' target ----

  ready(): boolean {
    return this.model !== null;
  }

  hit(e: MouseEvent): GestureHit {
    const p = this.surface.pointOf(e);
    const m = this.model;
    if (!m) return { ...p, area: 'none', node: -1 };
    const v = this.viewport();
    if (p.yCssPx < v.axisHeightCssPx) return { ...p, area: p.yCssPx >= 0 ? 'axis' : 'none', node: -1 };
    const lane = laneAtCssPx(v, p.yCssPx);
    if (lane < 0) return { ...p, area: 'body', node: -1 };
    const a = this.axis();
    const slot = slotAt(
      m.layout,
      lane,
      a.startNs + (p.xCssPx - a.leftCssPx) * nsPerCssPx(a),
      nsPerCssPx(a) / 2,
    );
    const item = slot >= 0 ? m.layout.item[slot] : -1;
    return item >= 0 && m.contains(item)
      ? { ...p, area: 'item', node: item }
      : { ...p, area: 'body', node: -1 };
  }

  axis(): TimeAxis {
    return flameAxisOf(this.viewport(), this.window);
  }

  windowBounds(): TimeWindow {
    return this.model?.bounds ?? { startNs: 0, endNs: 1 };
  }

  setWindow(w: TimeWindow): void {
    this.window = w;
    this.surface.schedule();
  }

  scrollTopCssPx(): number {
    return this.scrollTop;
  }

  setScrollTop(cssPx: number): void {
    this.scrollTop = cssPx;
    this.surface.schedule();
  }

  lineCssPx(): number {
    return FLAME_GEOMETRY.laneHeightCssPx;
  }

  pageCssPx(): number {
    return flameBodyHeightCssPx(this.viewport());
  }

  setRangeSelection(sel: RangeSelection | null): void {
    this.rangeSelection = sel;
    this.surface.schedule();
  }

  /** Selects the span an item stands for (an item is a node, or a frame in the aggregated graph). */
  select(item: number): void {
    const m = this.model;
    if (!m) return;
    if (item < 0) {
      if ((this.options?.selectedNode ?? -1) >= 0) this.callbacks().onSelect(-1);
      return;
    }
    this.callbacks().onSelect(m.nodeOfItem(item));
    this.revealItem(item);
  }

  hover(hit: GestureHit | null, e: PointerEvent | null): void {
    const item = hit?.area === 'item' ? hit.node : -1;
    if (item !== this.hovered) {
      this.hovered = item;
      this.surface.schedule();
    }
    const m = this.model;
    if (!m || !e || item < 0) {
      this.tooltip.hide();
      return;
    }
    this.tooltip.showAt(item, () => m.tooltip(item), e, this.el.root, this.palette);
  }

  /** Double click or Enter: focus the item's subtree (time) or call path (aggregated). */
  activate(item: number): void {
    const m = this.model;
    if (m && item >= 0) this.callbacks().onFocus(m.nodeOfItem(item));
  }

  focusFind(): void {
    this.callbacks().onFocusFind?.();
  }

  private selectedItem(): number {
    const m = this.model;
    const node = this.options?.selectedNode ?? -1;
    return m && node >= 0 ? m.itemOfNode(node) : -1;
  }

  keyboardAnchorNs(): number {
    const m = this.model;
    const item = this.selectedItem();
    if (m && item >= 0) {
      const s = m.layout.slotOf[item];
      return (m.layout.x0[s] + m.layout.x1[s]) / 2;
    }
    return (this.window.startNs + this.window.endNs) / 2;
  }

  handleKey(a: KeyAction): boolean {
    const effect = flameKey(a, this.model!, this.selectedItem());
    if (!effect) return false;
    if (effect.kind === 'select') this.select(effect.item);
    else if (effect.kind === 'focus') this.activate(effect.item);
    return true;
  }

  /** Scrolls the item's lane into view and pans to it when it is off screen. */
  private revealItem(item: number): void {
    const m = this.model!;
    const lane = m.layout.laneOf[item];
    const v = this.viewport();
    const top = laneTopCssPx(v, lane);
    if (top < v.axisHeightCssPx) this.scrollTop += top - v.axisHeightCssPx;
    else if (top + v.laneHeightCssPx > v.heightCssPx)
      this.scrollTop += top + v.laneHeightCssPx - v.heightCssPx;
    const s = m.layout.slotOf[item];
    const w = this.window;
    if (m.layout.x1[s] < w.startNs || m.layout.x0[s] > w.endNs) {
      const half = (w.endNs - w.startNs) / 2;
      const mid = (m.layout.x0[s] + m.layout.x1[s]) / 2;
      this.window = { startNs: mid - half, endNs: mid + half };
    }
    this.surface.schedule();
  }

  // ---- drawing ----

  private overlayLayout(m: FlameModel): FlameFrame['overlay'] {
    const o = this.options;
    const nodes = o?.dimOthers ? o.highlight : null;
    if (!nodes) return null;
    if (this.overlay?.nodes !== nodes || this.overlay.model !== m)
      this.overlay = { nodes, model: m, layout: m.overlayOf(nodes) };
    return this.overlay.layout;
  }

  private marksFor(m: FlameModel): FlameMarks | null {
    if (!this.options?.criticalPath || !this.criticalPath) return null;
    if (this.marks?.model !== m) this.marks = { model: m, marks: m.marksOf(this.criticalPath) };
    return this.marks.marks;
  }

  private draw(): void {
    const m = this.model;
    if (!m) {
      this.surface.clear(this.palette.background);
      return;
    }
    const b = m.bounds;
    this.window = clampWindow(this.window, b.startNs, b.endNs);
    let v = this.viewport();
    const scroll = Math.min(Math.max(0, this.scrollTop), maxFlameScrollCssPx(v));
    if (scroll !== this.scrollTop) {
      this.scrollTop = scroll;
      v = this.viewport();
    }
    const frame: FlameFrame = {
      layout: m.layout,
      overlay: this.overlayLayout(m),
      slotOf: m.slotOf,
      colours: flameColours(this.palette),
      labelOf: m.label,
      viewport: v,
      axis: flameAxisOf(v, this.window),
      shareOf: m.mode === 'agg' ? m.bounds : null,
      palette: this.palette,
      selected: this.selectedItem(),
      hovered: this.hovered,
      marks: this.marksFor(m),
      rangeSelection: this.rangeSelection,
    };
    paintFlame(this.surface.ctx, frame, this.scratch);
    const handle = this.handle!;
    this.firstFrame.drawn(this.callbacks().renderedMark, handle.summary.spanCount);
    if (this.mirrorStale) this.updateMirror(m);
  }

  /** After input stops: the accessible mirror (the labelled bars) and the zoom window. */
  private settle(): void {
    const m = this.model;
    if (!m) return;
    this.updateMirror(m);
    const d = this.el.root.dataset;
    d.viewStartNs = String(this.window.startNs);
    d.viewEndNs = String(this.window.endNs);
    d.mode = m.mode;
    d.laneCount = String(m.endLane - m.firstLane);
    if (m.mode !== 'time') return;
    const b = m.bounds;
    const w = this.window;
    const whole = w.startNs <= b.startNs && w.endNs >= b.endNs;
    this.reported.settled(
      whole ? null : { startNs: w.startNs, endNs: w.endNs },
      this.callbacks().onViewChange,
    );
  }

  private updateMirror(m: FlameModel): void {
    this.mirrorStale = false;
    this.mirror.update(flameMirrorItems(m, this.scratch, this.viewport(), this.selectedItem()), this.el.root);
  }

  dispose(): void {
    this.surface.dispose();
    this.mirror.clear();
  }
}
