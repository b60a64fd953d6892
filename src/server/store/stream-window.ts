/**
 * How much of a streamed trace read may be on its way to the client at once. The database worker
 * hands pieces to the HTTP thread, which credits them back once the socket has taken them; past
 * WINDOW_BYTES in flight, the read waits (its next result chunk is not fetched) until credits bring
 * it back within the window. A slow client then holds at most the window of the answer in memory,
 * not the whole answer of a trace of millions of spans.
 */
export const WINDOW_BYTES = 8 * 1024 * 1024;

export class StreamWindow {
  private inFlight = 0;
  private resume: (() => void) | null = null;

  constructor(private readonly limit = WINDOW_BYTES) {}

  /** `bytes` handed on; a promise, settled once credited back within the window, when over it. */
  sent(bytes: number): Promise<void> | undefined {
    this.inFlight += bytes;
    if (this.inFlight <= this.limit) return undefined;
    return new Promise((resolve) => {
      this.resume = resolve;
    });
  }

  /** The client took `bytes`. */
  credit(bytes: number): void {
    this.inFlight -= bytes;
    if (this.inFlight <= this.limit) this.release();
  }

  /** Lets a waiting read go on whatever is in flight (it was cancelled: it stops at its next check). */
  release(): void {
    this.resume?.();
    this.resume = null;
  }
}
