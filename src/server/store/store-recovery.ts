/**
 * The database worker's open store, reopened when DuckDB has invalidated it. A write that fails
 * inside a checkpoint (a full disk, a file system gone read-only) is fatal to a DuckDB instance:
 * from then on it refuses every call, reads included, even once space returns. Only a new instance
 * reads the database again; it replays the WAL, so nothing committed is lost. A commit whose WAL
 * write fails is not fatal (DuckDB rolls it back), so that case needs nothing here.
 *
 * While no store is open (the reopen is retried every second: the disk may still be full), calls
 * fail at once with the reason, so exports are answered 503 / UNAVAILABLE rather than left waiting.
 */
import { DuckStore } from './duck-store.ts';
import type { StoreOptions } from './store-options.ts';

/** A fatal error invalidates the instance; later calls are refused saying so. */
const INVALIDATED = /FATAL Error|database has been invalidated/;
const RETRY_MS = 1000;

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];

export class StoreRecovery {
  private store: DuckStore | null = null;
  /** Numbers the stores opened: a late error of a store already replaced is ignored. */
  private generation = 0;
  private reason = '';
  private closed = false;

  private constructor(
    private readonly options: StoreOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** Opens the store; rejects (as DuckStore.open) when it cannot be opened at start. */
  static async open(options: StoreOptions, log: (line: string) => void): Promise<StoreRecovery> {
    const recovery = new StoreRecovery(options, log);
    recovery.store = await recovery.openStore();
    return recovery;
  }

  private openStore(): Promise<DuckStore> {
    const generation = ++this.generation;
    return DuckStore.open({
      ...this.options,
      log: this.log,
      // A failed idle checkpoint may be the first sign: no call need fail before the reopen.
      onCheckpointError: (error) => {
        if (generation === this.generation) this.failed(error);
      },
    });
  }

  /** The open store; throws why there is none while it is being reopened. */
  get current(): DuckStore {
    if (this.store) return this.store;
    throw new Error(`the store is unavailable until its database reopens: ${this.reason}`);
  }

  /** Told of every failed call: an invalidated database is closed and reopened in the background. */
  failed(error: unknown): void {
    const broken = this.store;
    if (!broken || this.closed || !INVALIDATED.test(String((error as Error)?.message))) return;
    this.store = null;
    // DuckDB's message says why, on its "Original error" line when it is a later call that failed.
    this.reason = /Original error: "(.*)"$/m.exec((error as Error).message)?.[1] ?? firstLine(error);
    this.log(`spanscope: the database failed (${this.reason}); reopening it once it can be written`);
    void this.reopen(broken);
  }

  private async reopen(broken: DuckStore): Promise<void> {
    await broken.close().catch(() => undefined);
    while (!this.closed) {
      try {
        const store = await this.openStore();
        if (this.closed) return await store.close();
        this.store = store;
        this.log('spanscope: the database is open again');
        return;
      } catch (error) {
        this.reason = firstLine(error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** Closes the open store (if any) and stops reopening. */
  async close(): Promise<void> {
    this.closed = true;
    await this.store?.close();
  }
}
