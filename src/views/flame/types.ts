/**
 * The FlameGraph component's public API (props and imperative handle), and what the component gives
 * its controller. Like the waterfall, the
 * trace stays in the TraceHandle; the component holds only ids and view options.
 */
import type { Ref } from 'react';
import type { FlameWeight } from '../../core/layout/flame-aggregate-layout.ts';
import type { TimeWindow } from '../../render/time-axis.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import type { FlameColourMode } from './flame-model.ts';

export interface FlameGraphProps {
  readonly handle: TraceHandle;
  readonly theme: 'light' | 'dark';
  /** The time-ordered flame chart, or the aggregated flame graph. */
  readonly mode: 'time' | 'agg';
  readonly colour: FlameColourMode;
  /** What the aggregated graph's widths sum. */
  readonly weight: FlameWeight;
  /** Node whose subtree (time) or call path (aggregated) is focused, or -1. */
  readonly focusNode: number;
  readonly onFocus: (node: number) => void;
  /** Selected node, or -1. */
  readonly selectedNode: number;
  /** A click, a key or the accessible mirror selected a span (-1: cleared with Esc). */
  readonly onSelect: (node: number) => void;
  /** Time mode's zoom window (the same as the waterfall's), or null for the whole view. */
  readonly view?: TimeWindow | null;
  /** Time mode: called when zoom/pan settles; null when back to the whole view. */
  readonly onViewChange?: (view: TimeWindow | null) => void;
  /** Nodes matched by find (or a highlighted group), ascending; the rest is dimmed when dimOthers. */
  readonly highlight?: Uint32Array | null;
  readonly dimOthers?: boolean;
  readonly errorsOnly?: boolean;
  readonly criticalPath?: boolean;
  readonly onFocusFind?: () => void;
  /** Performance mark set once the first complete frame of a handle is on screen (null: none). */
  readonly renderedMark?: string | null;
  readonly ref?: Ref<FlameGraphApi>;
}

export interface FlameGraphApi {
  /** Back to the whole view (the focused part, or the trace). */
  resetZoom(): void;
  /** The flame graph as a PNG at device resolution. */
  toPNG(): Promise<Blob>;
  focus(): void;
}

// ---- what the FlameGraph gives its controller ----

export interface FlameElements {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly mirror: HTMLElement;
  readonly tooltip: HTMLElement;
}

export interface FlameCallbacks {
  /** A span was selected (-1: cleared). */
  onSelect(node: number): void;
  /** Focus this node's subtree / call path (-1: the whole trace). */
  onFocus(node: number): void;
  /** Time mode: the zoom window once it settles (null: the whole view). */
  onViewChange?(view: TimeWindow | null): void;
  onFocusFind?(): void;
  readonly renderedMark: string | null;
}

export interface FlameOptions {
  readonly theme: 'light' | 'dark';
  readonly mode: 'time' | 'agg';
  readonly colour: FlameColourMode;
  readonly weight: FlameWeight;
  readonly focusNode: number;
  readonly selectedNode: number;
  readonly highlight: Uint32Array | null;
  readonly dimOthers: boolean;
  readonly errorsOnly: boolean;
  readonly criticalPath: boolean;
  /** Time mode's zoom window (shared with the waterfall through the URL), or null. */
  readonly view: TimeWindow | null;
}
