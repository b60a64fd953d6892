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
 * A block sets all its lanes at once (a lazy tag), and epoch stamps make a tree node untouched
 * since begin() read as free: the cost does not grow with the blocks' heights, so a deep subtree
 * among many siblings costs no more than a leaf.
 */

/** Up to this many blocks the placed-block list beats the tree. */
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
  // Many blocks: tree node i covers lanes; the root is 1 over [0, size), node i's children are 2i, 2i + 1.
  private size = 0;
  private epoch = 0;
  /** Epoch a node was last written in; an older one reads as all lanes free. */
  private stamp = new Uint32Array(0);
  private minFree = new Float64Array(0);
  private maxFree = new Float64Array(0);
  /** Free-from time the whole node's lanes were set to and its children not yet told (NaN: none). */
  private pending = new Float64Array(0);

  /** Starts packing `blockCount` blocks whose heights sum to `laneBound`. */
  begin(blockCount: number, laneBound: number): void {
    this.blockCount = blockCount;
    this.placed = 0;
    this.usedLanes = 0;
    if (blockCount <= FEW_BLOCKS) return;
    let size = 1;
    while (size < laneBound) size *= 2;
    if (this.stamp.length < 2 * size) {
      this.stamp = new Uint32Array(2 * size);
      this.minFree = new Float64Array(2 * size);
      this.maxFree = new Float64Array(2 * size);
      this.pending = new Float64Array(2 * size);
    }
    this.size = size;
    this.epoch++;
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
    this.occupy(1, 0, this.size, offset, offset + heightLanes, toX);
    return offset;
  }

  /** Makes a node written before this epoch read as free. */
  private touch(node: number): void {
    if (this.stamp[node] === this.epoch) return;
    this.stamp[node] = this.epoch;
    this.minFree[node] = Number.NEGATIVE_INFINITY;
    this.maxFree[node] = Number.NEGATIVE_INFINITY;
    this.pending[node] = Number.NaN;
  }

  private setAll(node: number, freeFromX: number): void {
    this.stamp[node] = this.epoch;
    this.minFree[node] = freeFromX;
    this.maxFree[node] = freeFromX;
    this.pending[node] = freeFromX;
  }

  /** Hands a pending whole-node value down to both children. */
  private pushDown(node: number): void {
    const v = this.pending[node];
    if (Number.isNaN(v)) return;
    this.setAll(2 * node, v);
    this.setAll(2 * node + 1, v);
    this.pending[node] = Number.NaN;
  }

  /** First lane ≥ from of the node's lanes [lo, hi) free at x (the caller knows one exists). */
  private firstFree(node: number, lo: number, hi: number, from: number, x: number): number {
    this.touch(node);
    if (hi <= from || this.minFree[node] > x) return -1;
    if (hi - lo === 1) return lo;
    this.pushDown(node);
    const mid = (lo + hi) >>> 1;
    const left = this.firstFree(2 * node, lo, mid, from, x);
    return left >= 0 ? left : this.firstFree(2 * node + 1, mid, hi, from, x);
  }

  /** First lane in [from, to) of the node's lanes [lo, hi) busy at x, or -1. */
  private firstBusy(node: number, lo: number, hi: number, from: number, to: number, x: number): number {
    this.touch(node);
    if (hi <= from || lo >= to || this.maxFree[node] <= x) return -1;
    if (hi - lo === 1) return lo;
    this.pushDown(node);
    const mid = (lo + hi) >>> 1;
    const left = this.firstBusy(2 * node, lo, mid, from, to, x);
    return left >= 0 ? left : this.firstBusy(2 * node + 1, mid, hi, from, to, x);
  }

  /** Lanes [from, to) of the node's lanes [lo, hi) are busy until toX. */
  private occupy(node: number, lo: number, hi: number, from: number, to: number, toX: number): void {
    if (hi <= from || lo >= to) return;
    if (from <= lo && hi <= to) {
      this.setAll(node, toX);
      return;
    }
    this.touch(node);
    this.pushDown(node);
    const mid = (lo + hi) >>> 1;
    this.occupy(2 * node, lo, mid, from, to, toX);
    this.occupy(2 * node + 1, mid, hi, from, to, toX);
    this.touch(2 * node);
    this.touch(2 * node + 1);
    this.minFree[node] = Math.min(this.minFree[2 * node], this.minFree[2 * node + 1]);
    this.maxFree[node] = Math.max(this.maxFree[2 * node], this.maxFree[2 * node + 1]);
  }
}
