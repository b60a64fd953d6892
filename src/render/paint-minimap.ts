/**
 * The minimap: the whole trace (all rows × all time) as a density image, with the current view
 * (time window × rows on screen) outlined and the rest shaded. The image is made once per row
 * model and size (O(device pixels)); each frame only draws it and the window.
 */
import type { DensityGrid } from '../core/layout/density-grid.ts';
import { FONT_SMALL } from './fonts.ts';
import type { Palette } from './theme.ts';
import type { Ticks } from './time-ticks.ts';
import { snapCssPx } from './viewport.ts';

function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * RGBA pixels (widthPx × grid.bands, opaque) of the density grid: a cell's colour is its band's
 * service colour when the band shows one row, the palette's density colour otherwise, red where
 * errors are, with strength growing as the square root of the cell's count.
 */
export function densityPixels(
  grid: DensityGrid,
  p: Palette,
  serviceSlot: Uint8Array,
  widthPx: number,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(widthPx * grid.bands * 4);
  const bg = rgbOf(p.minimapBackground);
  const err = rgbOf(p.error);
  const services = p.services.map(rgbOf);
  const max = Math.max(1, grid.maxCount);
  for (let b = 0; b < grid.bands; b++) {
    const svc = grid.bandService[b];
    const base = svc >= 0 ? services[serviceSlot[svc]] : p.minimapDensity;
    for (let x = 0; x < widthPx; x++) {
      const c0 = Math.floor((x * grid.columns) / widthPx);
      const c1 = Math.max(c0 + 1, Math.floor(((x + 1) * grid.columns) / widthPx));
      let count = 0;
      let errors = 0;
      for (let c = c0; c < c1; c++) {
        const i = b * grid.columns + c;
        if (grid.count[i] > count) count = grid.count[i];
        if (grid.errors[i] > errors) errors = grid.errors[i];
      }
      const o = (b * widthPx + x) * 4;
      const a = count > 0 ? 0.35 + 0.65 * Math.sqrt(count / max) : 0;
      const col = errors > 0 ? err : base;
      out[o] = bg[0] + (col[0] - bg[0]) * a;
      out[o + 1] = bg[1] + (col[1] - bg[1]) * a;
      out[o + 2] = bg[2] + (col[2] - bg[2]) * a;
      out[o + 3] = 255;
    }
  }
  return out;
}

export interface MinimapView {
  readonly widthCssPx: number;
  readonly heightCssPx: number;
  readonly dpr: number;
  readonly durationNs: number;
  readonly startNs: number;
  readonly endNs: number;
  /** Rows on screen as fractions of all rows [0, 1]. */
  readonly firstRowFraction: number;
  readonly lastRowFraction: number;
}

/** Height of the tick strip above the density image. */
export const MINIMAP_AXIS_CSS_PX = 14;

export function paintMinimap(
  ctx: CanvasRenderingContext2D,
  image: CanvasImageSource | null,
  m: MinimapView,
  p: Palette,
  ticks: Ticks,
): void {
  ctx.setTransform(m.dpr, 0, 0, m.dpr, 0, 0);
  ctx.fillStyle = p.minimapBackground;
  ctx.fillRect(0, 0, m.widthCssPx, m.heightCssPx);
  const top = MINIMAP_AXIS_CSS_PX;
  const h = m.heightCssPx - top;
  if (image) ctx.drawImage(image, 0, top, m.widthCssPx, h);
  const xOf = (ns: number) => (ns / Math.max(m.durationNs, 1)) * m.widthCssPx;
  ctx.font = FONT_SMALL;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = p.textMuted;
  for (let i = 0; i < ticks.ns.length; i++) {
    const x = xOf(ticks.ns[i]);
    if (x > m.widthCssPx - 30) continue;
    ctx.fillRect(snapCssPx(x, m.dpr), 0, 1 / m.dpr, top);
    ctx.fillText(ticks.labels[i], x + 3, top / 2);
  }
  const x0 = snapCssPx(xOf(m.startNs), m.dpr);
  const x1 = Math.max(x0 + 2, snapCssPx(xOf(m.endNs), m.dpr));
  ctx.fillStyle = p.minimapShade;
  ctx.fillRect(0, top, x0, h);
  ctx.fillRect(x1, top, m.widthCssPx - x1, h);
  const y0 = top + snapCssPx(m.firstRowFraction * h, m.dpr);
  const y1 = Math.max(y0 + 3, top + snapCssPx(m.lastRowFraction * h, m.dpr));
  ctx.strokeStyle = p.minimapWindow;
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 + 0.5, top + 0.5, x1 - x0 - 1, h - 1);
  // The rows on screen, when not all of them fit.
  if (m.firstRowFraction > 0 || m.lastRowFraction < 1) {
    ctx.fillStyle = p.minimapWindow;
    ctx.globalAlpha = 0.18;
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    ctx.globalAlpha = 1;
  }
  ctx.fillStyle = p.divider;
  ctx.fillRect(0, m.heightCssPx - 1 / m.dpr, m.widthCssPx, 1 / m.dpr);
}
