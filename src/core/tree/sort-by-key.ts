/**
 * Stable ascending sort of a range of item indices by a Float64 key per item, in place on the
 * caller's array (which it owns). Typed arrays and no comparator closures: a trace root may have a
 * million children. Runs of 16 are insertion-sorted, then merged bottom-up through `scratch`.
 */

const RUN = 16;

function isSorted(items: Int32Array, from: number, to: number, key: Float64Array): boolean {
  for (let i = from + 1; i < to; i++) if (key[items[i]] < key[items[i - 1]]) return false;
  return true;
}

function insertionSort(items: Int32Array, from: number, to: number, key: Float64Array): void {
  for (let i = from + 1; i < to; i++) {
    const item = items[i];
    const k = key[item];
    let j = i - 1;
    while (j >= from && key[items[j]] > k) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
}

/** Merges runs [lo, mid) and [mid, hi) (positions relative to the bases) from src to dst. */
function merge(
  src: Int32Array,
  srcBase: number,
  dst: Int32Array,
  dstBase: number,
  lo: number,
  mid: number,
  hi: number,
  key: Float64Array,
): void {
  let i = srcBase + lo;
  let j = srcBase + mid;
  const iEnd = j;
  const jEnd = srcBase + hi;
  let o = dstBase + lo;
  while (i < iEnd && j < jEnd) dst[o++] = key[src[j]] < key[src[i]] ? src[j++] : src[i++];
  while (i < iEnd) dst[o++] = src[i++];
  while (j < jEnd) dst[o++] = src[j++];
}

/** Sorts items[from, to) by key[item]; `scratch(length)` lends a buffer of at least that length. */
export function sortByKey(
  items: Int32Array,
  from: number,
  to: number,
  key: Float64Array,
  scratch: (length: number) => Int32Array,
): void {
  const len = to - from;
  if (len < 2 || isSorted(items, from, to, key)) return;
  for (let s = from; s < to; s += RUN) insertionSort(items, s, Math.min(s + RUN, to), key);
  if (len <= RUN) return;
  let src = items;
  let srcBase = from;
  let dst = scratch(len);
  let dstBase = 0;
  for (let width = RUN; width < len; width *= 2) {
    for (let s = 0; s < len; s += 2 * width) {
      merge(src, srcBase, dst, dstBase, s, Math.min(s + width, len), Math.min(s + 2 * width, len), key);
    }
    [src, dst] = [dst, src];
    [srcBase, dstBase] = [dstBase, srcBase];
  }
  if (src !== items) items.set(src.subarray(srcBase, srcBase + len), from);
}
