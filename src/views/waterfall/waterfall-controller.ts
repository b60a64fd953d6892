/**
 * The waterfall outside React: holds the trace's columns, the row model, the viewport and the
 * interaction state; draws through one raf scheduler; keeps the accessible mirror and tooltip in
 * sync. React only forwards props (setOptions) and the imperative API.
 * It stays one class (~400 lines) on purpose: every member reads or writes the same frame state
 * (viewport, rows, selection) and schedules the redraw; painting, input, the minimap, the mirror and
 * the tooltip live in their own files.
 */
import { type CriticalIndex, indexCriticalPath } from '../../core/layout/critical-index.ts';
import {
  collapseFromDepth,
  createRowModel,
  expandAll,
  isCollapsed,
  keepMatchesAndAncestors,
  nodeAtRow,
  type RowModel,
  revealNode,
  rowOfNode,
  setCollapsed,
  setFilter,
} from '../../core/layout/row-model.ts';
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { FrameScratch, type WaterfallFrame } from '../../render/frame.ts';
import { paintWaterfall } from '../../render/paint-waterfall.ts';
import { createRafScheduler } from '../../render/raf-scheduler.ts';
import { type Palette, paletteFor, SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import {
  bodyHeightCssPx,
  clampViewport,
  DEFAULT_GEOMETRY,
  firstVisibleRow,
  rowTopCssPx,
  type Viewport,
} from '../../render/viewport.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { AccessibleMirror, rowsOnScreen } from './accessible-mirror.ts';
import { MinimapSurface } from './minimap-surface.ts';
import { Tooltip } from './tooltip.ts';
import type { TimeWindow, WaterfallTheme } from './types.ts';

export interface ControllerElements {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly minimap: HTMLCanvasElement;
  readonly mirror: HTMLElement;
  readonly tooltip: HTMLElement;
}

export interface ControllerCallbacks {
  onSelect(node: number): void;
  onViewChange?(view: TimeWindow | null): void;
  onOpenDetails?(node: number): void;
  onFocusFind?(): void;
  readonly renderedMark: string | null;
}

export interface ControllerOptions {
  readonly theme: WaterfallTheme;
  readonly selectedNode: number;
  readonly highlight: Uint32Array | null;
  readonly dimOthers: boolean;
  readonly errorsOnly: boolean;
  readonly criticalPath: boolean;
  readonly view: TimeWindow | null;
}

const SETTLE_MS = 90;
let instances = 0;

export class WaterfallController {
  handle: TraceHandle | null = null;
  cols: TraceColumns | null = null;
  rows: RowModel = createRowModel({
    nodeCount: 0,
    subtreeEnd: new Uint32Array(0),
    depth: new Uint32Array(0),
  });
  viewport: Viewport;
  palette: Palette = paletteFor('light');
  serviceSlot: Uint8Array = new Uint8Array(0);
  selected = -1;
  hovered = -1;
  rangeSelection: { fromCssPx: number; toCssPx: number } | null = null;
  readonly minimap: MinimapSurface;
  readonly tooltip: Tooltip;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly scratch = new FrameScratch(SERVICE_COLOURS.length);
  private readonly scheduler = createRafScheduler(() => this.draw());
  private readonly mirror: AccessibleMirror;
  private options: ControllerOptions | null = null;
  private critical: CriticalIndex | null = null;
  private errorKeep: Uint8Array | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private reportedView: TimeWindow | null = null;
  private marked = false;
  private disposed = false;

  constructor(
    readonly el: ControllerElements,
    private readonly callbacks: () => ControllerCallbacks,
  ) {
    this.ctx = el.canvas.getContext('2d', { alpha: false })!;
    this.mirror = new AccessibleMirror(el.mirror, `spanscope-wf${++instances}`);
    this.tooltip = new Tooltip(el.tooltip);
    this.minimap = new MinimapSurface(el.minimap, () => this.scheduler.schedule());
    this.viewport = {
      widthCssPx: 800,
      heightCssPx: 400,
      dpr: 1,
      treeWidthCssPx: 320,
      ...DEFAULT_GEOMETRY,
      scrollTopCssPx: 0,
      startNs: 0,
      endNs: 1,
    };
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
      this.marked = false;
      this.reportedView = null;
      this.viewport = {
        ...this.viewport,
        scrollTopCssPx: 0,
        startNs: 0,
        endNs: Math.max(this.cols.durationNs, 1),
      };
    }
    if (this.options) this.applyOptions(this.options, null);
    this.scheduler.schedule();
  }

  setOptions(o: ControllerOptions): void {
    const prev = this.options;
    this.options = o;
    if (this.cols) this.applyOptions(o, prev);
    this.scheduler.schedule();
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
          this.scheduler.schedule();
        },
        () => {},
      );
    }
    if (o.selectedNode !== this.selected && (!prev || prev.selectedNode !== o.selectedNode)) {
      this.selected = o.selectedNode;
      if (this.selected >= 0 && !this.isNodeOnScreen(this.selected)) this.scrollToNode(this.selected);
    }
    if (o.view && (!prev || prev.view !== o.view)) {
      const v = this.viewport;
      if (Math.abs(o.view.startNs - v.startNs) > 1e-6 || Math.abs(o.view.endNs - v.endNs) > 1e-6) {
        this.viewport = { ...v, startNs: o.view.startNs, endNs: o.view.endNs };
        this.reportedView = o.view;
      }
    } else if (!o.view && prev?.view) this.resetZoom();
  }

  // ---- geometry ----

  resize(widthCssPx: number, heightCssPx: number, minimapWidthCssPx: number): void {
    const dpr = globalThis.devicePixelRatio || 1;
    const c = this.el.canvas;
    const w = Math.max(1, Math.round(widthCssPx * dpr));
    const h = Math.max(1, Math.round(heightCssPx * dpr));
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
    this.minimap.resize(minimapWidthCssPx, dpr);
    const first = this.viewport.widthCssPx === 800 && this.viewport.treeWidthCssPx === 320;
    const treeWidthCssPx = first
      ? Math.round(Math.min(480, Math.max(260, widthCssPx * 0.32)))
      : this.viewport.treeWidthCssPx;
    this.viewport = { ...this.viewport, widthCssPx, heightCssPx, dpr, treeWidthCssPx };
    this.tooltip.hide();
    this.draw();
  }

  // ---- view changes (all end in one scheduled frame) ----

  setViewport(v: Viewport): void {
    this.viewport = v;
    this.scheduler.schedule();
  }

  resetZoom(): void {
    if (!this.cols) return;
    this.viewport = { ...this.viewport, startNs: 0, endNs: Math.max(this.cols.durationNs, 1) };
    this.scheduler.schedule();
  }

  setRows(rows: RowModel): void {
    if (rows === this.rows) return;
    this.rows = rows;
    this.scheduler.schedule();
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

  isNodeOnScreen(node: number): boolean {
    const row = rowOfNode(this.rows, node);
    if (row < 0) return false;
    const top = rowTopCssPx(this.viewport, row);
    const v = this.viewport;
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
    const v = this.viewport;
    this.setViewport({ ...v, scrollTopCssPx: row * v.rowHeightCssPx - bodyHeightCssPx(v) / 2 });
  }

  /** Keeps a row inside the body when the keyboard moves to it. */
  scrollRowIntoView(row: number): void {
    const v = this.viewport;
    const top = row * v.rowHeightCssPx;
    const bodyH = bodyHeightCssPx(v);
    if (top < v.scrollTopCssPx) this.setViewport({ ...v, scrollTopCssPx: top });
    else if (top + v.rowHeightCssPx > v.scrollTopCssPx + bodyH)
      this.setViewport({ ...v, scrollTopCssPx: top + v.rowHeightCssPx - bodyH });
  }

  select(node: number): void {
    this.selected = node;
    this.callbacks().onSelect(node);
    const row = rowOfNode(this.rows, node);
    if (row >= 0) this.scrollRowIntoView(row);
    this.scheduler.schedule();
  }

  setHovered(node: number): void {
    if (node === this.hovered) return;
    this.hovered = node;
    this.scheduler.schedule();
  }

  /** Node at a row offset from the selection (first row on screen when nothing is selected). */
  nodeAtRowOffset(delta: number): number {
    const cur = this.selected >= 0 ? rowOfNode(this.rows, this.selected) : -1;
    const base = cur >= 0 ? cur + delta : firstVisibleRow(this.viewport);
    return nodeAtRow(this.rows, Math.max(0, Math.min(this.rows.rowCount - 1, base)));
  }

  // ---- drawing ----

  draw(): void {
    if (this.disposed) return;
    const cols = this.cols;
    const v0 = this.viewport;
    if (!cols) {
      this.ctx.setTransform(v0.dpr, 0, 0, v0.dpr, 0, 0);
      this.ctx.fillStyle = this.palette.background;
      this.ctx.fillRect(0, 0, v0.widthCssPx, v0.heightCssPx);
      return;
    }
    const v = clampViewport(v0, this.rows.rowCount, cols.durationNs);
    this.viewport = v;
    const frame: WaterfallFrame = {
      cols,
      rows: this.rows,
      viewport: v,
      palette: this.palette,
      serviceSlot: this.serviceSlot,
      selected: this.selected,
      hovered: this.hovered,
      highlight: this.options?.highlight ?? null,
      dimOthers: this.options?.dimOthers ?? false,
      critical: this.options?.criticalPath ? this.critical : null,
      isCollapsed: (k) => isCollapsed(this.rows, k),
      rangeSelection: this.rangeSelection,
    };
    paintWaterfall(this.ctx, frame, this.scratch);
    const rowCount = Math.max(1, this.rows.rowCount);
    const bodyRows = bodyHeightCssPx(v) / v.rowHeightCssPx;
    this.minimap.draw(
      cols,
      this.rows,
      {
        widthCssPx: this.el.minimap.width / v.dpr,
        heightCssPx: this.el.minimap.height / v.dpr,
        dpr: v.dpr,
        durationNs: Math.max(cols.durationNs, 1),
        startNs: v.startNs,
        endNs: v.endNs,
        firstRowFraction: v.scrollTopCssPx / v.rowHeightCssPx / rowCount,
        lastRowFraction: Math.min(1, (v.scrollTopCssPx / v.rowHeightCssPx + bodyRows) / rowCount),
      },
      this.palette,
      this.serviceSlot,
    );
    if (!this.marked) this.markRendered(cols);
    this.scheduleSettle();
  }

  /** Draws now if a frame is pending. */
  flush(): void {
    this.scheduler.flush();
  }

  private markRendered(cols: TraceColumns): void {
    this.marked = true;
    const name = this.callbacks().renderedMark;
    const spanCount = this.handle?.summary.spanCount ?? cols.nodeCount;
    // The frame drawn now is on screen once the next one starts.
    if (name) requestAnimationFrame(() => performance.mark(name, { detail: { spanCount } }));
  }

  private scheduleSettle(): void {
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.settle();
    }, SETTLE_MS);
  }

  /** After input stops: refresh the accessible mirror and report the time window. */
  private settle(): void {
    const cols = this.cols;
    if (!cols || this.disposed) return;
    this.updateMirror(cols);
    const v = this.viewport;
    // Read by tests and benchmarks: what the canvas shows, without reading pixels.
    const d = this.el.root.dataset;
    d.viewStartNs = String(v.startNs);
    d.viewEndNs = String(v.endNs);
    d.firstRow = String(firstVisibleRow(v));
    d.rowCount = String(this.rows.rowCount);
    const whole = v.startNs <= 0 && v.endNs >= cols.durationNs;
    const view = whole ? null : { startNs: v.startNs, endNs: v.endNs };
    const r = this.reportedView;
    const same =
      view === null ? r === null : r !== null && r.startNs === view.startNs && r.endNs === view.endNs;
    if (!same) {
      this.reportedView = view;
      this.callbacks().onViewChange?.(view);
    }
  }

  private updateMirror(cols: TraceColumns): void {
    const items = rowsOnScreen(cols, this.rows, this.viewport, this.selected);
    this.mirror.update(cols, items, this.viewport.rowHeightCssPx);
    const active = items.some((i) => i.selected) ? this.mirror.itemId(this.selected) : null;
    if (active) this.el.root.setAttribute('aria-activedescendant', active);
    else this.el.root.removeAttribute('aria-activedescendant');
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.cancel();
    this.minimap.dispose();
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.mirror.clear();
  }
}
