/**
 * The minimap canvas above the waterfall. Its density image is rebuilt only when the rows, the size
 * or the palette change, and off the frame that noticed it (a 1M-row rebuild must not stall a
 * scroll frame); every frame just draws the image and the view window.
 */
import { buildDensityGrid } from '../../core/layout/density-grid.ts';
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

export const MINIMAP_HEIGHT_CSS_PX = 64;

export class MinimapSurface {
  private readonly ctx: CanvasRenderingContext2D;
  private image: HTMLCanvasElement | null = null;
  private imageKey: { rows: RowModel; w: number; h: number; palette: Palette } | null = null;
  private rebuild: ReturnType<typeof setTimeout> | null = null;
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
    const wPx = this.canvas.width;
    const hPx = Math.max(1, Math.round((MINIMAP_HEIGHT_CSS_PX - MINIMAP_AXIS_CSS_PX) * view.dpr));
    const k = this.imageKey;
    const fresh = k && k.rows === rows && k.w === wPx && k.h === hPx && k.palette === palette;
    if (!fresh && this.rebuild === null) {
      this.rebuild = setTimeout(() => {
        this.rebuild = null;
        this.build(cols, rows, wPx, hPx, palette, serviceSlot);
        this.onImageReady();
      }, 0);
    }
    const ticks = this.ticks.get(0, view.durationNs, view.widthCssPx, 110);
    paintMinimap(this.ctx, this.image, view, palette, ticks);
  }

  /** The current image, for the PNG export. */
  get element(): HTMLCanvasElement {
    return this.canvas;
  }

  dispose(): void {
    if (this.rebuild !== null) clearTimeout(this.rebuild);
    this.rebuild = null;
  }

  private build(
    cols: TraceColumns,
    rows: RowModel,
    wPx: number,
    hPx: number,
    palette: Palette,
    serviceSlot: Uint8Array,
  ): void {
    const grid = buildDensityGrid(cols, rows, wPx, hPx, NodeFlag.Error);
    const pixels = densityPixels(grid, palette, serviceSlot, wPx);
    const image = this.image ?? document.createElement('canvas');
    image.width = wPx;
    image.height = hPx;
    image
      .getContext('2d')!
      .putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, wPx, hPx), 0, 0);
    this.image = image;
    this.imageKey = { rows, w: wPx, h: hPx, palette };
  }
}
