/**
 * The waterfall's viewport and its coordinate spaces. Everything here is in CSS pixels (`…CssPx`)
 * unless named `…DevicePx`; time is ns offsets from the trace's base. Layout, from top to bottom:
 * the time axis header, then the rows (body). Left: the span tree column; right: the timeline and
 * the vertical scrollbar.
 */

export interface Viewport {
  readonly widthCssPx: number;
  readonly heightCssPx: number;
  readonly dpr: number;
  readonly treeWidthCssPx: number;
  readonly axisHeightCssPx: number;
  readonly rowHeightCssPx: number;
  readonly scrollbarCssPx: number;
  readonly scrollTopCssPx: number;
  /** The time window shown by the timeline. */
  readonly startNs: number;
  readonly endNs: number;
}

export const DEFAULT_GEOMETRY = {
  axisHeightCssPx: 30,
  rowHeightCssPx: 24,
  scrollbarCssPx: 10,
} as const;

/** Narrowest time window: 1/100000 of the trace or 10 ns. */
export function minWindowNs(durationNs: number): number {
  return Math.max(10, durationNs / 100_000);
}

export function timelineLeftCssPx(v: Viewport): number {
  return v.treeWidthCssPx + 1;
}

export function timelineWidthCssPx(v: Viewport): number {
  return Math.max(1, v.widthCssPx - timelineLeftCssPx(v) - v.scrollbarCssPx - 8);
}

export function bodyHeightCssPx(v: Viewport): number {
  return Math.max(0, v.heightCssPx - v.axisHeightCssPx);
}

export function xOfNs(v: Viewport, ns: number): number {
  return timelineLeftCssPx(v) + ((ns - v.startNs) / (v.endNs - v.startNs)) * timelineWidthCssPx(v);
}

export function nsOfX(v: Viewport, xCssPx: number): number {
  return v.startNs + ((xCssPx - timelineLeftCssPx(v)) / timelineWidthCssPx(v)) * (v.endNs - v.startNs);
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
  const full = Math.max(durationNs, 1);
  let span = Math.min(Math.max(v.endNs - v.startNs, minWindowNs(full)), full);
  if (!(span > 0)) span = full;
  const startNs = Math.min(Math.max(v.startNs, 0), full - span);
  const treeWidthCssPx = Math.min(Math.max(v.treeWidthCssPx, 120), Math.max(120, v.widthCssPx - 200));
  if (
    scrollTopCssPx === v.scrollTopCssPx &&
    startNs === v.startNs &&
    startNs + span === v.endNs &&
    treeWidthCssPx === v.treeWidthCssPx
  )
    return v;
  return { ...v, scrollTopCssPx, startNs, endNs: startNs + span, treeWidthCssPx };
}

/** Zooms the time window by `factor` (< 1 zooms in) keeping `anchorNs` under the same pixel. */
export function zoomTime(v: Viewport, factor: number, anchorNs: number): Viewport {
  const startNs = anchorNs - (anchorNs - v.startNs) * factor;
  const endNs = anchorNs + (v.endNs - anchorNs) * factor;
  return { ...v, startNs, endNs };
}

export function panTime(v: Viewport, deltaNs: number): Viewport {
  return { ...v, startNs: v.startNs + deltaNs, endNs: v.endNs + deltaNs };
}

/** Rounds a CSS px coordinate to the device pixel grid so edges stay crisp on HiDPI screens. */
export function snapCssPx(cssPx: number, dpr: number): number {
  return Math.round(cssPx * dpr) / dpr;
}
