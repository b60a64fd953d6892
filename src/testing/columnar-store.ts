/**
 * Tests only: the fake store (fake-trace-store.ts) holding real traces too: a span table put in is
 * answered as the real store answers it, in the columnar transfer (details deferred) with its
 * details by key range, so the link previews and the app read it as they read the store.
 */
import type { SpanTable } from '../core/model/span-table.ts';
import { encodeDetailBatch } from '../core/transfer/detail-batch.ts';
import { columnarFromTable, encodeColumnar } from '../core/transfer/encode-columnar.ts';
import type { ColumnarEncoding, TraceEncoding } from '../server/store/types.ts';
import { framesOfBody } from './columnar-frames.ts';
import { FakeTraceStore } from './fake-trace-store.ts';

const KEY_BASE = 1n << 40n;

interface Held {
  readonly body: Uint8Array;
  readonly details: readonly string[];
}

export class ColumnarTraceStore extends FakeTraceStore {
  private readonly held = new Map<string, Held>();
  /** Every getTrace of a held trace, for tests that count reads. */
  readonly reads: string[] = [];

  put(table: SpanTable): void {
    const trace = columnarFromTable(table);
    const keys = Uint32Array.from({ length: table.count }, (_, i) => i * 2);
    this.held.set(table.traceId, {
      body: encodeColumnar(trace, { keys, keyBase: KEY_BASE }),
      details: trace.detailJson,
    });
  }

  override async getTrace(traceId: string, encoding: TraceEncoding): Promise<Uint8Array | null> {
    const held = this.held.get(traceId);
    if (!held || encoding !== 'columnar-deferred') return super.getTrace(traceId, encoding);
    this.reads.push(traceId);
    return held.body.slice();
  }

  protected override async streamBody(
    traceId: string,
    encoding: ColumnarEncoding,
  ): Promise<Uint8Array | null> {
    const body = await this.getTrace(traceId, encoding);
    return body && (this.held.has(traceId) ? framesOfBody(body) : body);
  }

  override async getSpanDetails(traceId: string, fromKey: bigint, toKey: bigint): Promise<Uint8Array | null> {
    const held = this.held.get(traceId);
    if (!held) return super.getSpanDetails(traceId, fromKey, toKey);
    const encoder = new TextEncoder();
    const pieces: Uint8Array[] = [];
    held.details.forEach((text, i) => {
      const key = KEY_BASE + BigInt(i * 2);
      if (key >= fromKey && key <= toKey) pieces.push(encoder.encode(text));
    });
    return encodeDetailBatch(pieces);
  }
}
