/**
 * The exports handed to the store and not yet acknowledged, and whether that is too much to take
 * more (`overloaded`: HTTP 429, gRPC RESOURCE_EXHAUSTED). Too much is: past a ceiling of bytes or
 * exports (the memory they hold), an oldest export that has waited too long, or more bytes than the
 * store commits in that time at the rate it acknowledged lately. The last one matters under
 * overload: retries refused together come back together, and without it a whole burst would be
 * admitted behind a young oldest export, queueing tens of seconds of work (an exporter gives up
 * after 10 s by default and sends the spans again).
 */

export interface BacklogLimits {
  /** Unacknowledged export bytes. */
  readonly bytes: number;
  /** Unacknowledged exports. */
  readonly requests: number;
  /** The wait the backlog may hold: of the oldest export, and of all bytes at the recent rate. */
  readonly ms: number;
}

/** Bytes always taken whatever the rate (a store that was idle has no recent rate). */
const FLOOR_BYTES = 4 * 2 ** 20;
/** The acknowledged-bytes rate is measured over windows at least this long. */
const WINDOW_MS = 1000;

export class ExportBacklog {
  private bytes = 0;
  /** When each waiting export was added, oldest first. */
  private readonly addedAt = new Map<number, number>();
  private nextKey = 0;
  /** Bytes acknowledged per ms lately (0 until measured). */
  private rate = 0;
  private windowStart: number;
  private windowBytes = 0;

  constructor(
    private readonly limits: BacklogLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowStart = now();
  }

  /** An export of `bytes` handed to the store; the key to give to `done`. */
  add(bytes: number): number {
    const key = this.nextKey++;
    this.bytes += bytes;
    this.addedAt.set(key, this.now());
    return key;
  }

  /** The export answered (`acknowledged`: committed, so it counts towards the rate). */
  done(key: number, bytes: number, acknowledged: boolean): void {
    this.bytes -= bytes;
    this.addedAt.delete(key);
    if (!acknowledged) return;
    this.windowBytes += bytes;
    const now = this.now();
    const elapsed = now - this.windowStart;
    if (elapsed < WINDOW_MS) return;
    const measured = this.windowBytes / elapsed;
    this.rate = this.rate === 0 ? measured : (this.rate + measured) / 2;
    this.windowStart = now;
    this.windowBytes = 0;
  }

  /** What waits now (for `/api/status`: benchmarks watch it under overload). */
  get waiting(): { readonly exports: number; readonly bytes: number } {
    return { exports: this.addedAt.size, bytes: this.bytes };
  }

  get overloaded(): boolean {
    const oldest: number | undefined = this.addedAt.values().next().value;
    return (
      this.bytes > this.limits.bytes ||
      this.addedAt.size > this.limits.requests ||
      (oldest !== undefined && this.now() - oldest > this.limits.ms) ||
      this.bytes > Math.max(FLOOR_BYTES, this.rate * this.limits.ms)
    );
  }
}
