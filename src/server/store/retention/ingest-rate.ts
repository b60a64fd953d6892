/** Spans committed per second over the last minute (`/api/status`), in one-second buckets. */

const WINDOW_S = 60;

export class IngestRate {
  private readonly counts = new Float64Array(WINDOW_S);
  private readonly seconds = new Float64Array(WINDOW_S).fill(-1);

  constructor(private readonly now: () => number = Date.now) {}

  add(spans: number): void {
    const second = Math.floor(this.now() / 1000);
    const i = second % WINDOW_S;
    if (this.seconds[i] !== second) {
      this.seconds[i] = second;
      this.counts[i] = 0;
    }
    this.counts[i] += spans;
  }

  /** Spans per second over the last minute (to 0.1: a trickle of 20 spans a minute is not 0). */
  perSecond(): number {
    const second = Math.floor(this.now() / 1000);
    let total = 0;
    for (let i = 0; i < WINDOW_S; i++) if (second - this.seconds[i] < WINDOW_S) total += this.counts[i];
    return Math.round((total / WINDOW_S) * 10) / 10;
  }
}
