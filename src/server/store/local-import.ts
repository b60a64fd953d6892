/**
 * A streamed import within one thread (the in-process DuckStore of tests and tools): each chunk is
 * decoded and prepared inline (import-decoder.ts) and its batches stored (import-tally.ts); `write`
 * waits while too many spans await their commit. The server runs the same steps in its workers
 * (worker-import.ts, decode-imports.ts).
 */
import { type ImportDecoder, slices } from './import-decoder.ts';
import type { ImportTally } from './import-tally.ts';
import { ImportFailure, type ImportResult, type ImportSession, isInputError } from './types.ts';

/** Spans of one import that may wait for their commit before it takes more input. */
export const MAX_PENDING_IMPORT_SPANS = 60_000;

export class LocalImportSession implements ImportSession {
  private failure: ImportFailure | null = null;

  constructor(
    private readonly decoder: ImportDecoder,
    private readonly tally: ImportTally,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    await this.step(() => {
      for (const slice of slices(chunk)) this.tally.add(this.decoder.push(slice));
    });
    await this.tally.below(MAX_PENDING_IMPORT_SPANS);
  }

  async end(): Promise<ImportResult> {
    await this.step(() => this.tally.add(this.decoder.end()));
    return this.tally.settle();
  }

  async abort(): Promise<ImportResult> {
    return this.failure?.kept ?? this.tally.settle();
  }

  /** Runs a decoding step; an input error fails the import once what came before is committed. */
  private async step(run: () => void): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      run();
    } catch (error) {
      if (!isInputError(error)) throw error;
      this.failure = new ImportFailure(error, await this.tally.settle());
      throw this.failure;
    }
  }
}
