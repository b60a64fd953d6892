/**
 * A streamed import within one thread (the in-process DuckStore of tests and tools): each chunk is
 * decoded and prepared inline (import-decoder.ts) and its batches stored (import-tally.ts), waiting
 * after each piece while too many spans await their commit. The server runs the same steps in its
 * workers (worker-import.ts, decode-imports.ts).
 */
import type { PreparedBatch } from '../ingest/batch-columns.ts';
import { ImportFailure, type ImportResult, type ImportSession, isInputError } from '../types.ts';
import { driveImport, type ImportDecoder } from './import-decoder.ts';
import type { BatchSize, ImportTally } from './import-tally.ts';

/**
 * What of one import may wait for its commit before it decodes more: enough to keep the database
 * busy (a commit group is up to 50,000 spans), little enough to keep memory flat whatever the spans'
 * size (a piece of 4 KB spans is ~24 MB prepared).
 */
export const MAX_PENDING_IMPORT: BatchSize = { spans: 60_000, bytes: 32 * 1024 * 1024 };

export class LocalImportSession implements ImportSession {
  private failure: ImportFailure | null = null;

  constructor(
    private readonly decoder: ImportDecoder,
    private readonly tally: ImportTally,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    await this.run(this.decoder.chunk(chunk));
  }

  async end(): Promise<ImportResult> {
    await this.run(this.decoder.end());
    return this.tally.settle();
  }

  async abort(): Promise<ImportResult> {
    return this.failure?.kept ?? this.tally.settle();
  }

  /** An input error fails the import once what came before it is committed. */
  private async run(steps: Iterator<PreparedBatch[]>): Promise<void> {
    if (this.failure) throw this.failure;
    const error = await driveImport(
      steps,
      (batches) => this.tally.add(batches),
      () => this.tally.below(MAX_PENDING_IMPORT),
    );
    if (error === null) return;
    if (!isInputError(error)) throw error;
    this.failure = new ImportFailure(error, await this.tally.settle());
    throw this.failure;
  }
}
