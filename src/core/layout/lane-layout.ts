/**
 * Bars in horizontal lanes: what both flame modes hand the painter (time mode: items are nodes and
 * x is the trace's time axis; aggregated mode: items are frames and x is aggregated weight). Within
 * a lane the slots are sorted by x0 and never overlap, so every lookup is a binary search.
 */
import { lowerBound, upperBound } from './binary-search.ts';

/** laneOf / slotOf of an item that is not in the layout. */
export const NOT_LAID = 0xffffffff;

/** Bars in horizontal lanes (lane 0 at the top). Within a lane, items are sorted by x0 and never overlap (x1[i] <= x0[i+1]). */
export interface LaneLayout {
  readonly laneCount: number;
  /** Items of lane l are the slots laneStart[l] .. laneStart[l + 1] - 1 (length laneCount + 1). */
  readonly laneStart: Uint32Array;
  /** What slot i draws: a node index (time mode) or a frame index (aggregated mode). */
  readonly item: Uint32Array;
  /** Extent of slot i along x: ns on the trace's time axis (time mode) or ns of aggregated weight (aggregated mode). */
  readonly x0: Float64Array;
  readonly x1: Float64Array;
  /** Lane of item j (node or frame); 0xffffffff for an item not in the layout. */
  readonly laneOf: Uint32Array;
  /** Slot of item j; 0xffffffff for an item not in the layout. */
  readonly slotOf: Uint32Array;
  /** The x range the layout covers (min x0, max x1); {0,0} when empty. */
  readonly minX: number;
  readonly maxX: number;
}

/**
 * The layout of items placed in lanes: slots by counting sort on lane, items taken in `order` (all
 * items, each once), so each lane is sorted by x0 when `order` visits every lane left to right.
 * `laneOf` is kept (not copied); items with lane NOT_LAID are left out.
 */
export function layoutFromLanes(
  laneCount: number,
  laneOf: Uint32Array,
  order: Uint32Array | null,
  itemX0: Float64Array,
  itemX1: Float64Array,
): LaneLayout {
  const itemCount = laneOf.length;
  const laneStart = new Uint32Array(laneCount + 1);
  for (let j = 0; j < itemCount; j++) if (laneOf[j] !== NOT_LAID) laneStart[laneOf[j] + 1]++;
  for (let l = 0; l < laneCount; l++) laneStart[l + 1] += laneStart[l];
  const slotCount = laneStart[laneCount];
  const fill = laneStart.slice(0, laneCount);
  const item = new Uint32Array(slotCount);
  const x0 = new Float64Array(slotCount);
  const x1 = new Float64Array(slotCount);
  const slotOf = new Uint32Array(itemCount).fill(NOT_LAID);
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < itemCount; i++) {
    const j = order === null ? i : order[i];
    const lane = laneOf[j];
    if (lane === NOT_LAID) continue;
    const s = fill[lane]++;
    item[s] = j;
    x0[s] = itemX0[j];
    x1[s] = itemX1[j];
    slotOf[j] = s;
    if (x0[s] < minX) minX = x0[s];
    if (x1[s] > maxX) maxX = x1[s];
  }
  return slotCount === 0
    ? { laneCount, laneStart, item, x0, x1, laneOf, slotOf, minX: 0, maxX: 0 }
    : { laneCount, laneStart, item, x0, x1, laneOf, slotOf, minX, maxX };
}

/** Same lanes, only the items with keep[item] ≠ 0 (errors only, find overlays, a focused subtree). */
export function filterLayout(L: LaneLayout, keep: Uint8Array): LaneLayout {
  const { laneCount, item } = L;
  const laneStart = new Uint32Array(laneCount + 1);
  let kept = 0;
  for (let l = 0; l < laneCount; l++) {
    for (let s = L.laneStart[l]; s < L.laneStart[l + 1]; s++) if (keep[item[s]] !== 0) kept++;
    laneStart[l + 1] = kept;
  }
  const outItem = new Uint32Array(kept);
  const x0 = new Float64Array(kept);
  const x1 = new Float64Array(kept);
  const laneOf = new Uint32Array(L.laneOf.length).fill(NOT_LAID);
  const slotOf = new Uint32Array(L.slotOf.length).fill(NOT_LAID);
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let t = 0;
  for (let l = 0; l < laneCount; l++) {
    for (let s = L.laneStart[l]; s < L.laneStart[l + 1]; s++) {
      const j = item[s];
      if (keep[j] === 0) continue;
      outItem[t] = j;
      x0[t] = L.x0[s];
      x1[t] = L.x1[s];
      laneOf[j] = l;
      slotOf[j] = t;
      if (x0[t] < minX) minX = x0[t];
      if (x1[t] > maxX) maxX = x1[t];
      t++;
    }
  }
  const range = kept === 0 ? { minX: 0, maxX: 0 } : { minX, maxX };
  return { laneCount, laneStart, item: outItem, x0, x1, laneOf, slotOf, ...range };
}

/**
 * The slot of `lane` whose [x0, x1) holds x, else the nearest one within slopX (a sub-pixel bar is
 * hovered with slopX = half a pixel; the left one wins a tie), else -1.
 */
export function slotAt(L: LaneLayout, lane: number, x: number, slopX: number): number {
  if (lane < 0 || lane >= L.laneCount) return -1;
  const from = L.laneStart[lane];
  const to = L.laneStart[lane + 1];
  // Last slot starting at or before x: the only one that can hold x.
  const left = upperBound(L.x0, x, from, to) - 1;
  if (left >= from && x < L.x1[left]) return left;
  const leftGap = left >= from ? x - L.x1[left] : Number.POSITIVE_INFINITY;
  const rightGap = left + 1 < to ? L.x0[left + 1] - x : Number.POSITIVE_INFINITY;
  if (leftGap <= rightGap) return leftGap <= slopX ? left : -1;
  return rightGap <= slopX ? left + 1 : -1;
}

/** First slot in [from, to) visible from x on: ending at x counts only for a zero-width bar at x. */
function firstVisibleSlot(L: LaneLayout, x: number, from: number, to: number): number {
  const s = lowerBound(L.x1, x, from, to);
  // Of the bars with x1 = x, only the first can start before x (the others are zero-width at x).
  return s < to && L.x1[s] === x && L.x0[s] < x ? s + 1 : s;
}

/** Draw runs of one lane, preallocated: a steady frame allocates nothing. */
export class LaneRuns {
  /** The run's slot (a merged run: its first slot; it spans the slots up to the next run's). */
  slot: Uint32Array;
  /** px from the window start; a single bar is not clamped, a merged run covers whole pixels. */
  x0Px: Float32Array;
  x1Px: Float32Array;
  /** 1 for a run of bars narrower than minPx merged into whole pixels. */
  merged: Uint8Array;

  constructor(capacity: number) {
    this.slot = new Uint32Array(capacity);
    this.x0Px = new Float32Array(capacity);
    this.x1Px = new Float32Array(capacity);
    this.merged = new Uint8Array(capacity);
  }

  /** Room for at least n runs (keeps the first runs). */
  ensure(n: number): void {
    if (n <= this.slot.length) return;
    const cap = Math.max(n, this.slot.length * 2);
    const grow = <T extends Uint32Array | Float32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.slot = grow(this.slot, new Uint32Array(cap));
    this.x0Px = grow(this.x0Px, new Float32Array(cap));
    this.x1Px = grow(this.x1Px, new Float32Array(cap));
    this.merged = grow(this.merged, new Uint8Array(cap));
  }
}

/** Writes run n into out (growing it when full); returns n + 1. */
function pushRun(
  out: LaneRuns,
  n: number,
  slot: number,
  fromPx: number,
  toPx: number,
  merged: number,
): number {
  if (n === out.slot.length) out.ensure(2 * n + 16);
  out.slot[n] = slot;
  out.x0Px[n] = fromPx;
  out.x1Px[n] = toPx;
  out.merged[n] = merged;
  return n + 1;
}

/**
 * Level of detail of one lane in the window [windowStartX, windowStartX + widthPx · xPerPx): fills
 * `out` and returns the run count. A bar at least minPx wide is its own run; consecutive narrower
 * bars merge into runs of whole pixels (adjacent merged pixels coalesce). Binary searches jump to
 * the next pixel, so the work is O(runs · log n), never O(bars in the window). minPx below 1 counts
 * as 1: a jump swallows every bar starting inside the run's pixels but the last, and only bars
 * narrower than a pixel are sure to fit there. No closures: a steady frame allocates nothing.
 */
export function laneRuns(
  L: LaneLayout,
  lane: number,
  windowStartX: number,
  xPerPx: number,
  widthPx: number,
  minPx: number,
  out: LaneRuns,
): number {
  const { x0, x1 } = L;
  const to = L.laneStart[lane + 1];
  const windowEndX = windowStartX + widthPx * xPerPx;
  const wideX = Math.max(1, minPx) * xPerPx;
  let n = 0;
  let s = firstVisibleSlot(L, windowStartX, L.laneStart[lane], to);
  while (s < to && x0[s] < windowEndX) {
    if (x1[s] - x0[s] >= wideX) {
      n = pushRun(out, n, s, (x0[s] - windowStartX) / xPerPx, (x1[s] - windowStartX) / xPerPx, 0);
      s++;
      continue;
    }
    // Narrow: cover its pixels, then swallow every bar starting inside them; the last of those
    // may end further (narrow: widen and repeat) or be wide (drawn on its own after the run).
    const fromPx = Math.max(0, Math.floor((x0[s] - windowStartX) / xPerPx));
    if (fromPx >= widthPx) break; // rounding at the window's right edge
    // Clamped to the window: bars starting past its end are not drawn.
    let endPx = Math.min(widthPx, Math.max(fromPx + 1, Math.ceil((x1[s] - windowStartX) / xPerPx)));
    let next = s + 1;
    let wide = -1;
    for (;;) {
      const after = lowerBound(x0, windowStartX + endPx * xPerPx, next, to);
      if (after === next) break;
      next = after;
      const last = after - 1;
      if (x1[last] - x0[last] >= wideX) {
        wide = last;
        break;
      }
      endPx = Math.min(widthPx, Math.max(endPx, Math.ceil((x1[last] - windowStartX) / xPerPx)));
    }
    // Rounding may make the previous merged run end one pixel past this one's start.
    if (n > 0 && out.merged[n - 1] === 1 && out.x1Px[n - 1] >= fromPx) out.x1Px[n - 1] = endPx;
    else n = pushRun(out, n, s, fromPx, endPx, 1);
    if (wide >= 0)
      n = pushRun(out, n, wide, (x0[wide] - windowStartX) / xPerPx, (x1[wide] - windowStartX) / xPerPx, 0);
    s = next;
  }
  return n;
}
