/**
 * Rectangles batched by colour, drawn as one path per colour (the first of the two drawing
 * passes). Storage is preallocated and grows only when a frame needs more; a steady frame
 * allocates nothing.
 */

export interface RectSink {
  fillStyle: string | CanvasGradient | CanvasPattern;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  fill(): void;
}

export class RectBatch {
  private coords: Float32Array[];
  private counts: Uint32Array;

  constructor(slotCount: number) {
    this.coords = Array.from({ length: slotCount }, () => new Float32Array(256));
    this.counts = new Uint32Array(slotCount);
  }

  add(slot: number, x: number, y: number, w: number, h: number): void {
    let buf = this.coords[slot];
    const i = this.counts[slot] * 4;
    if (i + 4 > buf.length) {
      const bigger = new Float32Array(buf.length * 2);
      bigger.set(buf);
      this.coords[slot] = buf = bigger;
    }
    buf[i] = x;
    buf[i + 1] = y;
    buf[i + 2] = w;
    buf[i + 3] = h;
    this.counts[slot]++;
  }

  count(slot: number): number {
    return this.counts[slot];
  }

  /** Fills every non-empty slot with its colour, then empties the batch. */
  flush(ctx: RectSink, colours: readonly string[]): void {
    for (let s = 0; s < this.counts.length; s++) {
      const n = this.counts[s];
      if (n === 0) continue;
      const buf = this.coords[s];
      ctx.fillStyle = colours[s];
      ctx.beginPath();
      for (let i = 0; i < n * 4; i += 4) ctx.rect(buf[i], buf[i + 1], buf[i + 2], buf[i + 3]);
      ctx.fill();
      this.counts[s] = 0;
    }
  }
}
