/**
 * Level of detail for the minimap: the whole waterfall (every row, the whole trace time) summarised
 * into a grid of time buckets × pixel bands. Each cell counts the rows of its band whose span covers
 * its bucket, so drawing costs O(cells) whatever the span count. Bucket counts are powers of two
 * (as Perfetto's summaries are) so a grid is reused across resizes until the width doubles.
 * Building is O(rows + cells): one difference-array update per row, then a prefix sum per band;
 * DensityBuilder does both in slices so that the UI thread never blocks long.
 */
import { fillRows, type RowModel } from './row-model.ts';

export interface DensityGrid {
  /** Time buckets over [0, spanNs]: a power of two. */
  readonly columns: number;
  /** Pixel bands over the rows. */
  readonly bands: number;
  readonly spanNs: number;
  /** Rows covering cell (band b, bucket c) at [b * columns + c]. */
  readonly count: Float32Array;
  /** Error rows covering the cell. */
  readonly errors: Float32Array;
  readonly maxCount: number;
  /** Service string index of the one row a band shows, or -1 when a band holds several rows (or none). */
  readonly bandService: Int32Array;
}

export interface DensityInput {
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
  readonly service: Uint32Array;
  readonly flags: Uint8Array;
  readonly durationNs: number;
}

/** The smallest power of two ≥ px (at least 64, at most 8192). */
export function bucketCountFor(px: number): number {
  let c = 64;
  while (c < px && c < 8192) c *= 2;
  return c;
}

const ROW_CHUNK = 4096;

/**
 * Builds a DensityGrid a slice of rows at a time, so that a caller on the UI thread can spread a
 * million rows over many short tasks (`step`) instead of one long one.
 */
export class DensityBuilder {
  readonly columns: number;
  private readonly stride: number;
  private readonly diff: Float32Array;
  private readonly errDiff: Float32Array;
  private readonly bandService: Int32Array;
  private readonly bandRows: Uint32Array;
  private readonly chunk = new Uint32Array(ROW_CHUNK);
  private readonly scale: number;
  private readonly spanNs: number;
  private next = 0;
  private nextBand = 0;
  private readonly sums: { count: Float32Array; errors: Float32Array; maxCount: number };
  private result: DensityGrid | null = null;

  constructor(
    private readonly cols: DensityInput,
    private readonly rows: RowModel,
    widthPx: number,
    readonly bands: number,
    private readonly errorFlag: number,
  ) {
    this.columns = bucketCountFor(widthPx);
    this.spanNs = Math.max(cols.durationNs, 1);
    this.stride = this.columns + 1;
    this.diff = new Float32Array(bands * this.stride);
    this.errDiff = new Float32Array(bands * this.stride);
    this.bandService = new Int32Array(bands).fill(-1);
    this.bandRows = new Uint32Array(bands);
    this.scale = this.columns / this.spanNs;
    const cells = bands * this.columns;
    this.sums = { count: new Float32Array(cells), errors: new Float32Array(cells), maxCount: 0 };
  }

  /** The finished grid, or null while rows remain. */
  get grid(): DensityGrid | null {
    return this.result;
  }

  /**
   * Adds up to `maxRows` more rows (rounded up to a chunk), then sums the bands' cells as much work
   * again (a band is as many cells as there are time buckets); true once the grid is finished.
   */
  step(maxRows: number): boolean {
    if (this.result) return true;
    const { cols, rows, bands, columns, stride, diff, errDiff, chunk } = this;
    const total = rows.rowCount;
    const stop = Math.min(total, this.next + Math.max(1, maxRows));
    while (this.next < stop) {
      const first = this.next;
      const n = fillRows(rows, first, chunk);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const node = chunk[i];
        const r = first + i;
        const b0 = Math.floor((r * bands) / total);
        const b1 = Math.max(b0 + 1, Math.floor(((r + 1) * bands) / total));
        const x0 = Math.min(columns - 1, Math.max(0, Math.floor(cols.startNs[node] * this.scale)));
        const x1 = Math.min(columns, Math.max(x0 + 1, Math.ceil(cols.endNs[node] * this.scale)));
        const isErr = (cols.flags[node] & this.errorFlag) !== 0;
        for (let b = b0; b < b1; b++) {
          diff[b * stride + x0] += 1;
          diff[b * stride + x1] -= 1;
          if (isErr) {
            errDiff[b * stride + x0] += 1;
            errDiff[b * stride + x1] -= 1;
          }
          this.bandService[b] = this.bandRows[b]++ === 0 ? cols.service[node] : -1;
        }
      }
      this.next = first + n;
    }
    if (this.next < total) return false;
    this.sumBands(Math.max(1, Math.floor(maxRows / columns)));
    if (this.nextBand < bands) return false;
    const { count, errors, maxCount } = this.sums;
    this.result = {
      columns,
      bands,
      spanNs: this.spanNs,
      count,
      errors,
      maxCount,
      bandService: this.bandService,
    };
    return true;
  }

  /** Prefix sums of the next `bandCount` bands: each cell's count of covering rows. */
  private sumBands(bandCount: number): void {
    const { bands, columns, stride, diff, errDiff, sums } = this;
    const stop = Math.min(bands, this.nextBand + bandCount);
    for (let b = this.nextBand; b < stop; b++) {
      let acc = 0;
      let errAcc = 0;
      for (let c = 0; c < columns; c++) {
        acc += diff[b * stride + c];
        errAcc += errDiff[b * stride + c];
        sums.count[b * columns + c] = acc;
        sums.errors[b * columns + c] = errAcc;
        if (acc > sums.maxCount) sums.maxCount = acc;
      }
    }
    this.nextBand = stop;
  }
}

/** The whole grid in one go (tests, small traces). */
export function buildDensityGrid(
  cols: DensityInput,
  rows: RowModel,
  widthPx: number,
  bands: number,
  errorFlag: number,
): DensityGrid {
  const b = new DensityBuilder(cols, rows, widthPx, bands, errorFlag);
  b.step(Number.POSITIVE_INFINITY);
  return b.grid!;
}
