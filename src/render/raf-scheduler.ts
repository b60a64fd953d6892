/**
 * One animation frame per burst of input: any number of schedule() calls before the next frame
 * produce a single draw. Input handlers only update a viewport and call schedule().
 */

export interface FrameScheduler {
  schedule(): void;
  /** Draws now if a frame is pending (e.g. before taking a PNG). */
  flush(): void;
  cancel(): void;
}

export function createRafScheduler(
  draw: (timeMs: number) => void,
  raf: (cb: (t: number) => void) => number = (cb) => requestAnimationFrame(cb),
  cancelRaf: (id: number) => void = (id) => cancelAnimationFrame(id),
): FrameScheduler {
  let pending = 0;
  const run = (t: number) => {
    pending = 0;
    draw(t);
  };
  return {
    schedule() {
      if (pending === 0) pending = raf(run);
    },
    flush() {
      if (pending === 0) return;
      cancelRaf(pending);
      pending = 0;
      draw(performance.now());
    },
    cancel() {
      if (pending !== 0) cancelRaf(pending);
      pending = 0;
    },
  };
}
