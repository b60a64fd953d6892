/**
 * The time axis every time-based view shares (waterfall, flame chart, diff panes): a window of
 * time (ns offsets from the trace's base) shown over a horizontal band of the canvas (CSS px).
 * Views keep their own layout around it and derive one TimeAxis per frame.
 */

/** A time window as offsets from the trace's base, in ns. */
export interface TimeWindow {
  readonly startNs: number;
  readonly endNs: number;
}

/** The window drawn over [leftCssPx, leftCssPx + widthCssPx) of the canvas. */
export interface TimeAxis extends TimeWindow {
  readonly leftCssPx: number;
  readonly widthCssPx: number;
}

export function xOfNs(a: TimeAxis, ns: number): number {
  return a.leftCssPx + ((ns - a.startNs) / (a.endNs - a.startNs)) * a.widthCssPx;
}

export function nsOfX(a: TimeAxis, xCssPx: number): number {
  return a.startNs + ((xCssPx - a.leftCssPx) / a.widthCssPx) * (a.endNs - a.startNs);
}

export function nsPerCssPx(a: TimeAxis): number {
  return (a.endNs - a.startNs) / a.widthCssPx;
}

/** Narrowest time window: 1/100000 of the whole or 10 ns. */
export function minWindowNs(durationNs: number): number {
  return Math.max(10, durationNs / 100_000);
}

/** Zooms the window by `factor` (< 1 zooms in) keeping `anchorNs` under the same pixel. */
export function zoomTime<W extends TimeWindow>(w: W, factor: number, anchorNs: number): W {
  const startNs = anchorNs - (anchorNs - w.startNs) * factor;
  const endNs = anchorNs + (w.endNs - anchorNs) * factor;
  return { ...w, startNs, endNs };
}

export function panTime<W extends TimeWindow>(w: W, deltaNs: number): W {
  return { ...w, startNs: w.startNs + deltaNs, endNs: w.endNs + deltaNs };
}

/**
 * The window brought back inside [fromNs, toNs] and no narrower than minWindowNs of that range;
 * the same object when it already was.
 */
export function clampWindow<W extends TimeWindow>(w: W, fromNs: number, toNs: number): W {
  const full = Math.max(toNs - fromNs, 1);
  let span = Math.min(Math.max(w.endNs - w.startNs, minWindowNs(full)), full);
  if (!(span > 0)) span = full;
  const startNs = Math.min(Math.max(w.startNs, fromNs), fromNs + full - span);
  if (startNs === w.startNs && startNs + span === w.endNs) return w;
  return { ...w, startNs, endNs: startNs + span };
}

/** Whether two windows are the same (both null counts as the same). */
export function sameWindow(a: TimeWindow | null, b: TimeWindow | null): boolean {
  return a === null || b === null ? a === b : a.startNs === b.startNs && a.endNs === b.endNs;
}
