/**
 * Binary searches over ascending arrays (typed or not): the one implementation that row lookup,
 * level of detail, critical-path segments, find stepping and the flame layouts share.
 */

/** First index i in [from, to) with a[i] ≥ x (to when none). */
export function lowerBound(a: ArrayLike<number>, x: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [from, to) with a[i] > x (to when none). */
export function upperBound(a: ArrayLike<number>, x: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * First index i in [from, to) where `isBefore(i)` is false, for a predicate that is true on a
 * prefix of the range and false after it (to when it is true everywhere).
 */
export function partitionPoint(from: number, to: number, isBefore: (i: number) => boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when the ascending `set` holds x. */
export function sortedHas(set: ArrayLike<number>, x: number): boolean {
  const i = lowerBound(set, x);
  return i < set.length && set[i] === x;
}
