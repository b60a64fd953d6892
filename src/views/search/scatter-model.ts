/**
 * The search plot's geometry, apart from drawing: scales (linear time on x; duration on y, log when
 * the durations span more than ~1.5 decades, else linear from zero), readable ticks, the points in
 * pixels, the point under the pointer, and a brushed pixel span as times. Pure functions.
 */
import {
  type ScaleLinear,
  type ScaleLogarithmic,
  type ScaleTime,
  scaleLinear,
  scaleLog,
  scaleTime,
} from 'd3-scale';
import { formatDurationMs } from '../format/format.ts';

export interface PlotPoint {
  readonly traceId: string;
  /** Trace start, ms since the epoch. */
  readonly startMs: number;
  readonly durationMs: number;
  readonly error: boolean;
}

export interface PlotFrame {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly margin: {
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
    readonly left: number;
  };
}

export interface PlotScales {
  readonly x: ScaleTime<number, number>;
  readonly y: ScaleLogarithmic<number, number> | ScaleLinear<number, number>;
  readonly yLog: boolean;
  /** The y of a duration; on a log axis a zero (the store's ms are whole: under 1 ms) sits at the bottom. */
  readonly yOf: (durationMs: number) => number;
  /** The plot area in pixels. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface Tick {
  readonly value: number;
  readonly px: number;
  readonly label: string;
}

/** Log scale when max/min exceeds this (1.5 decades). */
const LOG_RATIO = 30;
const HALF_MINUTE_MS = 30_000;
const Y_INSET_PX = 6;

/**
 * Scales for the points within the searched range (`startMs`/`endMs`, null when open: the
 * points' own extent, padded, decides that side).
 */
export function plotScales(
  points: readonly PlotPoint[],
  frame: PlotFrame,
  range: { readonly startMs: number | null; readonly endMs: number | null },
  nowMs: number,
): PlotScales {
  const left = frame.margin.left;
  const right = Math.max(left + 1, frame.widthPx - frame.margin.right);
  const top = frame.margin.top;
  const bottom = Math.max(top + 1, frame.heightPx - frame.margin.bottom);

  let minT = Number.POSITIVE_INFINITY;
  let maxT = Number.NEGATIVE_INFINITY;
  let minD = Number.POSITIVE_INFINITY;
  let maxD = 0;
  for (const p of points) {
    minT = Math.min(minT, p.startMs);
    maxT = Math.max(maxT, p.startMs);
    if (p.durationMs > 0) minD = Math.min(minD, p.durationMs);
    maxD = Math.max(maxD, p.durationMs);
  }
  if (points.length === 0) {
    minT = (range.endMs ?? nowMs) - 3_600_000;
    maxT = range.endMs ?? nowMs;
  }
  if (!(maxD > 0)) [minD, maxD] = [1, 1];
  const pad = Math.max((maxT - minT) * 0.03, HALF_MINUTE_MS);
  let t0 = range.startMs ?? minT - pad;
  let t1 = range.endMs ?? (range.startMs !== null ? Math.max(nowMs, maxT) : maxT + pad);
  if (!(t1 > t0)) [t0, t1] = [t0 - HALF_MINUTE_MS, t0 + HALF_MINUTE_MS];
  const x = scaleTime().domain([t0, t1]).range([left, right]);

  // Dots keep clear of the frame: the y range is inset a little.
  const yRange = [bottom - Y_INSET_PX, top + Y_INSET_PX];
  const yLog = maxD / minD > LOG_RATIO;
  const y = yLog
    ? scaleLog()
        .domain([10 ** Math.floor(Math.log10(minD)), 10 ** Math.ceil(Math.log10(maxD))])
        .range(yRange)
    : scaleLinear()
        .domain([0, maxD * 1.08])
        .range(yRange)
        .nice(5);
  const floor = y.domain()[0];
  const yOf = yLog ? (d: number) => y(Math.max(floor, d)) : (d: number) => y(Math.max(0, d));
  return { x, y, yLog, yOf, left, right, top, bottom };
}

/** Duration ticks: powers of ten on a log scale (with 2× and 5× when there are few), else ~5 round values. */
export function durationTicks(s: PlotScales): Tick[] {
  const [lo, hi] = s.y.domain();
  let values: number[];
  if (s.yLog) {
    const decades: number[] = [];
    for (let e = Math.round(Math.log10(lo)); 10 ** e <= hi * 1.000001; e++) decades.push(10 ** e);
    values =
      decades.length >= 4
        ? decades
        : decades.flatMap((d) => [d, 2 * d, 5 * d]).filter((v) => v <= hi * 1.000001);
  } else {
    values = (s.y as ScaleLinear<number, number>).ticks(5);
  }
  return values.map((v) => ({ value: v, px: s.y(v), label: v === 0 ? '0' : formatDurationMs(v) }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A time tick's label in local 24-hour time, as precise as the tick step needs: `Dec 7` for days
 * (and for midnight among hours), `14:30`, `14:30:15`, `14:30:15.250`.
 */
export function timeLabel(ms: number, stepMs: number): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (stepMs >= 86_400_000) return day;
  if (stepMs < 1000) return `${hm}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  if (stepMs < 60_000) return `${hm}:${pad(d.getSeconds())}`;
  return d.getHours() === 0 && d.getMinutes() === 0 ? day : hm;
}

/** Time ticks about every 110 px, at round times (d3's intervals). */
export function timeTicks(s: PlotScales): Tick[] {
  const count = Math.max(2, Math.floor((s.right - s.left) / 110));
  const ticks = s.x.ticks(count);
  const stepMs = ticks.length > 1 ? ticks[1].getTime() - ticks[0].getTime() : 60_000;
  return ticks.map((d) => ({ value: d.getTime(), px: s.x(d), label: timeLabel(d.getTime(), stepMs) }));
}

export interface PointPx {
  readonly xPx: number;
  readonly yPx: number;
}

export function pointPixels(points: readonly PlotPoint[], s: PlotScales): PointPx[] {
  return points.map((p) => ({ xPx: s.x(p.startMs), yPx: s.yOf(p.durationMs) }));
}

/** The point nearest to (x, y) within `radiusPx`, errors first when two are as near; -1 for none. */
export function hitTest(
  pixels: readonly PointPx[],
  points: readonly PlotPoint[],
  xPx: number,
  yPx: number,
  radiusPx = 7,
): number {
  let best = -1;
  let bestD2 = radiusPx * radiusPx;
  for (let i = 0; i < pixels.length; i++) {
    const dx = pixels[i].xPx - xPx;
    const dy = pixels[i].yPx - yPx;
    const d2 = dx * dx + dy * dy;
    if (d2 < bestD2 || (d2 === bestD2 && best >= 0 && points[i].error && !points[best].error)) {
      best = i;
      bestD2 = d2;
    }
  }
  return best;
}

/** A drag from x0 to x1 (pixels) as a time span inside the plot, or null for a click-sized drag. */
export function brushSpan(s: PlotScales, x0Px: number, x1Px: number, minPx = 4): [number, number] | null {
  const a = Math.min(Math.max(Math.min(x0Px, x1Px), s.left), s.right);
  const b = Math.min(Math.max(Math.max(x0Px, x1Px), s.left), s.right);
  if (b - a < minPx) return null;
  return [s.x.invert(a).getTime(), s.x.invert(b).getTime()];
}
