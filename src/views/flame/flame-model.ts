/**
 * What the flame controller draws and navigates, whatever the mode: the lanes (a laid-out subset
 * when "errors only" is on), the lanes and x range that make the whole view (everything, or a
 * focused subtree / call path), colours, labels, and how items relate to spans and to each other
 * (for clicks, the keyboard, the tooltip and the accessible mirror). time-model.ts builds it for the
 * flame chart (items are nodes), agg-model.ts for the aggregated flame graph (items are frames).
 */
import type { LaneLayout } from '../../core/layout/lane-layout.ts';
import type { FlameMarks } from '../../render/flame-frame.ts';
import type { TimeWindow } from '../../render/time-axis.ts';
import type { CriticalPath } from '../../worker/protocol.ts';
import type { TooltipContent } from '../canvas/tooltip.ts';

export type FlameColourMode = 'service' | 'self' | 'errors';

export interface FlameModelOptions {
  readonly colour: FlameColourMode;
  readonly errorsOnly: boolean;
  /** Node whose subtree (time) or call path (aggregated) is focused, or -1. */
  readonly focusNode: number;
  /** Palette slot of every service string (render/theme.ts serviceSlots). */
  readonly serviceSlot: Uint8Array;
  readonly serviceColours: readonly string[];
}

export interface FlameModel {
  readonly mode: 'time' | 'agg';
  /** What is drawn. */
  readonly layout: LaneLayout;
  /** Lanes shown, [firstLane, endLane), and the x range of the whole view. */
  readonly firstLane: number;
  readonly endLane: number;
  readonly bounds: TimeWindow;
  /** The focused item, or -1. */
  readonly focusItem: number;
  /** Colour slot per item (render/flame-colours.ts). */
  readonly slotOf: Uint8Array;
  label(item: number): string;
  /** Whether the item is drawn and inside the focus. */
  contains(item: number): boolean;
  /** The item showing a span (its frame in the aggregated graph), or -1. */
  itemOfNode(node: number): number;
  /** The span a click on the item selects (the slowest span of a frame). */
  nodeOfItem(item: number): number;
  parentOf(item: number): number;
  firstChildOf(item: number): number;
  /** The next (1) or previous (-1) sibling, or -1. */
  siblingOf(item: number, direction: 1 | -1): number;
  hasChildren(item: number): boolean;
  /** 1-based depth, for aria-level. */
  level(item: number): number;
  tooltip(item: number): TooltipContent;
  /** Text of the item for screen readers and tests. */
  mirrorText(item: number): string;
  /** The items holding any of these nodes (ascending), as lanes drawn over the dimmed rest. */
  overlayOf(nodes: Uint32Array): LaneLayout;
  /** The critical path's segments as marks under the bars. */
  marksOf(path: CriticalPath): FlameMarks;
}

/** hasErrorBelow[i] = 1 when a descendant of item i (pre-order) holds an error. */
export function errorsBelow(
  count: number,
  parent: Int32Array,
  isError: (item: number) => boolean,
): Uint8Array {
  const below = new Uint8Array(count);
  for (let i = count - 1; i >= 0; i--) {
    const p = parent[i];
    if (p >= 0 && (below[i] || isError(i))) below[p] = 1;
  }
  return below;
}
