/**
 * The decode worker's side of streamed imports: each import's chunks are decoded in order, slice by
 * slice (import-decoder.ts), and its batches handed to the database worker; before the next slice,
 * it waits while too many of the import's spans await their commit. Each chunk is acknowledged to
 * the HTTP thread once taken, so the HTTP thread reads the request only as fast as the store
 * commits. Exports decoded meanwhile are not held up: the waiting is asynchronous.
 */
import type { MessagePort } from 'node:worker_threads';
import { batchBuffers, type PreparedBatch } from './batch-columns.ts';
import { ImportDecoder, slices } from './import-decoder.ts';
import { MAX_PENDING_IMPORT_SPANS } from './local-import.ts';
import type { InputPreparer } from './prepare-input.ts';
import {
  type ImportAck,
  type ImportBatchMessage,
  type ImportCommitted,
  type ImportMessage,
  serializeError,
} from './protocol.ts';

interface DecodeImport {
  readonly decoder: ImportDecoder;
  readonly queue: ImportMessage[];
  running: boolean;
  /** Spans handed to the database worker and not yet committed. */
  pending: number;
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
        pending: 0,
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
    imp.pending -= m.spans;
    imp.wake?.();
  }

  private send(m: ImportBatchMessage, batches: readonly PreparedBatch[] = []): void {
    this.database.postMessage(m, batchBuffers(batches));
  }

  private async run(importId: number, imp: DecodeImport): Promise<void> {
    imp.running = true;
    for (let m = imp.queue.shift(); m; m = imp.queue.shift()) {
      if (m.type === 'import-chunk') {
        for (const slice of slices(m.bytes)) {
          if (imp.over) break;
          await this.step(importId, imp, () => imp.decoder.push(slice));
        }
        this.parent.postMessage({ type: 'import-ack', importId, bytes: m.bytes.length } satisfies ImportAck);
        continue;
      }
      if (m.type === 'import-end' && !imp.over) await this.step(importId, imp, () => imp.decoder.end());
      if (!imp.over) this.send({ type: 'import-done', importId });
      this.imports.delete(importId);
      return;
    }
    imp.running = false;
  }

  /**
   * Runs a decoding step and hands its batches on, then waits while too many spans await their
   * commit. A failure (the input's, or any other) ends the import with that error.
   */
  private async step(importId: number, imp: DecodeImport, decode: () => PreparedBatch[]): Promise<void> {
    let batches: PreparedBatch[];
    try {
      batches = decode();
    } catch (error) {
      imp.over = true;
      this.send({ type: 'import-done', importId, error: serializeError(error) });
      return;
    }
    if (batches.length > 0) {
      imp.pending += batches.reduce((n, b) => n + b.count, 0);
      this.send({ type: 'import-batches', importId, batches }, batches);
    }
    while (imp.pending > MAX_PENDING_IMPORT_SPANS) await new Promise<void>((resolve) => (imp.wake = resolve));
    imp.wake = null;
  }
}
