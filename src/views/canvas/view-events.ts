/**
 * What a canvas view tells the page, once per change rather than per frame: the performance mark of
 * its first complete frame (benchmarks and tests wait for it), and its time window once it settles
 * (the URL's zoom).
 */
import { sameWindow, type TimeWindow } from '../../render/time-axis.ts';

/** Sets `performance.mark(name, {detail: {spanCount}})` once, when the first complete frame is on screen. */
export class FirstFrameMark {
  private done = false;

  reset(): void {
    this.done = false;
  }

  /** Call after drawing a complete frame; marks (and calls `then`) only the first time since `reset`. */
  drawn(name: string | null, spanCount: number, then?: () => void): void {
    if (this.done) return;
    this.done = true;
    // The frame drawn now is on screen once the next one starts.
    if (name || then)
      requestAnimationFrame(() => {
        if (name) performance.mark(name, { detail: { spanCount } });
        then?.();
      });
  }
}

/** Reports a settled time window only when it differs from the last one reported (or applied). */
export class WindowReporter {
  private last: TimeWindow | null = null;

  /** The window the view was given (from the URL): not reported back. */
  applied(w: TimeWindow | null): void {
    this.last = w;
  }

  settled(w: TimeWindow | null, report: ((w: TimeWindow | null) => void) | undefined): void {
    if (sameWindow(w, this.last)) return;
    this.last = w;
    report?.(w);
  }
}
