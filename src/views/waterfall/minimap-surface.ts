/**
 * The minimap canvas above the waterfall. Its density image is rebuilt only when the rows, the size
 * or the palette change, in time slices between frames (a million rows must not block the UI
 * thread); every frame just draws the current image and the view window.
 */
import { DensityBuilder } from '../../core/layout/density-grid.ts';
import type { RowModel } from '../../core/layout/row-model.ts';
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import {
  densityPixels,
  MINIMAP_AXIS_CSS_PX,
  type MinimapView,
  paintMinimap,
} from '../../render/paint-minimap.ts';
import type { Palette } from '../../render/theme.ts';
import { TickCache } from '../../render/time-ticks.ts';
import { bodyHeightCssPx, type Viewport } from '../../render/viewport.ts';

export const MINIMAP_HEIGHT_CSS_PX = 64;

/** Work per slice: short enough to leave room for a frame. */
const SLICE_MS = 6;
const ROWS_PER_STEP = 4096;

interface ImageKey {
  readonly rows: RowModel;
  readonly w: number;
  readonly h: number;
  readonly palette: Palette;
}

export class MinimapSurface {
  private readonly ctx: CanvasRenderingContext2D;
  private image: HTMLCanvasElement | null = null;
  private imageKey: ImageKey | null = null;
  private building: { key: ImageKey; builder: DensityBuilder; timer: ReturnType<typeof setTimeout> } | null =
    null;
  private readonly ticks = new TickCache();

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly onImageReady: () => void,
  ) {
    this.ctx = canvas.getContext('2d', { alpha: false })!;
  }

  resize(widthCssPx: number, dpr: number): void {
    const w = Math.max(1, Math.round(widthCssPx * dpr));
    const h = Math.round(MINIMAP_HEIGHT_CSS_PX * dpr);
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
  }

  draw(
    cols: TraceColumns,
    rows: RowModel,
    view: MinimapView,
    palette: Palette,
    serviceSlot: Uint8Array,
  ): void {
    const key: ImageKey = {
      rows,
      w: this.canvas.width,
      h: Math.max(1, Math.round((MINIMAP_HEIGHT_CSS_PX - MINIMAP_AXIS_CSS_PX) * view.dpr)),
      palette,
    };
    if (!sameKey(this.imageKey, key) && !sameKey(this.building?.key ?? null, key))
      this.startBuild(cols, key, serviceSlot);
    const ticks = this.ticks.get(0, view.durationNs, view.widthCssPx, 110);
    paintMinimap(this.ctx, this.image, view, palette, ticks);
  }

  /** Draws the minimap for the waterfall's viewport: the whole range, the window and the rows shown. */
  drawFor(
    cols: TraceColumns,
    rows: RowModel,
    v: Viewport,
    durationNs: number,
    palette: Palette,
    serviceSlot: Uint8Array,
  ): void {
    const rowCount = Math.max(1, rows.rowCount);
    const bodyRows = bodyHeightCssPx(v) / v.rowHeightCssPx;
    const view: MinimapView = {
      widthCssPx: this.canvas.width / v.dpr,
      heightCssPx: this.canvas.height / v.dpr,
      dpr: v.dpr,
      durationNs,
      startNs: v.startNs,
      endNs: v.endNs,
      firstRowFraction: v.scrollTopCssPx / v.rowHeightCssPx / rowCount,
      lastRowFraction: Math.min(1, (v.scrollTopCssPx / v.rowHeightCssPx + bodyRows) / rowCount),
    };
    this.draw(cols, rows, view, palette, serviceSlot);
  }

  dispose(): void {
    if (this.building) clearTimeout(this.building.timer);
    this.building = null;
  }

  private startBuild(cols: TraceColumns, key: ImageKey, serviceSlot: Uint8Array): void {
    if (this.building) clearTimeout(this.building.timer);
    const builder = new DensityBuilder(cols, key.rows, key.w, key.h, NodeFlag.Error);
    // The image is painted in a task of its own: after a slice's work it made a task of 60–90 ms
    // at 1M spans while the worker kept the other core busy.
    const paint = () => {
      this.building = null;
      this.paintImage(builder, key, serviceSlot);
      this.onImageReady();
    };
    const slice = () => {
      const t0 = performance.now();
      while (!builder.step(ROWS_PER_STEP)) {
        if (performance.now() - t0 > SLICE_MS) {
          this.building!.timer = setTimeout(slice, 0);
          return;
        }
      }
      this.building!.timer = setTimeout(paint, 0);
    };
    this.building = { key, builder, timer: setTimeout(slice, 0) };
  }

  private paintImage(builder: DensityBuilder, key: ImageKey, serviceSlot: Uint8Array): void {
    const pixels = densityPixels(builder.grid!, key.palette, serviceSlot, key.w);
    const image = this.image ?? document.createElement('canvas');
    image.width = key.w;
    image.height = key.h;
    image
      .getContext('2d')!
      .putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, key.w, key.h), 0, 0);
    this.image = image;
    this.imageKey = key;
  }
}

function sameKey(a: ImageKey | null, b: ImageKey): boolean {
  return a !== null && a.rows === b.rows && a.w === b.w && a.h === b.h && a.palette === b.palette;
}
