/**
 * The waterfall outside React: holds the trace's columns and its view state (viewport, row model,
 * selection, hover, range selection) behind a few methods, draws on a CanvasSurface, and is the
 * target of the shared time gestures plus the waterfall's own drags (divider, scrollbar, toggles,
 * minimap). React only forwards props (update) and the imperative API.
 * The rows follow the trace's own tree or a row map over it (row-content.ts: the diff's merged
 * tree); a WaterfallSync shares rows, scroll, hover and time with other panes over the same tree.
 * It stays one class (~550 lines) on purpose: every member reads or writes the same view state
 * (viewport, rows, selection) and ends in one scheduled frame; painting, keys, drags, the minimap,
 * the mirror, the tooltip, the row content, the sync and the rows carried to a grown trace live in
 * their own files.
 */
import { type CriticalIndex, indexCriticalPath } from '../../core/layout/critical-index.ts';
import {
  collapseExactly,
  collapseFromDepth,
  createRowModel,
  expandAll,
  isCollapsed,
  type RowModel,
  revealNode,
  rowOfNode,
  setCollapsed,
  setFilter,
} from '../../core/layout/row-model.ts';
import type { TraceColumns } from '../../core/layout/trace-columns.ts';
import { FrameScratch, waterfallFrame } from '../../render/frame.ts';
import { hitTest } from '../../render/hit-test.ts';
import type { RangeSelection } from '../../render/paint-time-axis.ts';
import { paintWaterfall } from '../../render/paint-waterfall.ts';
import { type Palette, paletteFor, SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import type { TimeAxis, TimeWindow } from '../../render/time-axis.ts';
import {
  bodyHeightCssPx,
  centredScrollTopCssPx,
  clampViewport,
  DEFAULT_GEOMETRY,
  defaultTreeWidthCssPx,
  firstVisibleRow,
  rowOnScreen,
  timeAxisOf,
  type Viewport,
} from '../../render/viewport.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { AccessibleMirror } from '../canvas/accessible-mirror.ts';
import { CanvasSurface } from '../canvas/canvas-surface.ts';
import type { KeyAction } from '../canvas/keyboard.ts';
import type { GestureHit, ViewDrag } from '../canvas/time-gestures.ts';
import { Tooltip } from '../canvas/tooltip.ts';
import type { CanvasController } from '../canvas/use-canvas-controller.ts';
import { FirstFrameMark, WindowReporter } from '../canvas/view-events.ts';
import { carryRows, sameSpanIn } from './carry-rows.ts';
import { MinimapSurface } from './minimap-surface.ts';
import { RowContent } from './row-content.ts';
import type {
  ControllerCallbacks,
  ControllerElements,
  ControllerOptions,
  RowMap,
  RowMapTree,
} from './types.ts';
import { minimapNs, startWaterfallDrag, type WaterfallDragHost } from './waterfall-drags.ts';
import { waterfallKey } from './waterfall-keys.ts';
import { mirrorRows } from './waterfall-mirror.ts';
import type { SyncMember, WaterfallSync } from './waterfall-sync.ts';

let instances = 0;

export class WaterfallController implements CanvasController, WaterfallDragHost, SyncMember {
  private handle: TraceHandle | null = null;
  private cols: TraceColumns | null = null;
  private content: RowContent | null = null;
  private sync: WaterfallSync | null = null;
  private leaveSync: (() => void) | null = null;
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

  /**
   * The trace, the row map its rows follow (null: its own tree) and the options, in one call: a new
   * trace's selection (a node number of the new trace) is never applied to the old one's rows.
   */
  update(handle: TraceHandle, rowMap: RowMap | null, o: ControllerOptions): void {
    const prev = this.options;
    this.options = o;
    if (o.sync !== this.sync) this.joinSync(o.sync);
    if (handle !== this.handle || rowMap !== (this.content?.map ?? null)) this.setHandle(handle, rowMap);
    else this.applyOptions(o, prev);
    this.surface.schedule();
  }

  private setHandle(handle: TraceHandle, rowMap: RowMap | null): void {
    const sameTrace =
      this.handle?.traceId === handle.traceId && this.cols?.nodeCount === handle.columns.nodeCount;
    const sameRows = sameTrace && rowMap === (this.content?.map ?? null);
    // A preview (the trace still loading) replaced by more of it: the scroll and a zoom are kept,
    // and a view of the whole preview becomes one of the whole trace.
    const fromPreview = this.handle?.loading !== undefined && this.handle.traceId === handle.traceId;
    const grown = !sameTrace && fromPreview;
    // Another version of the same trace (a preview grown, clock skew adjusted or not): its collapsed
    // rows and selection are found again by span id (also when the node count came out the same:
    // the numbering may still differ).
    const carryFrom =
      this.handle?.traceId === handle.traceId && !rowMap && !this.content?.map ? this.cols : null;
    const oldRows = this.rows;
    const wholeShown = this.cols !== null && this.view.startNs <= 0 && this.view.endNs >= this.durationNs();
    this.handle = handle;
    this.cols = handle.columns;
    this.content = new RowContent(this.cols, rowMap);
    this.serviceSlot = serviceSlots(this.cols.strings, this.cols.service, SERVICE_COLOURS.length);
    this.critical = null;
    this.rows =
      this.sharedRows() ??
      (carryFrom ? carryRows(carryFrom, oldRows, this.cols) : createRowModel(this.content.tree));
    // The page finds its selected span in the new trace too: the same span is no new one to scroll to.
    if (carryFrom) this.selected = sameSpanIn(carryFrom, this.selected, this.cols);
    // Another trace's node number: the options' selection is a new one, revealed and scrolled to.
    else if (!sameTrace) this.selected = -1;
    this.hovered = -1;
    this.tooltip.hide();
    if (!sameRows) this.firstFrame.reset();
    if (grown) {
      if (wholeShown) this.view = { ...this.view, startNs: 0, endNs: this.durationNs() };
    } else if (!sameTrace) {
      this.reported.applied(null);
      this.view = { ...this.view, scrollTopCssPx: 0, startNs: 0, endNs: this.durationNs() };
    }
    if (this.options) this.applyOptions(this.options, null);
    this.publish({ rows: this.rows, tree: this.content.tree });
    if (this.sync) this.synced(this.sync);
  }

  private applyOptions(o: ControllerOptions, prev: ControllerOptions | null): void {
    const tree = this.content!.tree;
    if (!prev || prev.theme !== o.theme) this.palette = paletteFor(o.theme);
    if (!prev || prev.errorsOnly !== o.errorsOnly) {
      if (o.errorsOnly) this.rows = setFilter(tree, this.rows, this.content!.errorsOnlyKeep());
      else if (prev?.errorsOnly) this.rows = setFilter(tree, this.rows, null);
    }
    if (o.collapsed && (!prev || prev.collapsed !== o.collapsed))
      this.rows = collapseExactly(tree, this.rows, o.collapsed);
    // Another axis range (own ↔ shared): the whole of it.
    if (prev && prev.timeRangeNs !== o.timeRangeNs) this.setWindow({ startNs: 0, endNs: this.durationNs() });
    this.publish({ rows: this.rows });
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
    // The tree column starts at its default width; then the divider's drag sets it.
    const treeWidthCssPx = this.view.treeWidthCssPx || defaultTreeWidthCssPx(widthCssPx);
    // A selected row on screen stays there when the body shrinks (a panel opening below it).
    const sel = this.selected;
    const keep = sel >= 0 && this.content !== null && this.isNodeOnScreen(sel);
    this.view = { ...this.view, widthCssPx, heightCssPx, treeWidthCssPx };
    if (keep && !this.isNodeOnScreen(sel)) this.centreRow(rowOfNode(this.rows, sel));
    this.tooltip.hide();
    this.surface.resize(widthCssPx, heightCssPx);
  }

  // ---- view state (every change ends in one scheduled frame) ----

  viewport(): Viewport {
    return this.view;
  }

  setViewport(v: Viewport): void {
    const old = this.view;
    this.view = v;
    if (this.sync) {
      if (v.scrollTopCssPx !== old.scrollTopCssPx) this.publish({ scrollTopCssPx: v.scrollTopCssPx });
      if (this.sync.shareTime && (v.startNs !== old.startNs || v.endNs !== old.endNs))
        this.publish({ window: { startNs: v.startNs, endNs: v.endNs } });
    }
    this.surface.schedule();
  }

  rowCount(): number {
    return this.rows.rowCount;
  }

  /** The time range at full zoom-out: the trace's duration, or the range given (a shared axis). */
  durationNs(): number {
    return Math.max(this.options?.timeRangeNs ?? this.cols?.durationNs ?? 1, 1);
  }

  resetZoom(): void {
    if (!this.cols) return;
    this.setViewport({ ...this.view, startNs: 0, endNs: this.durationNs() });
  }

  private setRows(rows: RowModel): void {
    if (rows === this.rows) return;
    this.rows = rows;
    this.publish({ rows });
    this.surface.schedule();
  }

  /** A new row model from the current one over the row tree (collapse, expand, filter). */
  private restructure(change: (tree: RowMapTree, rows: RowModel) => RowModel): void {
    const t = this.content?.tree;
    if (t) this.setRows(change(t, this.rows));
  }

  toggle(node: number): void {
    this.restructure((t, r) => setCollapsed(t, r, node, !isCollapsed(r, node)));
  }

  collapse(node: number): void {
    this.restructure((t, r) => setCollapsed(t, r, node, true));
  }

  expand(node: number): void {
    this.restructure((t, r) => setCollapsed(t, r, node, false));
  }

  collapseAll(): void {
    this.restructure((t, r) => collapseFromDepth(t, r, 0));
  }

  expandAll(): void {
    this.restructure(expandAll);
  }

  expandLevel(depth: number): void {
    this.restructure((t, r) => collapseFromDepth(t, r, Math.max(0, depth - 1)));
  }

  // ---- the panes sharing this waterfall's rows (diff view) ----

  private joinSync(sync: WaterfallSync | null): void {
    this.leaveSync?.();
    this.sync = sync;
    this.leaveSync = sync ? sync.join(this) : null;
    if (sync && this.content) this.synced(sync);
  }

  /** The shared rows, when the sync holds some of this controller's row tree. */
  private sharedRows(): RowModel | null {
    const s = this.sync;
    return s?.rows && s.tree === this.content?.tree ? s.rows : null;
  }

  private publish(patch: Parameters<WaterfallSync['publish']>[1]): void {
    this.sync?.publish(this, patch);
  }

  synced(s: WaterfallSync): void {
    this.rows = this.sharedRows() ?? this.rows;
    const w = s.shareTime && s.window ? s.window : this.view;
    this.view = { ...this.view, scrollTopCssPx: s.scrollTopCssPx, startNs: w.startNs, endNs: w.endNs };
    this.hovered = s.hovered;
    this.surface.schedule();
  }

  private isNodeOnScreen(node: number): boolean {
    return rowOnScreen(this.view, rowOfNode(this.rows, node));
  }

  /** Reveals the node (expanding ancestors) and scrolls it to the middle when off screen. */
  scrollToNode(node: number): void {
    const t = this.content?.tree;
    if (!t || node < 0 || node >= t.nodeCount) return;
    this.restructure((tree, rows) => revealNode(tree, rows, tree.parent, node));
    if (this.isNodeOnScreen(node)) return;
    this.centreRow(rowOfNode(this.rows, node));
  }

  private centreRow(row: number): void {
    if (row < 0) return;
    this.setViewport({ ...this.view, scrollTopCssPx: centredScrollTopCssPx(this.view, row) });
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
    if (e.target === this.el.minimap || !this.content) return { ...p, area: 'none', node: -1 };
    const h = hitTest(this.view, this.rows, this.content.tree, p.xCssPx, p.yCssPx);
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
      this.publish({ hovered: node });
      this.surface.schedule();
    }
    const content = this.content;
    const tip = content && hit && e && hit.area === 'item' && node >= 0;
    const body = tip ? content.tooltip(node, this.palette, this.serviceSlot) : null;
    if (!body || !e) {
      this.tooltip.hide();
      return;
    }
    this.tooltip.showAt(node, () => body, e, this.el.root, this.palette);
  }

  activate(node: number): void {
    this.callbacks().onOpenDetails?.(node);
  }

  focusFind(): void {
    this.callbacks().onFocusFind?.();
  }

  keyboardAnchorNs(): number {
    const sel = this.selected;
    const middle = sel >= 0 ? this.content?.middleNs(sel) : null;
    return middle ?? (this.view.startNs + this.view.endNs) / 2;
  }

  handleKey(a: KeyAction): boolean {
    const v = this.view;
    const effect = waterfallKey(a, {
      tree: this.content!.tree,
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
    const content = this.content!;
    const map = content.map;
    const v = clampViewport({ ...this.view, dpr: this.surface.dpr }, this.rows.rowCount, this.durationNs());
    this.view = v;
    const frame = waterfallFrame({
      cols,
      rowTree: content.tree,
      contentOf: map?.contentOf ?? null,
      rows: this.rows,
      viewport: v,
      palette: this.palette,
      serviceSlot: this.serviceSlot,
      selected: this.selected,
      hovered: this.hovered,
      highlight: this.options?.highlight ?? null,
      dimOthers: this.options?.dimOthers ?? false,
      critical: this.options?.criticalPath ? this.critical : null,
      rangeSelection: this.rangeSelection,
      rowTint: map?.tint ?? null,
      ghost: map?.ghost ?? null,
    });
    paintWaterfall(this.surface.ctx, frame, this.scratch);
    const spanCount = this.handle?.summary.spanCount ?? cols.nodeCount;
    const { renderedMark, onFirstFrame } = this.callbacks();
    // The minimap draws the trace's own rows: not over a row map.
    if (map || this.options?.minimap === false) {
      this.firstFrame.drawn(renderedMark, spanCount, onFirstFrame);
      return;
    }
    this.minimapSurface.drawFor(cols, this.rows, v, this.durationNs(), this.palette, this.serviceSlot);
    this.firstFrame.drawn(renderedMark, spanCount, onFirstFrame);
  }

  /** Draws now if a frame is pending. */
  flush(): void {
    this.surface.flush();
  }

  /** After input stops: refresh the accessible mirror and report the time window. */
  private settle(): void {
    const cols = this.cols;
    const content = this.content;
    if (!cols || !content) return;
    const v = this.view;
    this.mirror.update(
      mirrorRows(content.tree, (k) => content.text(k), this.rows, v, this.selected),
      this.el.root,
    );
    // Read by tests and benchmarks: what the canvas shows, without reading pixels.
    const d = this.el.root.dataset;
    d.viewStartNs = String(v.startNs);
    d.viewEndNs = String(v.endNs);
    d.firstRow = String(firstVisibleRow(v));
    d.rowCount = String(this.rows.rowCount);
    const whole = v.startNs <= 0 && v.endNs >= this.durationNs();
    this.reported.settled(
      whole ? null : { startNs: v.startNs, endNs: v.endNs },
      this.callbacks().onViewChange,
    );
  }

  dispose(): void {
    this.leaveSync?.();
    this.surface.dispose();
    this.minimapSurface.dispose();
    this.mirror.clear();
  }
}
