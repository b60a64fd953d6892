/**
 * What one flame graph frame is painted from (FlameFrame), its viewport (lanes under a time axis,
 * scrolled vertically, possibly starting at a focused block's first lane), and the reusable buffers
 * the painter writes into (FlameScratch), so that a steady frame allocates nothing.
 */
import type { LaneLayout } from '../core/layout/lane-layout.ts';
import { LaneRuns } from '../core/layout/lane-layout.ts';
import type { RangeSelection } from './paint-time-axis.ts';
import { RectBatch } from './rect-batch.ts';
import { TextFitter } from './text-fit.ts';
import type { Palette } from './theme.ts';
import type { TimeAxis, TimeWindow } from './time-axis.ts';
import { TickCache } from './time-ticks.ts';

export interface FlameViewport {
  readonly widthCssPx: number;
  readonly heightCssPx: number;
  readonly dpr: number;
  readonly axisHeightCssPx: number;
  readonly laneHeightCssPx: number;
  readonly scrollTopCssPx: number;
  /** Lanes shown: [firstLane, endLane) (a focused block, or every lane). */
  readonly firstLane: number;
  readonly endLane: number;
}

export const FLAME_GEOMETRY = { axisHeightCssPx: 30, laneHeightCssPx: 20, scrollbarCssPx: 8 } as const;

/** Marks drawn along the bottom of bars (the critical path): lane and x range each. */
export interface FlameMarks {
  readonly lane: Uint32Array;
  readonly x0: Float64Array;
  readonly x1: Float64Array;
}

export interface FlameFrame {
  readonly layout: LaneLayout;
  /** Items drawn in full over a dimmed `layout` (find matches, a highlighted group), or null. */
  readonly overlay: LaneLayout | null;
  /** Colour slot of every item (node or frame), into `colours`. */
  readonly slotOf: Uint8Array;
  readonly colours: readonly string[];
  readonly labelOf: (item: number) => string;
  readonly viewport: FlameViewport;
  readonly axis: TimeAxis;
  /** When set, the axis is labelled in percent of this x range (its x is not time). */
  readonly shareOf: TimeWindow | null;
  readonly palette: Palette;
  /** Item selected / under the pointer, or -1. */
  readonly selected: number;
  readonly hovered: number;
  readonly marks: FlameMarks | null;
  readonly rangeSelection: RangeSelection | null;
}

export function flameBodyHeightCssPx(v: FlameViewport): number {
  return Math.max(0, v.heightCssPx - v.axisHeightCssPx);
}

export function laneTopCssPx(v: FlameViewport, lane: number): number {
  return v.axisHeightCssPx + (lane - v.firstLane) * v.laneHeightCssPx - v.scrollTopCssPx;
}

/** Lane at a y in the canvas, or -1 outside the lanes shown. */
export function laneAtCssPx(v: FlameViewport, yCssPx: number): number {
  if (yCssPx < v.axisHeightCssPx || yCssPx >= v.heightCssPx) return -1;
  const lane = v.firstLane + Math.floor((yCssPx - v.axisHeightCssPx + v.scrollTopCssPx) / v.laneHeightCssPx);
  return lane < v.endLane ? lane : -1;
}

export function maxFlameScrollCssPx(v: FlameViewport): number {
  return Math.max(0, (v.endLane - v.firstLane) * v.laneHeightCssPx - flameBodyHeightCssPx(v));
}

/** The time axis across the canvas (less the scrollbar) for a window. */
export function flameAxisOf(v: FlameViewport, w: TimeWindow): TimeAxis {
  return {
    leftCssPx: 0,
    widthCssPx: Math.max(1, v.widthCssPx - FLAME_GEOMETRY.scrollbarCssPx),
    startNs: w.startNs,
    endNs: w.endNs,
  };
}

export class FlameScratch {
  readonly runs = new LaneRuns(4096);
  readonly bars: RectBatch;
  readonly dimmedBars: RectBatch;
  readonly grid = new RectBatch(1);
  /** Marks, hover and selection outlines (FlameOver slots). */
  readonly overlay = new RectBatch(3);
  readonly text = new TextFitter();
  readonly axisTicks = new TickCache();
  /**
   * The bars labelled in the last frame (pass 2): item, colour slot, x, y, width in CSS px. Also
   * what the accessible mirror lists.
   */
  labelCount = 0;
  readonly labelItem = new Uint32Array(4096);
  readonly labelSlot = new Uint8Array(4096);
  readonly labelX = new Float32Array(4096);
  readonly labelY = new Float32Array(4096);
  readonly labelW = new Float32Array(4096);

  constructor(slotCount: number) {
    this.bars = new RectBatch(slotCount);
    this.dimmedBars = new RectBatch(slotCount);
  }
}

export const FlameOver = { Mark: 0, Hover: 1, Selected: 2 } as const;
