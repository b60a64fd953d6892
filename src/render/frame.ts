/**
 * What one waterfall frame is painted from (WaterfallFrame, built by `waterfallFrame`) and the
 * reusable buffers painters write into (FrameScratch), so that painting never walks the tree and a
 * steady frame allocates nothing.
 */
import type { CriticalIndex } from '../core/layout/critical-index.ts';
import { isCollapsed, type RowModel } from '../core/layout/row-model.ts';
import { ROW_TINT_COUNT } from '../core/layout/row-tint.ts';
import type { TraceColumns } from '../core/layout/trace-columns.ts';
import type { RangeSelection } from './paint-time-axis.ts';
import { RectBatch } from './rect-batch.ts';
import { TextFitter } from './text-fit.ts';
import { type Palette, textColourOn } from './theme.ts';
import type { TimeAxis } from './time-axis.ts';
import { TickCache } from './time-ticks.ts';
import { timeAxisOf, type Viewport } from './viewport.ts';

/** The tree rows follow: the trace itself, or another tree mapped onto it (the diff's merged tree). */
export interface RowTree {
  readonly nodeCount: number;
  readonly depth: Uint32Array;
  readonly subtreeEnd: Uint32Array;
  readonly childCount: Uint32Array;
}

/**
 * Another trace's spans over the rows, drawn as outlined "ghost" bars (the merged diff's A under
 * B's bars, the typical duration), and labelled, muted, on rows with no span of their own.
 */
export interface GhostLayer {
  readonly cols: Pick<TraceColumns, 'startNs' | 'endNs' | 'service' | 'name' | 'strings'>;
  /** Row-tree node → its node in the ghost's `cols`, -1 none; null: the same node. */
  readonly contentOf: Int32Array | null;
}

export interface WaterfallFrame {
  /** What the bars and labels show. */
  readonly cols: TraceColumns;
  /** The structure of the rows (indentation, toggles, collapse): `cols` itself unless mapped. */
  readonly rowTree: RowTree;
  /** Row-tree node → its node in `cols` (-1: no span on this side, a gap); null: the same node. */
  readonly contentOf: Int32Array | null;
  readonly rows: RowModel;
  readonly viewport: Viewport;
  /** The timeline's axis, derived from the viewport (timeAxisOf). */
  readonly axis: TimeAxis;
  readonly palette: Palette;
  /** Palette service slot of every string index. */
  readonly serviceSlot: Uint8Array;
  /** Row-tree nodes selected and under the pointer, or -1. */
  readonly selected: number;
  readonly hovered: number;
  /** Find matches (nodes of `cols`), ascending. */
  readonly highlight: Uint32Array | null;
  readonly dimOthers: boolean;
  readonly critical: CriticalIndex | null;
  readonly isCollapsed: (node: number) => boolean;
  /** Drag-to-zoom selection on the time axis, or null. */
  readonly rangeSelection: RangeSelection | null;
  /** RowTint slot (theme.ts) of every row-tree node, 0 for none; null: no tints. */
  readonly rowTint: Uint8Array | null;
  readonly ghost: GhostLayer | null;
}

/** What a frame is made of; the rest (the timeline's axis, collapse lookups) follows from it. */
export type FrameInputs = Omit<WaterfallFrame, 'axis' | 'isCollapsed'>;

/** The frame of these inputs: the app's waterfall and the server's link previews build it alike. */
export function waterfallFrame(inputs: FrameInputs): WaterfallFrame {
  const rows = inputs.rows;
  return { ...inputs, axis: timeAxisOf(inputs.viewport), isCollapsed: (k) => isCollapsed(rows, k) };
}

/** Background slots; the row tints follow (tint t at TINT_BG + t − 1, its edge mark ROW_TINT_COUNT later). */
export const Bg = {
  Stripe: 0,
  Hover: 1,
  Selected: 2,
  Match: 3,
  MatchMarker: 4,
  Grid: 5,
  Guide: 6,
  GhostFill: 7,
} as const;
export const TINT_BG = 8;
export const TINT_MARK_BG = TINT_BG + ROW_TINT_COUNT;
/** Overlay slots (drawn over bars). */
export const Over = { EventTick: 0, Critical: 1, Outline: 2, Ghost: 3 } as const;

export interface SlotColours {
  readonly bars: readonly string[];
  /** Readable text colour on each bar colour. */
  readonly barText: readonly string[];
  readonly background: readonly string[];
  readonly overlay: readonly string[];
}

export class FrameScratch {
  /** Row-tree node of each visible row, its node in `cols` (-1: a gap) and in the ghost's (-1: none). */
  visible = new Uint32Array(64);
  content = new Int32Array(64);
  ghost = new Int32Array(64);
  visibleCount = 0;
  /** Label start per visible row (CSS px), filled by the service pass for the name pass. */
  labelEnd = new Float32Array(64);
  readonly marks = new Int32Array(8192);
  readonly background = new RectBatch(TINT_MARK_BG + ROW_TINT_COUNT);
  readonly bars: RectBatch;
  readonly dimmedBars: RectBatch;
  readonly overlay = new RectBatch(4);
  readonly text = new TextFitter();
  readonly axisTicks = new TickCache();
  private coloursOf = new WeakMap<Palette, SlotColours>();

  constructor(serviceSlots: number) {
    this.bars = new RectBatch(serviceSlots + 1);
    this.dimmedBars = new RectBatch(serviceSlots + 1);
  }

  ensureRows(n: number): void {
    if (this.visible.length >= n) return;
    this.visible = new Uint32Array(n);
    this.content = new Int32Array(n);
    this.ghost = new Int32Array(n);
    this.labelEnd = new Float32Array(n);
  }

  /** Colour of every slot, per palette (computed once). Bars: services then error. */
  colours(p: Palette): SlotColours {
    let c = this.coloursOf.get(p);
    if (!c) {
      const bars = [...p.services, p.error];
      c = {
        bars,
        barText: bars.map(textColourOn),
        background: [
          p.rowStripe,
          p.rowHover,
          p.rowSelected,
          p.rowMatch,
          p.matchMarker,
          p.gridLine,
          p.indentGuide,
          p.ghostFill,
          ...p.rowTints.slice(1, ROW_TINT_COUNT + 1),
          ...p.rowTintMarks.slice(1, ROW_TINT_COUNT + 1),
        ],
        overlay: [p.eventTick, p.criticalPath, p.selectedOutline, p.ghostOutline],
      };
      this.coloursOf.set(p, c);
    }
    return c;
  }
}
