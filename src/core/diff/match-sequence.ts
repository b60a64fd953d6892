/**
 * Order-preserving matching of two lists of spans that share a key (the same (service, name), or
 * the same shape), each in start order: every span of the shorter list is matched, in order, with
 * one of the longer, choosing which of the longer are left over by the least total cost (kind,
 * relative start, attributes: see align.ts). Equal lengths match k-th with k-th, as DESIGN §6 asks
 * (the 3rd retry in A with the 3rd in B).
 *
 * A dynamic programme over (span of the shorter list, spans of the longer skipped so far): s × (d+1)
 * cells for lengths s and s + d, so 3 retries against 1 is 3 cells and 10,000 against 9,990 is ~110k,
 * never s × (s + d) (~18 ns a cell). Cells are counted against a budget shared by a whole alignment;
 * past it a group is matched greedily in one pass (each span of the shorter list takes the next span
 * of the longer unless a later one is strictly cheaper and enough are left), which bounds the worst
 * case (10,000 against 5,000) to linear. Ties go to the earliest spans, so with no costs at all the
 * result is the k-th-with-k-th matching.
 */

export type PairCost = (aNode: number, bNode: number) => number;
export type PairSink = (aNode: number, bNode: number) => void;

/** Cells of the dynamic programme one alignment may fill (~75 ms of work). */
export const DEFAULT_CELL_BUDGET = 1 << 22;

export class SequenceMatcher {
  private cellsLeft: number;
  private from = new Int32Array(0);
  private prev = new Float64Array(0);
  private cur = new Float64Array(0);

  constructor(cellBudget = DEFAULT_CELL_BUDGET) {
    this.cellsLeft = cellBudget;
  }

  /** Matches `as` with `bs` (node lists in start order), calling `sink(a, b)` per pair. */
  match(as: ArrayLike<number>, bs: ArrayLike<number>, cost: PairCost, sink: PairSink): void {
    const aShort = as.length <= bs.length;
    const short = aShort ? as : bs;
    const long = aShort ? bs : as;
    const s = short.length;
    const gaps = long.length - s;
    if (gaps === 0) {
      for (let i = 0; i < s; i++) sink(as[i], bs[i]);
      return;
    }
    const costOf = (i: number, j: number): number =>
      aShort ? cost(short[i], long[j]) : cost(long[j], short[i]);
    const emit = (i: number, j: number): void => (aShort ? sink(short[i], long[j]) : sink(long[j], short[i]));
    const cells = s * (gaps + 1);
    if (cells > this.cellsLeft) {
      for (let i = 0, j = 0; i < s; i++, j++) {
        while (long.length - (j + 1) >= s - i && costOf(i, j + 1) < costOf(i, j)) j++;
        emit(i, j);
      }
      return;
    }
    this.cellsLeft -= cells;
    const width = gaps + 1;
    if (this.from.length < cells) this.from = new Int32Array(cells);
    if (this.prev.length < width) {
      this.prev = new Float64Array(width);
      this.cur = new Float64Array(width);
    }
    let prev = this.prev;
    let cur = this.cur;
    const from = this.from;
    for (let g = 0; g < width; g++) prev[g] = costOf(0, g);
    for (let i = 1; i < s; i++) {
      // cur[g] = min over g0 ≤ g of prev[g0], plus the cost of short[i] with long[i + g].
      let best = Number.POSITIVE_INFINITY;
      let bestG = 0;
      for (let g = 0; g < width; g++) {
        if (prev[g] < best) {
          best = prev[g];
          bestG = g;
        }
        cur[g] = best + costOf(i, i + g);
        from[i * width + g] = bestG;
      }
      const t = prev;
      prev = cur;
      cur = t;
    }
    let g = 0;
    for (let h = 1; h < width; h++) if (prev[h] < prev[g]) g = h;
    for (let i = s - 1; i >= 0; i--) {
      emit(i, i + g);
      if (i > 0) g = from[i * width + g];
    }
  }
}
