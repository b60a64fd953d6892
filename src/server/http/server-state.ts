/**
 * What every receiver and route shares at run time: the store once it is open, readiness, the
 * acknowledgements still in flight (a shutdown waits for them before closing the store), and the
 * budget of request bodies held at once.
 */
import type { TraceStore } from '../store/types.ts';
import { BodyBudget } from './body-budget.ts';

export class ServerState {
  /** null until the store is open, and again once it is closing. */
  store: TraceStore | null = null;
  /** The store is open and the start-up imports and demo seeding have finished. */
  ready = false;
  /** A shutdown has begun: new work is refused with 503. */
  closing = false;
  readonly #inflight = new Set<Promise<unknown>>();

  constructor(
    /** Request bodies held at once, across the receivers (body-budget.ts). */
    readonly bodies = new BodyBudget(),
  ) {}

  /** The store when it may take new work. */
  get openStore(): TraceStore | null {
    return this.closing ? null : this.store;
  }

  /** Runs work that a shutdown must wait for (an ingest whose acknowledgement is pending). */
  track<T>(work: Promise<T>): Promise<T> {
    this.#inflight.add(work);
    const done = () => this.#inflight.delete(work);
    work.then(done, done);
    return work;
  }

  get inflightCount(): number {
    return this.#inflight.size;
  }

  async drain(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }
}
