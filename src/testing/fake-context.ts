/**
 * Tests only: a recording stand-in for CanvasRenderingContext2D. It keeps every call with the
 * state it ran under (fill style, font, alpha), so painter tests assert on what was drawn.
 * Text is measured as 6 px per character at 12 px.
 */

export interface DrawCall {
  readonly op: string;
  readonly args: readonly unknown[];
  readonly fillStyle: string;
  readonly strokeStyle: string;
  readonly font: string;
  readonly globalAlpha: number;
}

export interface FilledRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fillStyle: string;
  readonly globalAlpha: number;
}

export class RecordingContext {
  fillStyle = '#000000';
  strokeStyle = '#000000';
  font = '12px sans-serif';
  globalAlpha = 1;
  lineWidth = 1;
  textAlign = 'start';
  textBaseline = 'alphabetic';
  readonly calls: DrawCall[] = [];
  private pathRects: { x: number; y: number; w: number; h: number }[] = [];
  private stack: { fillStyle: string; strokeStyle: string; font: string; globalAlpha: number }[] = [];

  private record(op: string, args: unknown[]): void {
    this.calls.push({
      op,
      args,
      fillStyle: String(this.fillStyle),
      strokeStyle: String(this.strokeStyle),
      font: this.font,
      globalAlpha: this.globalAlpha,
    });
  }

  /** Every rectangle filled, by fillRect or by fill() of a path of rect()s. */
  filledRects(): FilledRect[] {
    const out: FilledRect[] = [];
    for (const c of this.calls) {
      if (c.op === 'fillRect' || c.op === 'fillPathRect') {
        const [x, y, w, h] = c.args as number[];
        out.push({ x, y, w, h, fillStyle: c.fillStyle, globalAlpha: c.globalAlpha });
      }
    }
    return out;
  }

  texts(): { text: string; x: number; y: number; fillStyle: string; font: string }[] {
    return this.calls
      .filter((c) => c.op === 'fillText')
      .map((c) => ({
        text: c.args[0] as string,
        x: c.args[1] as number,
        y: c.args[2] as number,
        fillStyle: c.fillStyle,
        font: c.font,
      }));
  }

  count(op: string): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  save(): void {
    this.stack.push({
      fillStyle: String(this.fillStyle),
      strokeStyle: String(this.strokeStyle),
      font: this.font,
      globalAlpha: this.globalAlpha,
    });
    this.record('save', []);
  }

  restore(): void {
    const s = this.stack.pop();
    if (s) Object.assign(this, s);
    this.record('restore', []);
  }

  setTransform(...args: number[]): void {
    this.record('setTransform', args);
  }
  clearRect(...args: number[]): void {
    this.record('clearRect', args);
  }
  fillRect(...args: number[]): void {
    this.record('fillRect', args);
  }
  strokeRect(...args: number[]): void {
    this.record('strokeRect', args);
  }
  beginPath(): void {
    this.pathRects = [];
    this.record('beginPath', []);
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.pathRects.push({ x, y, w, h });
    this.record('rect', [x, y, w, h]);
  }
  moveTo(...args: number[]): void {
    this.record('moveTo', args);
  }
  lineTo(...args: number[]): void {
    this.record('lineTo', args);
  }
  closePath(): void {
    this.record('closePath', []);
  }
  arc(...args: number[]): void {
    this.record('arc', args);
  }
  fill(): void {
    for (const r of this.pathRects) this.record('fillPathRect', [r.x, r.y, r.w, r.h]);
    this.record('fill', []);
  }
  stroke(): void {
    this.record('stroke', []);
  }
  clip(): void {
    this.record('clip', []);
  }
  fillText(text: string, x: number, y: number): void {
    this.record('fillText', [text, x, y]);
  }
  measureText(text: string): { width: number } {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1] ?? 12);
    return { width: text.length * size * 0.5 };
  }
  drawImage(...args: unknown[]): void {
    this.record('drawImage', args);
  }
  putImageData(...args: unknown[]): void {
    this.record('putImageData', args);
  }
}
