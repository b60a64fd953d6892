/**
 * A canvas that a time-based view draws on: its size at the device pixel ratio, one animation frame
 * per burst of input (the view's draw), and a "settled" call once frames stop for a moment (when the
 * accessible mirror and the URL catch up: never per wheel event).
 */
import { createRafScheduler, type FrameScheduler } from '../../render/raf-scheduler.ts';

/** Quiet time after the last frame before the view counts as settled. */
const SETTLE_MS = 90;

export interface CanvasPoint {
  readonly xCssPx: number;
  readonly yCssPx: number;
}

export class CanvasSurface {
  readonly ctx: CanvasRenderingContext2D;
  widthCssPx = 0;
  heightCssPx = 0;
  dpr = 1;
  private readonly scheduler: FrameScheduler;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly draw: () => void,
    private readonly settled: () => void,
  ) {
    this.ctx = canvas.getContext('2d', { alpha: false })!;
    this.scheduler = createRafScheduler(() => this.drawNow());
  }

  /** Sizes the backing store for the CSS size at the current devicePixelRatio and draws at once. */
  resize(widthCssPx: number, heightCssPx: number): void {
    this.dpr = globalThis.devicePixelRatio || 1;
    this.widthCssPx = widthCssPx;
    this.heightCssPx = heightCssPx;
    const w = Math.max(1, Math.round(widthCssPx * this.dpr));
    const h = Math.max(1, Math.round(heightCssPx * this.dpr));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    this.drawNow();
  }

  /** Asks for one frame; any number of calls before it draw once. */
  schedule(): void {
    if (!this.disposed) this.scheduler.schedule();
  }

  /** Draws now if a frame is pending (e.g. before taking a PNG). */
  flush(): void {
    this.scheduler.flush();
  }

  /** The pointer's position in the canvas, CSS px. */
  pointOf(e: { readonly clientX: number; readonly clientY: number }): CanvasPoint {
    const r = this.canvas.getBoundingClientRect();
    return { xCssPx: e.clientX - r.left, yCssPx: e.clientY - r.top };
  }

  /** Paints the background only (nothing to draw yet). */
  clear(colour: string): void {
    this.ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    this.ctx.fillStyle = colour;
    this.ctx.fillRect(0, 0, this.widthCssPx, this.heightCssPx);
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.cancel();
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
  }

  private drawNow(): void {
    if (this.disposed) return;
    this.draw();
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      if (!this.disposed) this.settled();
    }, SETTLE_MS);
  }
}
