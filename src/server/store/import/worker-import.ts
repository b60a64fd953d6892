/**
 * A streamed import as the HTTP thread drives it through the store's workers (create-store.ts):
 * chunks are gathered into ~1 MiB messages and posted (transferred) to the decode worker, which
 * acknowledges each once taken; `write` waits while more than WINDOW_BYTES are unacknowledged, so
 * the request is read only as fast as the store decodes and commits. The outcome comes from the
 * database worker.
 */
import { deserializeError, type ImportMessage, type ImportOutcome } from '../protocol.ts';
import { ImportFailure, type ImportResult, type ImportSession, isInputError } from '../types.ts';

/** Bytes gathered into one message to the decode worker. */
const MESSAGE_BYTES = 1024 * 1024;
/** Bytes sent and not yet taken by the decode worker before `write` waits. */
const WINDOW_BYTES = 8 * 1024 * 1024;

export class WorkerImportSession implements ImportSession {
  private gathered: Uint8Array[] = [];
  private gatheredBytes = 0;
  private unacked = 0;
  private wake: (() => void) | null = null;
  private outcome: ImportOutcome | Error | null = null;
  private readonly settled: Promise<void>;
  private settle: () => void = () => undefined;

  constructor(
    private readonly importId: number,
    private readonly post: (m: ImportMessage) => void,
  ) {
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  /** The decode worker took `bytes`. */
  acked(bytes: number): void {
    this.unacked -= bytes;
    this.wake?.();
  }

  /** The import ended (the database worker's outcome), or the store failed. */
  ended(outcome: ImportOutcome | Error): void {
    this.outcome ??= outcome;
    this.settle();
    this.wake?.();
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.throwIfOver();
    this.gathered.push(chunk);
    this.gatheredBytes += chunk.length;
    if (this.gatheredBytes >= MESSAGE_BYTES) this.flush();
    while (this.unacked > WINDOW_BYTES && !this.outcome) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    this.throwIfOver();
  }

  async end(): Promise<ImportResult> {
    this.throwIfOver();
    this.flush();
    this.post({ type: 'import-end', importId: this.importId });
    await this.settled;
    this.throwIfOver();
    return (this.outcome as ImportOutcome).kept;
  }

  async abort(): Promise<ImportResult> {
    if (!this.outcome) this.post({ type: 'import-abort', importId: this.importId });
    await this.settled;
    if (this.outcome instanceof Error) throw this.outcome;
    return (this.outcome as ImportOutcome).kept;
  }

  private flush(): void {
    if (this.gatheredBytes === 0) return;
    const bytes = Buffer.concat(this.gathered, this.gatheredBytes);
    this.unacked += bytes.length;
    this.gathered = [];
    this.gatheredBytes = 0;
    this.post({ type: 'import-chunk', importId: this.importId, bytes });
  }

  /** Throws how the import failed, once it did: an ImportFailure for the input's fault, else the error. */
  private throwIfOver(): void {
    const o = this.outcome;
    if (o instanceof Error) throw o;
    if (!o?.error) return;
    const error = deserializeError(o.error);
    throw isInputError(error) ? new ImportFailure(error, o.kept) : error;
  }
}
