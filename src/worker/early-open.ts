/**
 * The trace a worker made for it opens as it starts (trace.worker.ts: the store's URL and the skew
 * setting are in its name). The page's `open` reaches a starting worker only once the page's thread,
 * busy starting the app, passes on the messages queued for it: 30–90 ms after the worker was ready,
 * at 100k spans on the 2-core machine, which the read, the decoding and the tree now use. The open
 * takes the result over; its progress (and previews, if it draws them) are heard from then on.
 */
import type { LoadProgress } from './protocol.ts';

/** Who hears of an open under way. */
export interface OpenListener {
  progress(p: LoadProgress): void;
  /** Whether previews of a streamed trace are wanted (stream-preview.ts). */
  readonly previews: boolean;
}

export class EarlyOpen<T> {
  private listener: OpenListener | null = null;
  /** The latest progress heard before the open took over, told to it then. */
  private progressSoFar: LoadProgress | null = null;
  private readonly result: Promise<T>;

  constructor(
    readonly url: string,
    readonly adjustClockSkew: boolean,
    run: (listener: OpenListener) => Promise<T>,
  ) {
    const self = this;
    this.result = run({
      progress(p) {
        if (self.listener) self.listener.progress(p);
        else if (!p.preview) self.progressSoFar = p;
      },
      get previews() {
        return self.listener?.previews ?? false;
      },
    });
    // The open that takes it reports a failure.
    this.result.catch(() => undefined);
  }

  /** The result, for the open that takes it; `listener` hears of the open from now on. */
  take(listener: OpenListener): Promise<T> {
    this.listener = listener;
    if (this.progressSoFar) listener.progress(this.progressSoFar);
    return this.result;
  }
}
