/**
 * The waterfall outside React: holds the trace's columns and its view state (viewport, row model,
 * selection, hover, range selection) behind a few methods, draws on a CanvasSurface, and is the
 * target of the shared time gestures plus the waterfall's own drags (divider, scrollbar, toggles,
 * minimap). React only forwards props (setOptions) and the imperative API.
 * It stays one class (~470 lines) on purpose: every member reads or writes the same view state
 * (viewport, rows, selection) and ends in one scheduled frame; painting, keys, drags, the minimap,
 * the mirror and the tooltip live in their own files.
 */
import { type CriticalIndex, indexCriticalPath } from '../../core/layout/critical-index.ts';
import {
  collapseFromDepth,
  createRowModel,
  expandAll,
  isCollapsed,
  keepMatchesAndAncestors,
  type RowModel,
  revealNode,
  rowOfNode,
  setCollapsed,
  setFilter,
} from '../../core/layout/row-model.ts';
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { FrameScratch, type WaterfallFrame } from '../../render/frame.ts';
import { hitTest } from '../../render/hit-test.ts';
import type { RangeSelection } from '../../render/paint-time-axis.ts';
import { paintWaterfall } from '../../render/paint-waterfall.ts';
import { type Palette, paletteFor, SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import type { TimeAxis, TimeWindow } from '../../render/time-axis.ts';
import {
  bodyHeightCssPx,
  clampViewport,
  DEFAULT_GEOMETRY,
  firstVisibleRow,
  rowTopCssPx,
  timeAxisOf,
  type Viewport,
} from '../../render/viewport.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { AccessibleMirror } from '../canvas/accessible-mirror.ts';
import { CanvasSurface } from '../canvas/canvas-surface.ts';
import type { KeyAction } from '../canvas/keyboard.ts';
import { spanTooltip } from '../canvas/span-text.ts';
import type { GestureHit, ViewDrag } from '../canvas/time-gestures.ts';
import { Tooltip } from '../canvas/tooltip.ts';
import type { CanvasController } from '../canvas/use-canvas-controller.ts';
import { FirstFrameMark, WindowReporter } from '../canvas/view-events.ts';
import { MinimapSurface } from './minimap-surface.ts';

import type { ControllerCallbacks, ControllerElements, ControllerOptions } from './types.ts';
import { minimapNs, startWaterfallDrag, type WaterfallDragHost } from './waterfall-drags.ts';
import { waterfallKey } from './waterfall-keys.ts';
import { mirrorRows } from './waterfall-mirror.ts';

let instances = 0;

export class WaterfallController implements CanvasController, WaterfallDragHost {
  private handle: TraceHandle | null = null;
  private cols: TraceColumns | null = null;
  private rows: RowModel = createRowModel({
    nodeCount: 0,
    subtreeEnd: new Uint32Array(0),
    depth: new Uint32Array(0),
  });
  private view: Viewport = {
    widthCssPx: 800,
    heightCssPx: 400,
    dpr: 1,
    treeWidthCssPx: 0,
    ...DEFAULT_GEOMETRY,
    scrollTopCssPx: 0,
    startNs: 0,
    endNs: 1,
  };
  private selected = -1;
  private hovered = -1;
  private rangeSelection: RangeSelection | null = null;
  private palette: Palette = paletteFor('light');
  private serviceSlot: Uint8Array = new Uint8Array(0);
  private readonly surface: CanvasSurface;
  private readonly minimapSurface: MinimapSurface;
  private readonly tooltip: Tooltip;
  private readonly mirror: AccessibleMirror;
  private readonly scratch = new FrameScratch(SERVICE_COLOURS.length);
  private options: ControllerOptions | null = null;
  private critical: CriticalIndex | null = null;
  private errorKeep: Uint8Array | null = null;
  private readonly firstFrame = new FirstFrameMark();
  private readonly reported = new WindowReporter();

  constructor(
    private readonly el: ControllerElements,
    private readonly callbacks: () => ControllerCallbacks,
  ) {
    this.surface = new CanvasSurface(
      el.canvas,
      () => this.draw(),
      () => this.settle(),
    );
    this.mirror = new AccessibleMirror(el.mirror, `spanscope-wf${++instances}`);
    this.tooltip = new Tooltip(el.tooltip);
    this.minimapSurface = new MinimapSurface(el.minimap, () => this.surface.schedule());
  }

  get minimap(): HTMLCanvasElement {
    return this.el.minimap;
  }

  // ---- inputs from React ----

  setHandle(handle: TraceHandle): void {
    if (handle === this.handle) return;
    const sameTrace =
      this.handle?.traceId === handle.traceId && this.cols?.nodeCount === handle.columns.nodeCount;
    this.handle = handle;
    this.cols = handle.columns;
    this.serviceSlot = serviceSlots(this.cols.strings, this.cols.service, SERVICE_COLOURS.length);
    this.errorKeep = null;
    this.critical = null;
    this.rows = createRowModel(this.cols);
    this.hovered = -1;
    this.tooltip.hide();
    if (!sameTrace) {
      this.firstFrame.reset();
      this.reported.applied(null);
      this.view = { ...this.view, scrollTopCssPx: 0, startNs: 0, endNs: Math.max(this.cols.durationNs, 1) };
    }
    if (this.options) this.applyOptions(this.options, null);
    this.surface.schedule();
  }

  setOptions(o: ControllerOptions): void {
    const prev = this.options;
    this.options = o;
    if (this.cols) this.applyOptions(o, prev);
    this.surface.schedule();
  }

  private applyOptions(o: ControllerOptions, prev: ControllerOptions | null): void {
    const cols = this.cols!;
    if (!prev || prev.theme !== o.theme) this.palette = paletteFor(o.theme);
    if (!prev || prev.errorsOnly !== o.errorsOnly) {
      if (o.errorsOnly) {
        this.errorKeep ??= keepMatchesAndAncestors(
          cols.parent,
          (k) => (cols.flags[k] & NodeFlag.Error) !== 0,
        );
        this.rows = setFilter(cols, this.rows, this.errorKeep);
      } else if (prev?.errorsOnly) this.rows = setFilter(cols, this.rows, null);
    }
    if (o.criticalPath && !this.critical && this.handle) {
      const handle = this.handle;
      handle.criticalPath().then(
        (cp) => {
          if (this.handle !== handle) return;
          this.critical = indexCriticalPath(cp.node, cp.startNs, cp.endNs);
          this.surface.schedule();
        },
        () => {},
      );
    }
    if (o.selectedNode !== this.selected && (!prev || prev.selectedNode !== o.selectedNode)) {
      this.selected = o.selectedNode;
      if (this.selected >= 0 && !this.isNodeOnScreen(this.selected)) this.scrollToNode(this.selected);
    }
    if (o.view && (!prev || prev.view !== o.view)) {
      if (
        Math.abs(o.view.startNs - this.view.startNs) > 1e-6 ||
        Math.abs(o.view.endNs - this.view.endNs) > 1e-6
      ) {
        this.view = { ...this.view, startNs: o.view.startNs, endNs: o.view.endNs };
        this.reported.applied(o.view);
      }
    } else if (!o.view && prev?.view) this.resetZoom();
  }

  // ---- geometry ----

  /** The body's size; the minimap above it is as wide. */
  resize(widthCssPx: number, heightCssPx: number): void {
    this.minimapSurface.resize(widthCssPx, globalThis.devicePixelRatio || 1);
    // The tree column starts at a third of the width (260–480 px); then the divider's drag sets it.
    const treeWidthCssPx =
      this.view.treeWidthCssPx || Math.round(Math.min(480, Math.max(260, widthCssPx * 0.32)));
    this.view = { ...this.view, widthCssPx, heightCssPx, treeWidthCssPx };
    this.tooltip.hide();
    this.surface.resize(widthCssPx, heightCssPx);
  }

  // ---- view state (every change ends in one scheduled frame) ----

  viewport(): Viewport {
    return this.view;
  }

  setViewport(v: Viewport): void {
    this.view = v;
    this.surface.schedule();
  }

  rowCount(): number {
    return this.rows.rowCount;
  }

  durationNs(): number {
    return Math.max(this.cols?.durationNs ?? 1, 1);
  }

  resetZoom(): void {
    if (!this.cols) return;
    this.setViewport({ ...this.view, startNs: 0, endNs: this.durationNs() });
  }

  private setRows(rows: RowModel): void {
    if (rows === this.rows) return;
    this.rows = rows;
    this.surface.schedule();
  }

  toggle(node: number): void {
    if (this.cols) this.setRows(setCollapsed(this.cols, this.rows, node, !isCollapsed(this.rows, node)));
  }

  collapse(node: number): void {
    if (this.cols) this.setRows(setCollapsed(this.cols, this.rows, node, true));
  }

  expand(node: number): void {
    if (this.cols) this.setRows(setCollapsed(this.cols, this.rows, node, false));
  }

  collapseAll(): void {
    if (this.cols) this.setRows(collapseFromDepth(this.cols, this.rows, 0));
  }

  expandAll(): void {
    if (this.cols) this.setRows(expandAll(this.cols, this.rows));
  }

  expandLevel(depth: number): void {
    if (this.cols) this.setRows(collapseFromDepth(this.cols, this.rows, Math.max(0, depth - 1)));
  }

  private isNodeOnScreen(node: number): boolean {
    const row = rowOfNode(this.rows, node);
    if (row < 0) return false;
    const v = this.view;
    const top = rowTopCssPx(v, row);
    return top >= v.axisHeightCssPx && top + v.rowHeightCssPx <= v.heightCssPx;
  }

  /** Reveals the node (expanding ancestors) and scrolls it to the middle when off screen. */
  scrollToNode(node: number): void {
    const cols = this.cols;
    if (!cols || node < 0 || node >= cols.nodeCount) return;
    this.setRows(revealNode(cols, this.rows, cols.parent, node));
    if (this.isNodeOnScreen(node)) return;
    const row = rowOfNode(this.rows, node);
    if (row < 0) return;
    const v = this.view;
    this.setViewport({ ...v, scrollTopCssPx: row * v.rowHeightCssPx - bodyHeightCssPx(v) / 2 });
  }

  /** Keeps a row inside the body when the keyboard moves to it. */
  private scrollRowIntoView(row: number): void {
    const v = this.view;
    const top = row * v.rowHeightCssPx;
    const bodyH = bodyHeightCssPx(v);
    if (top < v.scrollTopCssPx) this.setViewport({ ...v, scrollTopCssPx: top });
    else if (top + v.rowHeightCssPx > v.scrollTopCssPx + bodyH)
      this.setViewport({ ...v, scrollTopCssPx: top + v.rowHeightCssPx - bodyH });
  }

  // ---- the time gestures' target ----

  ready(): boolean {
    return this.cols !== null;
  }

  pointOf(e: MouseEvent) {
    return this.surface.pointOf(e);
  }

  hit(e: MouseEvent): GestureHit {
    const p = this.surface.pointOf(e);
    if (e.target === this.el.minimap || !this.cols) return { ...p, area: 'none', node: -1 };
    const h = hitTest(this.view, this.rows, this.cols, p.xCssPx, p.yCssPx);
    const area = h.area === 'tree' || h.area === 'timeline' ? 'item' : h.area;
    return { ...p, area, node: h.node };
  }

  axis(): TimeAxis {
    return timeAxisOf(this.view);
  }

  windowBounds(): TimeWindow {
    return { startNs: 0, endNs: this.durationNs() };
  }

  setWindow(w: TimeWindow): void {
    this.setViewport({ ...this.view, startNs: w.startNs, endNs: w.endNs });
  }

  scrollTopCssPx(): number {
    return this.view.scrollTopCssPx;
  }

  setScrollTop(cssPx: number): void {
    this.setViewport({ ...this.view, scrollTopCssPx: cssPx });
  }

  lineCssPx(): number {
    return this.view.rowHeightCssPx;
  }

  pageCssPx(): number {
    return bodyHeightCssPx(this.view);
  }

  setRangeSelection(sel: RangeSelection | null): void {
    this.rangeSelection = sel;
    this.surface.schedule();
  }

  select(node: number): void {
    if (node < 0 && this.selected < 0) return;
    this.selected = node;
    this.callbacks().onSelect(node);
    const row = rowOfNode(this.rows, node);
    if (row >= 0) this.scrollRowIntoView(row);
    this.surface.schedule();
  }

  hover(hit: GestureHit | null, e: PointerEvent | null): void {
    const node = hit && hit.area !== 'none' ? hit.node : -1;
    if (node !== this.hovered) {
      this.hovered = node;
      this.surface.schedule();
    }
    const cols = this.cols;
    if (!cols || !hit || !e || hit.area !== 'item' || node < 0) {
      this.tooltip.hide();
      return;
    }
    const colour = this.palette.services[this.serviceSlot[cols.service[node]]];
    this.tooltip.showAt(node, () => spanTooltip(cols, node, colour), e, this.el.root, this.palette);
  }

  activate(node: number): void {
    this.callbacks().onOpenDetails?.(node);
  }

  focusFind(): void {
    this.callbacks().onFocusFind?.();
  }

  keyboardAnchorNs(): number {
    const c = this.cols;
    const sel = this.selected;
    return c && sel >= 0 ? (c.startNs[sel] + c.endNs[sel]) / 2 : (this.view.startNs + this.view.endNs) / 2;
  }

  handleKey(a: KeyAction): boolean {
    const v = this.view;
    const effect = waterfallKey(a, {
      tree: this.cols!,
      rows: this.rows,
      selected: this.selected,
      firstRow: firstVisibleRow(v),
      pageRows: Math.max(1, Math.floor(bodyHeightCssPx(v) / v.rowHeightCssPx) - 1),
    });
    if (!effect) return false;
    if (effect.kind === 'select') this.select(effect.node);
    else if (effect.kind === 'collapse') this.collapse(effect.node);
    else if (effect.kind === 'expand') this.expand(effect.node);
    else if (effect.kind === 'open') this.activate(effect.node);
    return true;
  }

  startDrag(hit: GestureHit, e: PointerEvent): ViewDrag | 'handled' | null {
    return startWaterfallDrag(this, hit, e);
  }

  wheelAnchorNs(e: WheelEvent): number | null {
    return e.target === this.el.minimap ? minimapNs(this, e) : null;
  }

  cursorOf(hit: GestureHit): string | null {
    if (hit.area === 'divider') return 'col-resize';
    if (hit.area === 'toggle') return 'pointer';
    return null;
  }

  // ---- drawing ----

  private draw(): void {
    const cols = this.cols;
    if (!cols) {
      this.surface.clear(this.palette.background);
      return;
    }
    const v = clampViewport({ ...this.view, dpr: this.surface.dpr }, this.rows.rowCount, cols.durationNs);
    this.view = v;
    const frame: WaterfallFrame = {
      cols,
      rowTree: cols,
      contentOf: null,
      rows: this.rows,
      viewport: v,
      axis: timeAxisOf(v),
      palette: this.palette,
      serviceSlot: this.serviceSlot,
      selected: this.selected,
      hovered: this.hovered,
      highlight: this.options?.highlight ?? null,
      dimOthers: this.options?.dimOthers ?? false,
      critical: this.options?.criticalPath ? this.critical : null,
      isCollapsed: (k) => isCollapsed(this.rows, k),
      rangeSelection: this.rangeSelection,
      rowTint: null,
      ghost: null,
    };
    paintWaterfall(this.surface.ctx, frame, this.scratch);
    const rowCount = Math.max(1, this.rows.rowCount);
    const bodyRows = bodyHeightCssPx(v) / v.rowHeightCssPx;
    this.minimapSurface.draw(
      cols,
      this.rows,
      {
        widthCssPx: this.el.minimap.width / v.dpr,
        heightCssPx: this.el.minimap.height / v.dpr,
        dpr: v.dpr,
        durationNs: this.durationNs(),
        startNs: v.startNs,
        endNs: v.endNs,
        firstRowFraction: v.scrollTopCssPx / v.rowHeightCssPx / rowCount,
        lastRowFraction: Math.min(1, (v.scrollTopCssPx / v.rowHeightCssPx + bodyRows) / rowCount),
      },
      this.palette,
      this.serviceSlot,
    );
    this.firstFrame.drawn(this.callbacks().renderedMark, this.handle?.summary.spanCount ?? cols.nodeCount);
  }

  /** Draws now if a frame is pending. */
  flush(): void {
    this.surface.flush();
  }

  /** After input stops: refresh the accessible mirror and report the time window. */
  private settle(): void {
    const cols = this.cols;
    if (!cols) return;
    const v = this.view;
    this.mirror.update(mirrorRows(cols, this.rows, v, this.selected), this.el.root);
    // Read by tests and benchmarks: what the canvas shows, without reading pixels.
    const d = this.el.root.dataset;
    d.viewStartNs = String(v.startNs);
    d.viewEndNs = String(v.endNs);
    d.firstRow = String(firstVisibleRow(v));
    d.rowCount = String(this.rows.rowCount);
    const whole = v.startNs <= 0 && v.endNs >= cols.durationNs;
    this.reported.settled(
      whole ? null : { startNs: v.startNs, endNs: v.endNs },
      this.callbacks().onViewChange,
    );
  }

  dispose(): void {
    this.surface.dispose();
    this.minimapSurface.dispose();
    this.mirror.clear();
  }
}
