/**
 * Previews of a trace the store streams: when the worker shows one (cadence), and over the worker
 * protocol: previews, then the complete trace, or an error after a preview.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanTable } from '../core/model/span-table.ts';
import type { ColumnarStreamReader } from '../core/transfer/columnar-stream-reader.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { framesByRows, framesEndedByError } from '../testing/columnar-frames.ts';
import { deferredColumnar, generatedTable } from '../testing/generated-table.ts';
import { inProcessWorker } from '../testing/in-process-worker.ts';
import type { LoadProgress } from './protocol.ts';
import { PREVIEW_MIN_SPANS, StreamPreview } from './stream-preview.ts';
import { openTrace, previewHandle, TraceLoadError } from './trace-client.ts';

/** A stream reader as StreamPreview sees it: a count, the rows in, done. */
function fakeStream(count: number) {
  const state = { count, rowsIn: 0, done: false };
  const stream = {
    get count() {
      return state.count;
    },
    get rowsIn() {
      return state.rowsIn;
    },
    get done() {
      return state.done;
    },
    prefix: () => ({ count: state.rowsIn }) as SpanTable,
  } as unknown as ColumnarStreamReader;
  return { state, stream };
}

/** A preview cadence on a fake clock, whose previews cost `costMsPerRow` each row. */
function cadence(costMsPerRow: number) {
  let nowMs = 0;
  const shown: number[] = [];
  const preview = new StreamPreview(
    (table) => {
      shown.push(table.count);
      nowMs += table.count * costMsPerRow;
    },
    () => nowMs,
  );
  return { preview, shown, advance: (ms: number) => (nowMs += ms) };
}

describe('when a streamed trace is previewed', () => {
  it('never below PREVIEW_MIN_SPANS spans', () => {
    const { preview, shown } = cadence(0);
    const { state, stream } = fakeStream(PREVIEW_MIN_SPANS - 1);
    for (state.rowsIn = 0; state.rowsIn < state.count; state.rowsIn += 1000) preview.offer(stream);
    expect(shown).toEqual([]);
  });

  it('first once a tenth of the spans are in (at most 50,000), again only when cheap and a second apart', () => {
    const { preview, shown, advance } = cadence(0.002);
    const { state, stream } = fakeStream(1_000_000);
    for (const rows of [30_000, 49_999, 50_000, 80_000]) {
      state.rowsIn = rows;
      preview.offer(stream);
      advance(100);
    }
    // 50k rows cost 100 ms: the next is due a second later, if 10% of the stream's time covers it.
    expect(shown).toEqual([50_000]);
    advance(800);
    state.rowsIn = 100_000;
    preview.offer(stream);
    expect(shown).toEqual([50_000]);
    advance(1_200);
    state.rowsIn = 150_000;
    preview.offer(stream);
    // 100 + 300 ms of previews against 10% of 2.3 s: too dear yet.
    expect(shown).toEqual([50_000]);
    advance(2_000);
    preview.offer(stream);
    expect(shown).toEqual([50_000, 150_000]);
    expect(preview.spentMs).toBeCloseTo(400);
  });

  it('none when the rest of the stream is near (expected under 300 ms at the rate rows came)', () => {
    const { preview, shown, advance } = cadence(0);
    const { state, stream } = fakeStream(100_000);
    for (const rows of [1_000, 10_000, 20_000, 40_000, 80_000]) {
      state.rowsIn = rows;
      preview.offer(stream);
      advance(20);
    }
    expect(shown).toEqual([]);
  });

  it('times the stream from its first piece, also when nobody drew previews yet', () => {
    const { preview, shown, advance } = cadence(0);
    const { state, stream } = fakeStream(1_000_000);
    // Read before the open took the early read over: 10k rows a second.
    for (const rows of [10_000, 20_000, 30_000, 40_000]) {
      state.rowsIn = rows;
      preview.offer(stream, false);
      advance(1_000);
    }
    state.rowsIn = 50_000;
    preview.offer(stream);
    // 950k rows to come at that rate: drawn now (timed from the first offer, it would seem near).
    expect(shown).toEqual([50_000]);
  });

  it('none once every row is in, or the stream has ended', () => {
    const { preview, shown } = cadence(0);
    const { state, stream } = fakeStream(60_000);
    state.rowsIn = 60_000;
    preview.offer(stream);
    state.rowsIn = 30_000;
    state.done = true;
    preview.offer(stream);
    expect(shown).toEqual([]);
  });
});

describe('the worker protocol: previews of a streamed trace, then the trace', () => {
  const SPANS = 60_000;
  const table = generatedTable(SPANS);
  const frames = framesByRows(deferredColumnar(table), 2048);
  let answer: 'whole' | 'error' = 'whole';
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.spanscope.columnar-stream' });
      const body =
        answer === 'whole'
          ? frames
          : framesEndedByError(frames, 'the store failed midway', cutAfterRows(frames));
      // Small pieces, apart as over a slow link: the worker sees the rows come, the rest far off.
      for (let at = 0; at < body.byteLength; at += 65_536) {
        res.write(body.subarray(at, at + 65_536));
        await new Promise((r) => setTimeout(r, 15));
      }
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts a preview of the spans in so far, then the complete trace', async () => {
    answer = 'whole';
    const events: string[] = [];
    const previews: NonNullable<LoadProgress['preview']>[] = [];
    const h = await openTrace(
      { kind: 'store', traceId: table.traceId },
      (p) => {
        if (!p.preview) return;
        previews.push(p.preview);
        events.push('preview');
      },
      { baseUrl: base, createWorker: inProcessWorker, previews: true },
    );
    events.push('result');
    try {
      expect(events[0]).toBe('preview');
      expect(events.at(-1)).toBe('result');
      const first = previews[0];
      expect(first.totalSpans).toBe(SPANS);
      expect(first.receivedSpans).toBeGreaterThanOrEqual(SPANS / 10);
      expect(first.receivedSpans).toBeLessThan(SPANS);
      // The preview is the tree of the first rows, laid out (orphans under their missing parents).
      const firstRows = firstRowsOf(table, first.receivedSpans);
      expect(first.trace.summary).toEqual(buildTree(firstRows, { adjustClockSkew: true }).summary);
      expect(first.trace.columns.nodeCount).toBeGreaterThanOrEqual(first.receivedSpans);
      // A preview's handle refuses what needs the whole trace.
      const preview = previewHandle(first);
      expect(preview.loading).toEqual({ receivedSpans: first.receivedSpans, totalSpans: SPANS });
      await expect(preview.details(0)).rejects.toMatchObject({ code: 'loading' });
      await expect(preview.find('a')).rejects.toBeInstanceOf(TraceLoadError);
      // The result is the complete trace.
      expect(h.loading).toBeUndefined();
      expect(h.summary).toEqual(buildTree(table, { adjustClockSkew: true }).summary);
    } finally {
      h.dispose();
    }
  }, 60_000);

  it('rejects with the store error after a preview was shown', async () => {
    answer = 'error';
    let previews = 0;
    const open = openTrace(
      { kind: 'store', traceId: table.traceId },
      (p) => {
        if (p.preview) previews++;
      },
      { baseUrl: base, createWorker: inProcessWorker, previews: true },
    );
    await expect(open).rejects.toThrow(/the store failed midway/);
    expect(previews).toBeGreaterThan(0);
  }, 60_000);

  it('posts none to a caller that does not draw them', async () => {
    answer = 'whole';
    let previews = 0;
    const h = await openTrace(
      { kind: 'store', traceId: table.traceId },
      (p) => {
        if (p.preview) previews++;
      },
      { baseUrl: base, createWorker: inProcessWorker },
    );
    h.dispose();
    expect(previews).toBe(0);
  }, 60_000);
});

/** The first `k` rows of a table (the columns the tree reads). */
function firstRowsOf(t: SpanTable, k: number): SpanTable {
  return {
    ...t,
    count: k,
    startNs: t.startNs.subarray(0, k),
    durNs: t.durNs.subarray(0, k),
    spanIds: t.spanIds.slice(0, k),
    parentIds: t.parentIds.slice(0, k),
    names: t.names.subarray(0, k),
    services: t.services.subarray(0, k),
    kinds: t.kinds.subarray(0, k),
    statuses: t.statuses.subarray(0, k),
    flags: t.flags.subarray(0, k),
    eventStart: new Uint32Array(k + 1),
    eventNs: new Float64Array(0),
  };
}

/** A frame boundary about two thirds into the stream. */
function cutAfterRows(frames: Uint8Array): number {
  const dv = new DataView(frames.buffer, frames.byteOffset, frames.byteLength);
  let at = 0;
  while (at < (frames.byteLength * 2) / 3) at += 16 + Math.ceil(dv.getUint32(at + 12, true) / 8) * 8;
  return at;
}
