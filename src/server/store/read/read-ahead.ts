/**
 * Streamed trace reads started before they are asked for. A browser opening a `/trace/<id>` page asks
 * for the trace only once the page's entry script runs, 0.1–0.3 s after the page itself, while it
 * compiles the app on the same cores as the store's read; started when the page is served, the read
 * is done or well on its way by then. Its pieces are kept for the first read of the same trace and
 * delivery that asks within TAKE_WITHIN_MS, which gets them at once and the rest as it comes. The
 * caller checks that the trace's rows are still those the read began with (its seq range).
 */

import type { PieceSink } from '../types.ts';

/** A read not asked for within this long is cancelled and its pieces dropped. */
export const TAKE_WITHIN_MS = 5_000;
/** At most this many reads ahead at once (each may hold a whole answer): the oldest is dropped. */
export const MAX_READS_AHEAD = 2;

export interface SeqRange {
  readonly seqMin: bigint;
  readonly seqMax: bigint;
}

/** One read ahead: its pieces so far, and who follows it. */
export class ReadAhead {
  private readonly pieces: Uint8Array[] = [];
  private follower: PieceSink | null = null;
  /** Set once the read began: the rows it reads (null: the trace is not stored). */
  private rangeKnown: (range: SeqRange | null) => void = () => undefined;
  readonly range = new Promise<SeqRange | null>((resolve) => {
    this.rangeKnown = resolve;
  });
  readonly cancel = new AbortController();
  /** Settles as the read does: whether the trace was found. */
  ended: Promise<boolean> = Promise.resolve(false);

  /** Starts the read; `read` sends its pieces to `send` and tells its range first. */
  start(
    read: (
      send: PieceSink,
      onRange: (range: SeqRange | null) => void,
      signal: AbortSignal,
    ) => Promise<boolean>,
  ): void {
    this.ended = read(
      // Kept whole until taken (at most MAX_READS_AHEAD, for TAKE_WITHIN_MS); then paced by its taker.
      (piece) => {
        if (this.follower) return this.follower(piece);
        this.pieces.push(piece);
      },
      (range) => this.rangeKnown(range),
      this.cancel.signal,
    );
    // A read that fails before telling its range has none to offer.
    this.ended.then(
      () => this.rangeKnown(null),
      () => this.rangeKnown(null),
    );
  }

  /**
   * Hands the pieces so far to `send`, then the rest as they come; settles as the read does. Once
   * `signal` aborts, nothing more is sent, the read is cancelled and this rejects with `cancelled()`.
   */
  follow(send: PieceSink, signal: AbortSignal | undefined, cancelled: () => Error) {
    return new Promise<boolean>((resolve, reject) => {
      const stop = () => {
        this.follower = null;
        this.cancel.abort();
        reject(cancelled());
      };
      if (signal?.aborted) return stop();
      signal?.addEventListener('abort', stop, { once: true });
      const forward = (piece: Uint8Array) => (signal?.aborted ? undefined : send(piece));
      for (const piece of this.pieces) forward(piece);
      this.pieces.length = 0;
      this.follower = forward;
      this.ended.finally(() => signal?.removeEventListener('abort', stop)).then(resolve, reject);
    });
  }
}

/** The reads ahead by trace and delivery; each is taken once. */
export class ReadsAhead {
  private readonly reads = new Map<string, { read: ReadAhead; timer: ReturnType<typeof setTimeout> }>();

  static keyOf(traceId: string, delivery: string): string {
    return `${traceId} ${delivery}`;
  }

  /** A new read of `key` (none when one is waiting already), started by `start`. */
  add(key: string, start: (read: ReadAhead) => void): void {
    if (this.reads.has(key)) return;
    if (this.reads.size >= MAX_READS_AHEAD) this.drop(this.reads.keys().next().value as string);
    const read = new ReadAhead();
    const timer = setTimeout(() => this.drop(key), TAKE_WITHIN_MS);
    timer.unref?.();
    this.reads.set(key, { read, timer });
    start(read);
    read.ended.catch(() => undefined); // its taker hears of a failure; an untaken one is dropped
  }

  /** The read ahead of `key` (once), or null. */
  take(key: string): ReadAhead | null {
    const entry = this.reads.get(key);
    if (!entry) return null;
    clearTimeout(entry.timer);
    this.reads.delete(key);
    return entry.read;
  }

  private drop(key: string): void {
    this.take(key)?.cancel.abort();
  }

  /** Cancels every read ahead (the store is closing). */
  clear(): void {
    for (const key of [...this.reads.keys()]) this.drop(key);
  }
}
