import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateLargeTrace } from '../../../core/demo/index.ts';
import { ColumnarStreamReader } from '../../../core/transfer/columnar-stream-reader.ts';
import { jsonBody } from '../../../testing/otlp-requests.ts';
import { slowTaker } from '../../../testing/slow-taker.ts';
import { DuckStore } from '../duck-store.ts';
import { type ReadAhead, ReadsAhead, TAKE_WITHIN_MS } from './read-ahead.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

/** A read ahead whose pieces and end the test drives. */
function controlled(reads: ReadsAhead, key: string) {
  let push: (piece: Uint8Array) => Promise<void> | undefined = () => undefined;
  let finish: (found: boolean) => void = () => undefined;
  let signal: AbortSignal | null = null;
  reads.add(key, (read) =>
    read.start((send, onRange, s) => {
      push = (piece) => send(piece) ?? undefined;
      signal = s;
      onRange({ seqMin: 1n, seqMax: 9n });
      return new Promise<boolean>((resolve) => {
        finish = resolve;
      });
    }),
  );
  return {
    push: (p: Uint8Array) => push(p),
    finish: (f: boolean) => finish(f),
    signal: () => signal!,
  };
}

describe('reads ahead', () => {
  it('hands the pieces read so far at once, then the rest as they come, and settles as the read', async () => {
    const reads = new ReadsAhead();
    const read = controlled(reads, 'a');
    read.push(bytes(1));
    read.push(bytes(2));
    const taken = reads.take('a') as ReadAhead;
    expect(reads.take('a')).toBeNull();
    expect(await taken.range).toEqual({ seqMin: 1n, seqMax: 9n });
    const got: number[] = [];
    const followed = taken.follow(
      (p) => {
        got.push(...p);
      },
      undefined,
      () => new Error('cancelled'),
    );
    expect(got).toEqual([1, 2]);
    read.push(bytes(3));
    read.finish(true);
    await expect(followed).resolves.toBe(true);
    expect(got).toEqual([1, 2, 3]);
  });

  it("keeps what it read until taken, then is paced by its taker (the slow client's window)", async () => {
    const reads = new ReadsAhead();
    const read = controlled(reads, 'a');
    expect(read.push(bytes(1))).toBeUndefined();
    const taker = slowTaker();
    const followed = reads.take('a')!.follow(taker.send, undefined, () => new Error('cancelled'));
    expect(read.push(bytes(2))).toBe(taker.held);
    expect(taker.pieces).toEqual([bytes(1), bytes(2)]);
    taker.catchUp();
    read.finish(true);
    await expect(followed).resolves.toBe(true);
  });

  it('a follower that goes away cancels the read and fails at once; nothing more is handed on', async () => {
    const reads = new ReadsAhead();
    const read = controlled(reads, 'a');
    read.push(bytes(1));
    const cancel = new AbortController();
    const got: number[] = [];
    const followed = reads.take('a')!.follow(
      (p) => {
        got.push(...p);
      },
      cancel.signal,
      () => new Error('the trace read was cancelled'),
    );
    cancel.abort();
    read.push(bytes(2));
    await expect(followed).rejects.toThrow(/cancelled/);
    expect(read.signal().aborted).toBe(true);
    expect(got).toEqual([1]);
  });

  it('drops a read nobody takes in time, and the oldest beyond the few kept', () => {
    vi.useFakeTimers();
    try {
      const reads = new ReadsAhead();
      const late = controlled(reads, 'late');
      vi.advanceTimersByTime(TAKE_WITHIN_MS + 1);
      expect(late.signal().aborted).toBe(true);
      expect(reads.take('late')).toBeNull();
      const first = controlled(reads, 'a');
      controlled(reads, 'b');
      controlled(reads, 'c');
      expect(first.signal().aborted).toBe(true);
      expect(reads.take('a')).toBeNull();
      expect(reads.take('b')).not.toBeNull();
      expect(reads.take('c')).not.toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a stored trace read ahead', () => {
  let store: DuckStore;
  let traceId = '';
  beforeAll(async () => {
    store = await DuckStore.open({ memory: true });
    for (const request of generateLargeTrace({ seed: 3, nowMs: Date.now(), spanCount: 5_000 }) as Iterable<{
      resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
    }>) {
      traceId ||= request.resourceSpans[0].scopeSpans[0].spans[0].traceId;
      await store.ingestOtlp(jsonBody(request), 'json');
    }
  });
  afterAll(() => store.close());

  const streamed = async () => {
    const pieces: Uint8Array[] = [];
    const found = await store.streamTrace(
      traceId,
      'columnar-deferred',
      (p) => {
        pieces.push(p);
      },
      new AbortController().signal,
    );
    return { found, body: Buffer.concat(pieces) };
  };
  /** How many reads of the store ColumnarReader starts (its private `read`). */
  const countReads = () =>
    vi.spyOn((store as unknown as { columnar: { read(): Promise<boolean> } }).columnar, 'read');

  it('is the answer the page asks for next: the same bytes, read once', async () => {
    const plain = await streamed();
    const reads = countReads();
    try {
      store.readTraceAhead(traceId);
      const ahead = await streamed();
      expect(reads).toHaveBeenCalledTimes(1);
      expect(ahead.found).toBe(true);
      expect(ahead.body.equals(plain.body)).toBe(true);
    } finally {
      reads.mockRestore();
    }
  });

  it('is not used once spans of the trace came after it: the answer has them', async () => {
    store.readTraceAhead(traceId);
    const [request] = generateLargeTrace({ seed: 4, nowMs: Date.now(), spanCount: 10 }) as Iterable<{
      resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
    }>;
    for (const rs of request.resourceSpans)
      for (const ss of rs.scopeSpans) for (const s of ss.spans) s.traceId = traceId;
    await store.ingestOtlp(jsonBody(request), 'json');
    const reader = new ColumnarStreamReader();
    reader.push((await streamed()).body);
    expect(reader.decode().table.count).toBe(5_010);
  });
});
