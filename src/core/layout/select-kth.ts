/**
 * Quickselect: the k-th smallest of a typed array in expected O(n), without sorting it all (tooltip
 * percentiles and "slowest spans" of a frame that may hold a million spans).
 */

/**
 * Rearranges a[from..to) so that a[k] holds what an ascending sort would put there, with values
 * ≤ a[k] before it and ≥ a[k] after it; returns a[k]. Median-of-three pivots and Hoare partitions
 * (equal values split evenly), so sorted input and many equal values stay linear.
 */
export function selectKth(a: Float64Array, k: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and a[j + 1 .. i − 1] equal the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}
