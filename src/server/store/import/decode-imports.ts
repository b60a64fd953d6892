/**
 * The decode worker's side of streamed imports: each import's chunks are decoded in order, piece by
 * piece (import-decoder.ts), and its batches handed to the database worker; before the next piece,
 * it waits while too many of the import's spans await their commit. Each chunk is acknowledged to
 * the HTTP thread once taken, so the HTTP thread reads the request only as fast as the store
 * commits. Exports decoded meanwhile are not held up: the waiting is asynchronous.
 */
import type { MessagePort } from 'node:worker_threads';
import { batchBuffers, type PreparedBatch } from '../ingest/batch-columns.ts';
import type { InputPreparer } from '../ingest/prepare-input.ts';
import {
  type ImportAck,
  type ImportBatchMessage,
  type ImportCommitted,
  type ImportMessage,
  serializeError,
} from '../protocol.ts';
import { driveImport, ImportDecoder } from './import-decoder.ts';
import { over, sizeOf } from './import-tally.ts';
import { MAX_PENDING_IMPORT } from './local-import.ts';

interface DecodeImport {
  readonly decoder: ImportDecoder;
  readonly queue: ImportMessage[];
  running: boolean;
  /** Spans and bytes handed to the database worker and not yet committed. */
  pending: { spans: number; bytes: number };
  wake: (() => void) | null;
  /** The import failed: later chunks are dropped. */
  over: boolean;
}

export class DecodeImports {
  private readonly imports = new Map<number, DecodeImport>();

  constructor(
    private readonly preparer: InputPreparer,
    private readonly parent: MessagePort,
    private readonly database: MessagePort,
  ) {}

  onMessage(m: ImportMessage): void {
    if (m.type === 'import-start') {
      const decoder = new ImportDecoder(this.preparer, m.options);
      this.imports.set(m.importId, {
        decoder,
        queue: [],
        running: false,
        pending: { spans: 0, bytes: 0 },
        wake: null,
        over: false,
      });
      return;
    }
    const imp = this.imports.get(m.importId);
    if (!imp) return;
    imp.queue.push(m);
    if (!imp.running) void this.run(m.importId, imp);
  }

  committed(m: ImportCommitted): void {
    const imp = this.imports.get(m.importId);
    if (!imp) return;
    imp.pending.spans -= m.spans;
    imp.pending.bytes -= m.bytes;
    imp.wake?.();
  }

  private send(m: ImportBatchMessage, batches: readonly PreparedBatch[] = []): void {
    this.database.postMessage(m, batchBuffers(batches));
  }

  private async run(importId: number, imp: DecodeImport): Promise<void> {
    imp.running = true;
    for (let m = imp.queue.shift(); m; m = imp.queue.shift()) {
      if (m.type === 'import-chunk') {
        if (!imp.over) await this.drive(importId, imp, imp.decoder.chunk(m.bytes));
        this.parent.postMessage({ type: 'import-ack', importId, bytes: m.bytes.length } satisfies ImportAck);
        continue;
      }
      if (m.type === 'import-end' && !imp.over) await this.drive(importId, imp, imp.decoder.end());
      if (!imp.over) this.send({ type: 'import-done', importId });
      this.imports.delete(importId);
      return;
    }
    imp.running = false;
  }

  /** Hands each piece's batches on, waiting while too many spans await their commit; a failure ends the import. */
  private async drive(importId: number, imp: DecodeImport, steps: Iterator<PreparedBatch[]>): Promise<void> {
    const error = await driveImport(
      steps,
      (batches) => {
        if (batches.length === 0) return;
        const size = sizeOf(batches);
        imp.pending.spans += size.spans;
        imp.pending.bytes += size.bytes;
        this.send({ type: 'import-batches', importId, batches }, batches);
      },
      async () => {
        while (over(imp.pending, MAX_PENDING_IMPORT))
          await new Promise<void>((resolve) => (imp.wake = resolve));
        imp.wake = null;
      },
    );
    if (error === null) return;
    imp.over = true;
    this.send({ type: 'import-done', importId, error: serializeError(error) });
  }
}
