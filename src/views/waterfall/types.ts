/**
 * The Waterfall component's public API (props and imperative handle), and what the component gives
 * its controller. Views compose it; the trace itself stays in the TraceHandle (typed arrays), never
 * in React state.
 */
import type { Ref } from 'react';
import type { GhostLayer, RowTree } from '../../render/frame.ts';
import type { TimeWindow } from '../../render/time-axis.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import type { TooltipContent } from '../canvas/tooltip.ts';
import type { WaterfallSync } from './waterfall-sync.ts';

export type WaterfallTheme = 'light' | 'dark';

/** A row tree's structure, with parents (moving to a parent, revealing a node). */
export interface RowMapTree extends RowTree {
  readonly parent: Int32Array;
}

/**
 * Rows that follow another tree mapped onto the trace (the diff's merged tree): with it, the
 * selection, `onSelect`, `scrollToNode`, `collapse…` and `collapsed` speak of this tree's node ids;
 * `highlight` stays in the trace's own node ids.
 */
export interface RowMap {
  readonly tree: RowMapTree;
  /** Row-tree node → node of `handle.columns`, or -1: a gap (no span of this trace on that row). */
  readonly contentOf: Int32Array;
  /** RowTint slot (render/theme.ts) per row-tree node, or null. */
  readonly tint?: Uint8Array | null;
  /** Another trace's spans (or expected durations) drawn as outlines on the rows. */
  readonly ghost?: GhostLayer | null;
  /** The accessible mirror's text of a row (default: its span's, "no span" on a gap). */
  readonly rowText?: (node: number) => string;
  /** A row's tooltip (default: its span's; none on a gap). */
  readonly tooltip?: (node: number) => TooltipContent | null;
}

export interface WaterfallProps {
  readonly handle: TraceHandle;
  readonly theme: WaterfallTheme;
  /** Selected node (pre-order index), or -1 for none. */
  readonly selectedNode: number;
  /** A click, a key or the accessible mirror selected a node (-1: cleared with Esc). */
  readonly onSelect: (node: number) => void;
  /**
   * Time window to show; null or absent shows the whole trace. Applied whenever it changes
   * (e.g. from the URL); the component's own zooming is reported through onViewChange.
   */
  readonly view?: TimeWindow | null;
  /** Called when zoom/pan settles (not per wheel event); null when back to the whole trace. */
  readonly onViewChange?: (view: TimeWindow | null) => void;
  /** Nodes matched by find, ascending pre-order; drawn highlighted. */
  readonly highlight?: Uint32Array | null;
  /** Dims every row not in `highlight` (when highlight is set). */
  readonly dimOthers?: boolean;
  /** Shows only error spans and their ancestors. */
  readonly errorsOnly?: boolean;
  /** Draws the critical path (asked from the worker once). */
  readonly criticalPath?: boolean;
  /** Enter on a selected row, or a double click. */
  readonly onOpenDetails?: (node: number) => void;
  /** `/` was pressed. */
  readonly onFocusFind?: () => void;
  /** Performance mark set once the first complete frame of a handle is on screen (null: none). */
  readonly renderedMark?: string | null;
  /** Called once the first complete frame of a handle (and row map) is on screen. */
  readonly onFirstFrame?: () => void;
  /** Rows over another tree (the diff's merged tree); null or absent: the trace's own tree. */
  readonly rowMap?: RowMap | null;
  /** Shared rows, scroll, hover (and time window) with other waterfalls over the same row tree. */
  readonly sync?: WaterfallSync | null;
  /** The time range the axis spans at full zoom-out, in ns from the trace's base (default: its duration). */
  readonly timeRangeNs?: number | null;
  /**
   * Row-tree nodes to collapse, replacing the collapse state whenever this prop changes (an empty
   * array expands everything); null or absent leaves collapsing to the user.
   */
  readonly collapsed?: Uint32Array | null;
  /** Shows the minimap (default true; it draws the trace's own rows). */
  readonly minimap?: boolean;
  /** The tree's accessible name (default: "Waterfall of trace …, N spans"). */
  readonly label?: string;
  readonly className?: string;
  readonly ref?: Ref<WaterfallApi>;
}

export interface WaterfallApi {
  collapseAll(): void;
  expandAll(): void;
  /** Expands the first `depth` levels and collapses everything deeper (1: only top-level rows). */
  expandLevel(depth: number): void;
  collapse(node: number): void;
  expand(node: number): void;
  toggle(node: number): void;
  /** Expands the node's ancestors and scrolls it into view. */
  scrollToNode(node: number): void;
  /** Back to the whole trace. */
  resetZoom(): void;
  /** The visible waterfall (time axis, rows, minimap) as a PNG at device resolution. */
  toPNG(): Promise<Blob>;
  /** Moves keyboard focus to the waterfall. */
  focus(): void;
}

// ---- what the Waterfall gives its controller ----

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
  onFirstFrame?(): void;
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
  readonly sync: WaterfallSync | null;
  readonly timeRangeNs: number | null;
  readonly collapsed: Uint32Array | null;
  readonly minimap: boolean;
}
