/**
 * The fake store's streamed import (for in-process tests of the HTTP layer): the real InputSplitter
 * and decoders, spans kept as the fake store keeps them, and hooks to make it slow (to test reading
 * under backpressure) or to see what it was given.
 */
import { decodePiece, InputSplitter } from '../core/formats/index.ts';
import { SpanCollector } from '../server/store/ingest/decode-body.ts';
import {
  ImportFailure,
  type ImportOptions,
  type ImportResult,
  type ImportSession,
  isInputError,
} from '../server/store/types.ts';

export interface FakeSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
}

export class FakeImportSession implements ImportSession {
  private readonly splitter: InputSplitter;
  private readonly traceIds = new Set<string>();
  private spanCount = 0;
  private failure: ImportFailure | null = null;
  /** Bytes written, chunks written. */
  bytes = 0;
  chunks = 0;
  state: 'open' | 'ended' | 'failed' | 'aborted' = 'open';

  constructor(
    private readonly spans: FakeSpan[],
    options: ImportOptions,
    private readonly delayMs: () => number,
  ) {
    this.splitter = new InputSplitter({ maxSpans: 100, maxInflatedBytes: options.maxInflatedBytes });
  }

  get kept(): ImportResult {
    return { traceIds: [...this.traceIds], spanCount: this.spanCount };
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.bytes += chunk.length;
    this.chunks++;
    this.step(() => this.splitter.push(chunk));
    const delay = this.delayMs();
    if (delay) await new Promise((r) => setTimeout(r, delay));
  }

  async end(): Promise<ImportResult> {
    this.step(() => this.splitter.end());
    this.state = 'ended';
    return this.kept;
  }

  async abort(): Promise<ImportResult> {
    if (this.state === 'open') this.state = 'aborted';
    return this.kept;
  }

  private step(pieces: () => ReturnType<InputSplitter['push']>): void {
    if (this.failure) throw this.failure;
    try {
      for (const piece of pieces()) {
        const sink = new SpanCollector();
        decodePiece(piece, sink);
        for (const s of sink.spans) {
          this.spans.push({ traceId: s.traceId, spanId: s.spanId, name: s.name });
          this.traceIds.add(s.traceId);
        }
        this.spanCount += sink.spans.length;
      }
    } catch (error) {
      if (!isInputError(error)) throw error;
      this.state = 'failed';
      this.failure = new ImportFailure(error, this.kept);
      throw this.failure;
    }
  }
}
