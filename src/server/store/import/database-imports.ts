/**
 * The database worker's side of streamed imports: each import's batches are stored as they arrive
 * from the decode worker (an ImportTally per import), the decode worker is told when they are
 * committed (it holds back the next chunk meanwhile), and once the import is done the HTTP thread
 * gets its outcome: what was kept, and the error when it failed.
 */
import type { MessagePort } from 'node:worker_threads';
import {
  type ImportBatchMessage,
  type ImportCommitted,
  type ImportOutcome,
  type SerializedError,
  serializeError,
} from '../protocol.ts';
import type { BatchSize, ImportTally } from './import-tally.ts';

export class DatabaseImports {
  private readonly tallies = new Map<number, ImportTally>();

  constructor(
    /** A tally for a new import, on the store open now. */
    private readonly newTally: () => ImportTally,
    /** Told when a commit failed (the database may need reopening). */
    private readonly failed: (error: unknown) => void,
    private readonly parent: MessagePort,
    private readonly decode: MessagePort,
  ) {}

  onMessage(m: ImportBatchMessage): void {
    const { importId } = m;
    let tally = this.tallies.get(importId);
    if (!tally) this.tallies.set(importId, (tally = this.newTally()));
    if (m.type === 'import-batches') {
      const committed = ({ spans, bytes }: BatchSize) =>
        this.decode.postMessage({
          type: 'import-committed',
          importId,
          spans,
          bytes,
        } satisfies ImportCommitted);
      tally.add(m.batches, committed);
      return;
    }
    this.tallies.delete(importId);
    const kept = tally;
    const send = (error: SerializedError | undefined) =>
      this.parent.postMessage({
        type: 'import-outcome',
        importId,
        kept: kept.kept,
        ...(error ? { error } : {}),
      } satisfies ImportOutcome);
    // A commit that failed is the store's failure, whatever the input was.
    kept.settle().then(
      () => send(m.error),
      (error: unknown) => {
        this.failed(error);
        send(serializeError(error));
      },
    );
  }
}
