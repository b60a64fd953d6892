/**
 * Level of detail along time: when many instants (events, spans of one row) fall in one pixel,
 * draw one mark per pixel. With sorted times and a binary search to the next pixel, the work is
 * O(pixels · log n), never O(n).
 */
import { lowerBound } from './binary-search.ts';

/**
 * Writes into `outPx` the pixel columns (relative to windowStartNs, integer, ascending, distinct)
 * of the sorted times a[from..to) inside [windowStartNs, windowStartNs + widthPx · nsPerPx), at
 * most one per pixel; returns how many.
 */
export function pixelMarks(
  a: Float64Array,
  from: number,
  to: number,
  windowStartNs: number,
  nsPerPx: number,
  widthPx: number,
  outPx: Int32Array,
): number {
  let n = 0;
  let i = lowerBound(a, windowStartNs, from, to);
  while (i < to && n < outPx.length) {
    const px = Math.floor((a[i] - windowStartNs) / nsPerPx);
    if (px >= widthPx) break;
    outPx[n++] = px;
    i = lowerBound(a, windowStartNs + (px + 1) * nsPerPx, i + 1, to);
  }
  return n;
}
