/**
 * The waterfall's viewport and its coordinate spaces. Everything here is in CSS pixels (`…CssPx`)
 * unless named `…DevicePx`; time is ns offsets from the trace's base. Layout, from top to bottom:
 * the time axis header, then the rows (body). Left: the span tree column; right: the timeline (its
 * TimeAxis, time-axis.ts) and the vertical scrollbar.
 */
import { clampWindow, type TimeAxis, type TimeWindow } from './time-axis.ts';

export interface Viewport extends TimeWindow {
  readonly widthCssPx: number;
  readonly heightCssPx: number;
  readonly dpr: number;
  readonly treeWidthCssPx: number;
  readonly axisHeightCssPx: number;
  readonly rowHeightCssPx: number;
  readonly scrollbarCssPx: number;
  readonly scrollTopCssPx: number;
}

export const DEFAULT_GEOMETRY = {
  axisHeightCssPx: 30,
  rowHeightCssPx: 24,
  scrollbarCssPx: 10,
} as const;

export function timelineLeftCssPx(v: Viewport): number {
  return v.treeWidthCssPx + 1;
}

export function timelineWidthCssPx(v: Viewport): number {
  return Math.max(1, v.widthCssPx - timelineLeftCssPx(v) - v.scrollbarCssPx - 8);
}

export function bodyHeightCssPx(v: Viewport): number {
  return Math.max(0, v.heightCssPx - v.axisHeightCssPx);
}

/** The timeline's time axis (derive it once per frame, not per bar). */
export function timeAxisOf(v: Viewport): TimeAxis {
  return {
    leftCssPx: timelineLeftCssPx(v),
    widthCssPx: timelineWidthCssPx(v),
    startNs: v.startNs,
    endNs: v.endNs,
  };
}

/** The tree column's width until its divider is dragged: a third of the width, 260–480 px. */
export function defaultTreeWidthCssPx(widthCssPx: number): number {
  return Math.round(Math.min(480, Math.max(260, widthCssPx * 0.32)));
}

/** Whether `row` (-1: none) is wholly inside the body. */
export function rowOnScreen(v: Viewport, row: number): boolean {
  if (row < 0) return false;
  const top = rowTopCssPx(v, row);
  return top >= v.axisHeightCssPx && top + v.rowHeightCssPx <= v.heightCssPx;
}

/** The scroll that puts `row` in the middle of the body (clampViewport brings it into range). */
export function centredScrollTopCssPx(v: Viewport, row: number): number {
  return row * v.rowHeightCssPx - bodyHeightCssPx(v) / 2;
}

export function firstVisibleRow(v: Viewport): number {
  return Math.max(0, Math.floor(v.scrollTopCssPx / v.rowHeightCssPx));
}

/** Rows that can be (partly) on screen at once. */
export function rowsOnScreen(v: Viewport): number {
  return Math.ceil(bodyHeightCssPx(v) / v.rowHeightCssPx) + 1;
}

/** Top of `row` in the canvas (CSS px). */
export function rowTopCssPx(v: Viewport, row: number): number {
  return v.axisHeightCssPx + row * v.rowHeightCssPx - v.scrollTopCssPx;
}

export function maxScrollTopCssPx(v: Viewport, rowCount: number): number {
  return Math.max(0, rowCount * v.rowHeightCssPx - bodyHeightCssPx(v));
}

/** The viewport with its scroll and time window brought back into range. */
export function clampViewport(v: Viewport, rowCount: number, durationNs: number): Viewport {
  const scrollTopCssPx = Math.min(Math.max(0, v.scrollTopCssPx), maxScrollTopCssPx(v, rowCount));
  const w = clampWindow(v, 0, durationNs);
  const treeWidthCssPx = Math.min(Math.max(v.treeWidthCssPx, 120), Math.max(120, v.widthCssPx - 200));
  if (scrollTopCssPx === v.scrollTopCssPx && w === v && treeWidthCssPx === v.treeWidthCssPx) return v;
  return { ...w, scrollTopCssPx, treeWidthCssPx };
}

/** Rounds a CSS px coordinate to the device pixel grid so edges stay crisp on HiDPI screens. */
export function snapCssPx(cssPx: number, dpr: number): number {
  return Math.round(cssPx * dpr) / dpr;
}
