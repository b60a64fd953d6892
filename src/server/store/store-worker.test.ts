/**
 * The store as the server runs it: in a worker thread (bundled like dist/server/store-worker.mjs),
 * on disk. Slow (seconds): real worker threads, child processes and fsyncs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnarStreamReader } from '../../core/transfer/columnar-stream-reader.ts';
import { importBytes } from '../../testing/import-bytes.ts';
import { fullFidelityRequest, jsonBody, syntheticRequest } from '../../testing/otlp-requests.ts';
import { slowTaker } from '../../testing/slow-taker.ts';
import { streamedPieces } from '../../testing/streamed-reads.ts';
import { createStore } from './create-store.ts';
import { DuckStore } from './duck-store.ts';
import { DB_FILE } from './store-options.ts';
import { ImportFailure } from './types.ts';
import { bundleStoreWorker, type WorkerBundle } from './worker-bundle.ts';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const walBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);
let workerUrl: URL;
let bundle: WorkerBundle;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'spanscope-store-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  bundle = await bundleStoreWorker();
  workerUrl = bundle.workerUrl;
});
afterAll(() => {
  bundle.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('store in a worker thread, on disk (slow)', () => {
  it('streams a trace in pieces across the thread, and stops a read cancelled midway', async () => {
    const store = await createStore({ dataDir: tempDir(), workerUrl });
    try {
      const request = syntheticRequest({ traces: 1, spansPerTrace: 40_000, seed: 3 });
      expect(await store.ingestOtlp(jsonBody(request), 'json')).toMatchObject({ ok: true });
      const traceId = (request as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] })
        .resourceSpans[0].scopeSpans[0].spans[0].traceId;
      const never = new AbortController().signal;
      const pieces = await streamedPieces(store, traceId, 'columnar-deferred', never);
      expect(pieces.length).toBeGreaterThan(1);
      const reader = new ColumnarStreamReader();
      for (const p of pieces) reader.push(p);
      const whole = (await store.getTrace(traceId, 'columnar-deferred'))!;
      expect(Buffer.from(reader.bytes()).equals(Buffer.from(whole))).toBe(true);
      expect(await store.streamTrace('f'.repeat(32), 'columnar-deferred', () => undefined, never)).toBe(
        false,
      );
      // Cancelled after the first piece, more times than the store has read connections.
      for (let k = 0; k < 3; k++) {
        const cancel = new AbortController();
        let got = 0;
        const read = store.streamTrace(
          traceId,
          'columnar-deferred',
          () => cancel.abort(got++ > 0 ? 'again' : 'gone'),
          cancel.signal,
        );
        await expect(read).rejects.toMatchObject({ name: 'AbortError' });
        expect(got).toBeLessThan(pieces.length);
      }
      // The worker may have read the whole trace before the first piece is handed on (a busy main
      // thread): the cancel still stops the pieces at once and fails the read.
      const late = new AbortController();
      let handed = 0;
      const read = store.streamTrace(
        traceId,
        'columnar-deferred',
        () => {
          handed++;
          late.abort('gone');
        },
        late.signal,
      );
      const until = performance.now() + 1000;
      while (performance.now() < until) {
        // Busy: the worker's pieces queue up meanwhile.
      }
      await expect(read).rejects.toMatchObject({ name: 'AbortError' });
      expect(handed).toBe(1);
      expect((await store.getTrace(traceId, 'columnar-deferred'))?.byteLength).toBe(whole.byteLength);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('holds a streamed read within its window while the client is behind, and credits it back', async () => {
    const store = await createStore({ memory: true, workerUrl, streamWindowBytes: 64 * 1024 });
    try {
      const request = syntheticRequest({ traces: 1, spansPerTrace: 40_000, seed: 4 });
      expect(await store.ingestOtlp(jsonBody(request), 'json')).toMatchObject({ ok: true });
      const traceId = (request as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] })
        .resourceSpans[0].scopeSpans[0].spans[0].traceId;
      const { pieces, send, catchUp } = slowTaker();
      const read = store.streamTrace(traceId, 'columnar-deferred', send, new AbortController().signal);
      await new Promise((r) => setTimeout(r, 500));
      // The head, then the first piece over the window: the worker waits for their credits.
      expect(pieces.length).toBeLessThanOrEqual(2);
      catchUp();
      expect(await read).toBe(true);
      const reader = new ColumnarStreamReader();
      for (const p of pieces) reader.push(p);
      const whole = (await store.getTrace(traceId, 'columnar-deferred'))!;
      expect(pieces.length).toBeGreaterThan(2);
      expect(Buffer.from(reader.bytes()).equals(Buffer.from(whole))).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('answers every call through the worker and keeps everything across a restart', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = await createStore({ dataDir, workerUrl });
    expect(await store.ingestOtlp(jsonBody(fullFidelityRequest()), 'json')).toMatchObject({
      ok: true,
      acceptedSpans: 3,
    });
    const v2 = await store.getTrace(TRACE, 'tempo-v2');
    expect(v2).toBeInstanceOf(Uint8Array);
    expect(await store.search({ limit: 5, spss: 3 })).toMatchObject({
      traces: [{ traceID: TRACE, rootServiceName: 'checkout' }],
    });
    const found = await store.search({ q: '{ resource.service.name = "payments" }', limit: 5, spss: 3 });
    expect(found.traces.map((t) => [t.traceID, t.spanSets[0].matched])).toEqual([[TRACE, 1]]);
    expect(
      await store.findByQuery(TRACE, '{ resource.service.name = "payments" } | count() = 1'),
    ).toMatchObject({
      offsets: new Uint32Array([2]),
    });
    expect(await store.tags('resource', '{ resource.service.name = "payments" }')).toMatchObject({
      scopes: [{ name: 'resource' }],
    });
    const error = await importBytes(store, new TextEncoder().encode('[{"traceId": 5}]')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportFailure);
    expect(error).toMatchObject({ reason: { name: 'FormatError' }, kept: { spanCount: 0 } });
    await expect(store.search({ q: '{ .a = }', limit: 5, spss: 3 })).rejects.toMatchObject({
      name: 'TraceQLError',
      message: expect.stringMatching(/^1:8: expected a value/),
    });
    await expect(store.search({ q: '{ .a = 1 }', limit: 5, spss: 3, timeoutMs: 0 })).rejects.toMatchObject({
      name: 'SearchTimeoutError',
    });
    await store.close();

    const again = await createStore({ dataDir, workerUrl });
    expect(await again.spanCount()).toBe(3);
    expect(await again.getTrace(TRACE, 'tempo-v2')).toEqual(v2);
    expect(await again.tagValues('resource.service.name')).toEqual({
      tagValues: [
        { type: 'string', value: 'checkout' },
        { type: 'string', value: 'payments' },
      ],
    });
    // More spans of the same trace after the restart join it (row numbers continue).
    const late = fullFidelityRequest();
    late.resourceSpans = [late.resourceSpans[1]];
    late.resourceSpans[0].scopeSpans[0].spans[0].spanId = '2222222222222222';
    await again.ingestOtlp(jsonBody(late), 'json');
    const spans = JSON.parse(
      new TextDecoder().decode((await again.getTrace(TRACE, 'tempo-v1'))!),
    ).batches.flatMap((b: { scopeSpans: { spans: unknown[] }[] }) => b.scopeSpans.flatMap((s) => s.spans));
    expect(spans).toHaveLength(4);
    await again.close();
    await expect(again.spanCount()).rejects.toThrow(/closed/);
    await expect(again.ingestOtlp(jsonBody(late), 'json')).rejects.toThrow(/closed/);
  });

  it('reads what was acknowledged from the ack log at once: a read right after each ack finds it', async () => {
    const store = await createStore({ dataDir: tempDir(), workerUrl });
    try {
      for (let k = 0; k < 30; k++) {
        const request = syntheticRequest({ traces: 1, spansPerTrace: 20, seed: 500 + k });
        const traceId = (request.resourceSpans[0].scopeSpans[0].spans[0] as { traceId: string }).traceId;
        expect(await store.ingestOtlp(jsonBody(request), 'json')).toMatchObject({ ok: true });
        expect(await store.getTrace(traceId, 'columnar')).not.toBeNull();
      }
      const waits = (await store.status()) as unknown as { ackWaits: { steps: Record<string, number[]> } };
      expect(waits.ackWaits.steps.logged?.reduce((a, b) => a + b, 0)).toBe(30);
    } finally {
      await store.close();
    }
  });

  it('leaves an export body and an imported file’s chunks usable, and answers even for a detached body', async () => {
    const store = await createStore({ memory: true, workerUrl });
    const body = jsonBody(syntheticRequest({ traces: 1, spansPerTrace: 5 }));
    expect(await store.ingestOtlp(body, 'json')).toMatchObject({ ok: true, acceptedSpans: 5 });
    expect(await store.ingestOtlp(body, 'json')).toMatchObject({ ok: true, acceptedSpans: 5 });
    const file = jsonBody(syntheticRequest({ traces: 1, spansPerTrace: 3, seed: 9 }));
    expect(await importBytes(store, file, 7)).toMatchObject({ spanCount: 3 });
    expect(await importBytes(store, file)).toMatchObject({ spanCount: 3 });
    const detached = new Uint8Array(16);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(await store.ingestOtlp(detached, 'protobuf')).toMatchObject({ ok: true, acceptedSpans: 0 });
    expect(await store.spanCount()).toBe(16);
    await store.close();
  });

  it('streams an import through both workers; a file bad midway keeps exactly what came before', async () => {
    const store = await createStore({ memory: true, workerUrl });
    // JSON Lines: every line is a piece of its own; line 20 is cut short.
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify(syntheticRequest({ traces: 1, spansPerTrace: 50, seed: i + 1 })),
    );
    const goodIds = lines
      .slice(0, 19)
      .map((l) => JSON.parse(l).resourceSpans[0].scopeSpans[0].spans[0].traceId);
    lines[19] = lines[19].slice(0, 500);
    const text = lines.join('\n');
    const error = await importBytes(store, new TextEncoder().encode(text), 4096).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFailure);
    const failure = error as ImportFailure;
    expect(failure.reason).toMatchObject({ name: 'FormatError', resembled: 'JSON' });
    expect(failure.message).toMatch(/at byte \d+/);
    expect(failure.kept).toEqual({ traceIds: goodIds, spanCount: 19 * 50 });
    expect(await store.spanCount()).toBe(19 * 50);
    for (const id of goodIds) expect(await store.getTrace(id, 'tempo-v2')).not.toBeNull();
    await store.close();
  });

  it('says it is overloaded while too many export bytes wait for their commit', async () => {
    const store = await createStore({ memory: true, workerUrl, maxPendingBytes: 1000 });
    expect(store.overloaded).toBe(false);
    const pending = store.ingestOtlp(jsonBody(syntheticRequest({ traces: 5, spansPerTrace: 20 })), 'json');
    expect(store.overloaded).toBe(true);
    await pending;
    expect(store.overloaded).toBe(false);
    await store.close();
  });

  it('fails to open with a clear error when the data directory cannot be used', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    await expect(createStore({ dataDir: file, workerUrl })).rejects.toThrow(
      /EEXIST|ENOTDIR|not a directory/i,
    );
  });

  it('checkpoints after a quiet moment, so little WAL is left to replay', async () => {
    const dataDir = tempDir();
    const store = await DuckStore.open({ dataDir, checkpoint: { maxWalBytes: 2 ** 30, idleMs: 100 } });
    await store.ingestOtlp(jsonBody(syntheticRequest({ traces: 20, spansPerTrace: 100 })), 'json');
    const wal = join(dataDir, `${DB_FILE}.wal`);
    expect(walBytes(wal)).toBeGreaterThan(100_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(walBytes(wal)).toBeLessThan(10_000);
    await store.close();
  });

  it.each([
    ['during commits', '', ''],
    ['during commits and checkpoints (every ~200 kB)', '200000', ''],
    ['with small exports acknowledged from the ack log, during checkpoints', '200000', 'small'],
    ['with small exports acknowledged from the ack log and never applied before the kill', '', 'held'],
  ])(
    'keeps every acknowledged export when the process is killed (SIGKILL) %s, and reopens by itself',
    async (_, checkpointBytes, mode) => {
      const dataDir = tempDir();
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, '../../testing/ingest-child.ts'),
          dataDir,
          workerUrl.href,
          checkpointBytes,
          mode,
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const acked = new Map<string, number>();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      for await (const line of createInterface({ input: child.stdout })) {
        const [word, traceId, spans] = line.split(' ');
        if (word === 'acked') acked.set(traceId, Number(spans));
        if (acked.size === 40) child.kill('SIGKILL');
      }
      await exited;
      expect(acked.size).toBeGreaterThanOrEqual(40);

      const store = await DuckStore.open({ dataDir });
      try {
        for (const [traceId, spans] of acked) {
          const back = JSON.parse(new TextDecoder().decode((await store.getTrace(traceId, 'tempo-v2'))!));
          const stored = back.trace.resourceSpans.flatMap(
            (rs: { scopeSpans: { spans: unknown[] }[] }) => rs.scopeSpans[0].spans,
          );
          expect(stored).toHaveLength(spans);
        }
        // Every export holds 200 spans (1 × 200 or 4 × 50), a small one 20: what was committed is whole
        // exports only, each once.
        const small = [...acked.values()].filter((spans) => spans === 20).length;
        expect((await store.spanCount()) % (mode ? 20 : 200)).toBe(0);
        expect(await store.spanCount()).toBeGreaterThanOrEqual((acked.size - small) * 400 + small * 20);
        if (mode === 'held') expect(small).toBeGreaterThan(10);
      } finally {
        await store.close();
      }
    },
  );
});
