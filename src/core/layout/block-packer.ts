/**
 * First fit of blocks into lanes, for the children of one node of the flame chart: each block (a
 * child's whole subtree: `heightLanes` lanes over [fromX, toX]) goes at the lowest lane offset where
 * every one of its lanes is free at fromX, a lane being free from the end of the last block placed
 * in it (touching is allowed). A lane's free-from time only grows, so gaps are never refilled.
 *
 * Few blocks: a list of the placed blocks, O(blocks²) per placement. Many blocks (a span with
 * 100,000 children): a segment tree over the lanes holding the free-from time (min: first free
 * lane at fromX; max: first busy lane in a window), O(log lanes) per jump, where a placement
 * jumps once per busy run of lanes too short for it (one jump when every block is one lane high).
 */

/** Up to this many blocks the placed-block list beats the tree's set-up. */
const FEW_BLOCKS = 16;

export class BlockPacker {
  private blockCount = 0;
  private placed = 0;
  /** Lanes used so far (one past the lowest lane of a placed block). */
  usedLanes = 0;
  // Few blocks: the placed ones.
  private readonly placedOffset = new Uint32Array(FEW_BLOCKS);
  private readonly placedHeight = new Uint32Array(FEW_BLOCKS);
  private readonly placedToX = new Float64Array(FEW_BLOCKS);
  // Many blocks: tree node i covers leaves (lanes); the root is 1, leaves are [size, 2 · size).
  private size = 0;
  private minFree = new Float64Array(0);
  private maxFree = new Float64Array(0);

  /** Starts packing `blockCount` blocks whose heights sum to `laneBound`. */
  begin(blockCount: number, laneBound: number): void {
    this.blockCount = blockCount;
    this.placed = 0;
    this.usedLanes = 0;
    if (blockCount <= FEW_BLOCKS) return;
    let size = 1;
    while (size < laneBound) size *= 2;
    if (this.minFree.length < 2 * size) {
      this.minFree = new Float64Array(2 * size);
      this.maxFree = new Float64Array(2 * size);
    }
    this.size = size;
    this.minFree.fill(Number.NEGATIVE_INFINITY, 0, 2 * size);
    this.maxFree.fill(Number.NEGATIVE_INFINITY, 0, 2 * size);
  }

  /** Places the next block; returns its lane offset. */
  place(heightLanes: number, fromX: number, toX: number): number {
    const offset =
      this.blockCount <= FEW_BLOCKS
        ? this.placeAmongFew(heightLanes, fromX, toX)
        : this.placeInTree(heightLanes, fromX, toX);
    this.placed++;
    if (offset + heightLanes > this.usedLanes) this.usedLanes = offset + heightLanes;
    return offset;
  }

  private placeAmongFew(heightLanes: number, fromX: number, toX: number): number {
    const { placedOffset, placedHeight, placedToX } = this;
    // Every block still busy at fromX that overlaps the candidate lanes pushes it below itself.
    let offset = 0;
    for (let moved = true; moved; ) {
      moved = false;
      for (let j = 0; j < this.placed; j++) {
        const below = placedOffset[j] + placedHeight[j];
        if (placedToX[j] > fromX && placedOffset[j] < offset + heightLanes && offset < below) {
          offset = below;
          moved = true;
        }
      }
    }
    placedOffset[this.placed] = offset;
    placedHeight[this.placed] = heightLanes;
    placedToX[this.placed] = toX;
    return offset;
  }

  private placeInTree(heightLanes: number, fromX: number, toX: number): number {
    let offset = 0;
    for (;;) {
      offset = this.firstFree(1, 0, this.size, offset, fromX);
      const busy = this.firstBusy(1, 0, this.size, offset, offset + heightLanes, fromX);
      if (busy < 0) break;
      offset = busy + 1;
    }
    this.occupy(offset, offset + heightLanes, toX);
    return offset;
  }

  /** First lane ≥ from of the tree node's leaves [lo, hi) free at x (the caller knows one exists). */
  private firstFree(node: number, lo: number, hi: number, from: number, x: number): number {
    if (hi <= from || this.minFree[node] > x) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >>> 1;
    const left = this.firstFree(2 * node, lo, mid, from, x);
    return left >= 0 ? left : this.firstFree(2 * node + 1, mid, hi, from, x);
  }

  /** First lane in [from, to) of the tree node's leaves [lo, hi) busy at x, or -1. */
  private firstBusy(node: number, lo: number, hi: number, from: number, to: number, x: number): number {
    if (hi <= from || lo >= to || this.maxFree[node] <= x) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >>> 1;
    const left = this.firstBusy(2 * node, lo, mid, from, to, x);
    return left >= 0 ? left : this.firstBusy(2 * node + 1, mid, hi, from, to, x);
  }

  /** Lanes [from, to) are busy until toX: leaves set, then their ancestors level by level, O(to − from + log). */
  private occupy(from: number, to: number, toX: number): void {
    const { minFree, maxFree } = this;
    let a = from + this.size;
    let b = to + this.size;
    minFree.fill(toX, a, b);
    maxFree.fill(toX, a, b);
    while (a > 1) {
      a >>>= 1;
      b = ((b - 1) >>> 1) + 1;
      for (let i = a; i < b; i++) {
        minFree[i] = Math.min(minFree[2 * i], minFree[2 * i + 1]);
        maxFree[i] = Math.max(maxFree[2 * i], maxFree[2 * i + 1]);
      }
    }
  }
}
