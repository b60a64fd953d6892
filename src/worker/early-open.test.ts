import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { COLUMNAR_STREAM_MEDIA_TYPE } from '../core/api/media-types.ts';
import { columnarFromTable, encodeColumnar } from '../core/transfer/encode-columnar.ts';
import { frameStarts, framesByRows, framesOfBody } from '../testing/columnar-frames.ts';
import { deferredColumnar, generatedTable } from '../testing/generated-table.ts';
import { EarlyOpen } from './early-open.ts';
import { earlyOpenOf, type LoadProgress, workerName } from './protocol.ts';
import { type Port, serveTraceWorker } from './serve.ts';

const URL_OF = 'http://127.0.0.1:1/api/v2/traces/4bf92f3577b34da6a3ce929d0e0e4736';

describe('the name of a worker made for one trace', () => {
  it('carries the URL and the skew setting, and nothing else reads as one', () => {
    for (const adjustClockSkew of [true, false])
      expect(earlyOpenOf(workerName({ url: URL_OF, adjustClockSkew }))).toEqual({
        url: URL_OF,
        adjustClockSkew,
      });
    expect(workerName()).toBe('spanscope-trace');
    for (const name of [
      'spanscope-trace',
      `spanscope-trace ${URL_OF}`,
      `spanscope-trace maybe ${URL_OF}`,
      `spanscope-trace skew ${URL_OF} more`,
      `other skew ${URL_OF}`,
      '',
    ])
      expect(earlyOpenOf(name)).toBeNull();
  });
});

describe('EarlyOpen', () => {
  it('tells the open that takes it the progress so far (no preview), then what follows', async () => {
    let report: ((p: LoadProgress) => void) | null = null;
    let wantsPreviews: (() => boolean) | null = null;
    let finish: (v: string) => void = () => undefined;
    const early = new EarlyOpen(URL_OF, true, (listener) => {
      report = (p) => listener.progress(p);
      wantsPreviews = () => listener.previews;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    });
    const at = (loadedBytes: number): LoadProgress => ({ phase: 'fetch', loadedBytes, totalBytes: 10 });
    report!(at(1));
    report!(at(2));
    expect(wantsPreviews!()).toBe(false);
    const heard: LoadProgress[] = [];
    const result = early.take({ progress: (p) => heard.push(p), previews: true });
    expect(wantsPreviews!()).toBe(true);
    report!(at(3));
    finish('opened');
    expect(await result).toBe('opened');
    expect(heard.map((p) => p.loadedBytes)).toEqual([2, 3]);
  });

  it('hands its failure to the open that takes it, and to nobody before', async () => {
    const early = new EarlyOpen(URL_OF, true, async () => {
      throw new Error('the store is down');
    });
    await new Promise((r) => setTimeout(r, 10)); // no unhandled rejection meanwhile
    await expect(early.take({ progress: () => undefined, previews: false })).rejects.toThrow(
      'the store is down',
    );
  });
});

describe('a worker made for one trace', () => {
  const table = generatedTable(2000);
  // The store's streamed answer, in frames.
  const body = framesOfBody(encodeColumnar(columnarFromTable(table)));

  /** A streamed columnar answer whose body says when it has been read to its end. */
  function answer(): { response: Promise<Response>; readToEnd: Promise<void> } {
    let ended: () => void = () => undefined;
    const readToEnd = new Promise<void>((resolve) => {
      ended = resolve;
    });
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent) {
          c.close();
          ended();
          return;
        }
        sent = true;
        c.enqueue(body);
      },
    });
    const headers = { 'content-type': COLUMNAR_STREAM_MEDIA_TYPE };
    return { response: Promise.resolve(new Response(stream, { headers })), readToEnd };
  }

  async function openIn(
    port: Port & { on(e: 'message', l: (m: never) => void): void },
    adjustClockSkew: boolean,
  ) {
    const result = new Promise<{
      kind: string;
      value: {
        clockSkewAdjusted: boolean;
        summary: { spanCount: number };
        columns: { nodeCount: number };
        timingsMs: Record<string, number>;
      };
    }>((resolve) =>
      port.on('message', (m: { kind: string; value: never }) => {
        if (m.kind !== 'progress') resolve(m as never);
      }),
    );
    port.postMessage({
      id: 1,
      session: 1,
      method: 'open',
      args: { input: { kind: 'url', url: URL_OF, traceId: table.traceId }, adjustClockSkew, previews: true },
    });
    return result;
  }

  it('reads its trace before any message reaches it, and the open takes it over', async () => {
    const { port1, port2 } = new MessageChannel();
    const { response, readToEnd } = answer();
    serveTraceWorker(port2 as unknown as Port, { url: URL_OF, adjustClockSkew: true, response });
    await readToEnd;
    const m = await openIn(port1 as never, true);
    port1.close();
    expect(m.kind).toBe('result');
    expect(m.value.summary.spanCount).toBe(2000);
    expect(m.value.clockSkewAdjusted).toBe(true);
    expect(Object.keys(m.value.timingsMs)).toEqual(
      expect.arrayContaining(['workerReady', 'handed', 'madeAtEpoch', 'stream', 'decode', 'tree', 'layout']),
    );
  });

  it('lays the trace out again when the open asks for another skew setting', async () => {
    const { port1, port2 } = new MessageChannel();
    const { response } = answer();
    serveTraceWorker(port2 as unknown as Port, { url: URL_OF, adjustClockSkew: true, response });
    const m = await openIn(port1 as never, false);
    port1.close();
    expect(m.kind).toBe('result');
    expect(m.value.clockSkewAdjusted).toBe(false);
    expect(m.value.columns.nodeCount).toBe(2000);
  });
});

describe('a big trace a worker reads before the open reaches it', () => {
  it('is previewed once the open takes it over, timed from its first piece', async () => {
    const frames = framesByRows(deferredColumnar(generatedTable(60_000)), 2048);
    const starts = frameStarts(frames);
    const cut = starts[Math.floor(starts.length / 2)];
    let release: () => void = () => undefined;
    const rest = new Promise<void>((resolve) => {
      release = resolve;
    });
    let half = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (!half) {
          half = true;
          c.enqueue(frames.subarray(0, cut));
          return;
        }
        await rest;
        // The rest comes slowly: a piece at a time.
        for (let at = cut; at < frames.length; at += 64 * 1024) {
          c.enqueue(frames.subarray(at, Math.min(frames.length, at + 64 * 1024)));
          await new Promise((r) => setTimeout(r, 20));
        }
        c.close();
      },
    });
    const headers = { 'content-type': COLUMNAR_STREAM_MEDIA_TYPE };
    const { port1, port2 } = new MessageChannel();
    serveTraceWorker(port2 as unknown as Port, {
      url: URL_OF,
      adjustClockSkew: true,
      response: Promise.resolve(new Response(stream, { headers })),
    });
    // The first half is in long before the open arrives.
    await new Promise((r) => setTimeout(r, 400));
    const previews: number[] = [];
    const result = new Promise<{ kind: string }>((resolve) =>
      port1.on('message', (m: { kind: string; progress?: LoadProgress }) => {
        if (m.kind !== 'progress') resolve(m);
        else if (m.progress?.preview) previews.push(m.progress.preview.receivedSpans);
      }),
    );
    port1.postMessage({
      id: 1,
      session: 1,
      method: 'open',
      args: { input: { kind: 'url', url: URL_OF, traceId: 'x' }, adjustClockSkew: true, previews: true },
    });
    release();
    expect((await result).kind).toBe('result');
    port1.close();
    expect(previews.length).toBeGreaterThan(0);
  }, 30_000);
});
