/**
 * Big external traces are converted in a worker thread: the same bytes as inline, failures as the
 * same UpstreamErrors, and the HTTP thread free meanwhile (the local store answers at once).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { COLUMNAR_DEFERRED_ACCEPT, COLUMNAR_MEDIA_TYPE } from '../../core/api/media-types.ts';
import { decodeColumnarTrace } from '../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../core/transfer/detail-batch.ts';
import { fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { generatedTable } from '../../testing/generated-table.ts';
import { CONVERT_WORKER, startInProcess } from '../../testing/in-process-server.ts';
import { startReplayServer } from '../../testing/replay-server.ts';
import { tsWorker } from '../../testing/ts-worker.ts';
import type { TraceConversion } from './convert-trace.ts';
import { encodeTraceAs } from './encode-trace.ts';
import { parseSourceSpec } from './source-config.ts';
import type { ConvertedTrace } from './source-details.ts';
import { convertInline, convertWhole, TraceConverter } from './trace-converter.ts';
import { UpstreamError } from './trace-source.ts';

const FILE = 'tempo-api/tempo-api-v2-traces-pushing-spans-docs.json';
const ID = '5b8efff798038103d269b633813fc700';
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Byte equality of two answers' bodies (toEqual compares megabytes element by element, for seconds). */
const same = (a: Uint8Array | ConvertedTrace | null, b: ConvertedTrace | null) => {
  const body = a instanceof Uint8Array ? a : a?.body;
  return body !== undefined && b !== null && Buffer.from(body).equals(b.body);
};

describe.skipIf(!fixturesPresent)('TraceConverter', () => {
  // Every answer goes to the worker, however small.
  const converter = new TraceConverter({ startWorker: () => tsWorker(CONVERT_WORKER), inlineBelowBytes: 0 });
  afterAll(() => converter.close());
  const conversion = (more: Partial<TraceConversion> = {}): TraceConversion => ({
    source: 'prod',
    what: `trace ${ID}`,
    traceId: ID,
    reader: 'tempo',
    encoding: 'columnar',
    ...more,
  });

  it('answers in a worker exactly what it answers inline, in every encoding', async () => {
    for (const encoding of ['columnar', 'columnar-deferred', 'tempo-v1', 'tempo-v2'] as const) {
      const inline = await convertWhole(convertInline, conversion({ encoding }), readFixture(FILE));
      expect(inline?.body.length).toBeGreaterThan(100);
      expect(await convertWhole(converter.convert, conversion({ encoding }), readFixture(FILE))).toEqual(
        inline,
      );
    }
    const other = conversion({ traceId: 'ab'.repeat(16), reader: ['otlp-json'] });
    expect(await convertWhole(converter.convert, other, readFixture(FILE))).toBeNull();
  });

  it("rejects with the worker's UpstreamError, its kind and source kept", async () => {
    const err = await convertWhole(converter.convert, conversion(), utf8('<html>login</html>')).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ source: 'prod', failure: 'malformed' });
    expect((err as Error).message).toMatch(/^source 'prod': trace 5b8e.* answered something that is not/);
  });

  it('takes a big body chunk by chunk, stops at its first error, and is free for the next one', async () => {
    const table = generatedTable(3000);
    const body = encodeTraceAs(table, 'tempo-v2');
    const c = conversion({ traceId: table.traceId, what: `trace ${table.traceId}` });
    const expected = await convertWhole(convertInline, c, body);
    const streamed = converter.convert(c);
    for (let at = 0; at < body.length; at += 300_000) streamed.push(body.subarray(at, at + 300_000));
    expect(same(await streamed.end(), expected)).toBe(true);

    // A body that turns bad: the worker's error comes back through push (the upstream read stops) or end.
    const bad = converter.convert(c);
    const at = Buffer.from(body).indexOf('{"traceId"', 2_000_000);
    const broken = Buffer.concat([body.subarray(0, at), utf8(']]'), body.subarray(at)]);
    let thrown: unknown = null;
    for (let at = 0; at < broken.length && !thrown; at += 1_100_000) {
      try {
        bad.push(broken.subarray(at, at + 1_100_000));
      } catch (err) {
        thrown = err;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const err = thrown ?? (await bad.end().catch((e: unknown) => e));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ failure: 'malformed' });

    // One whose upstream failed halfway: dropped.
    const cut = converter.convert(c);
    cut.push(body.subarray(0, 1_500_000));
    cut.abort();
    const again = converter.convert(c);
    again.push(body);
    expect(same(await again.end(), expected)).toBe(true);
  });
});

describe('a big trace of a source', () => {
  it('is answered as it streams, and cut off, broken or too large answers its error', async () => {
    const table = generatedTable(20_000);
    const body = encodeTraceAs(table, 'tempo-v2');
    const at = Buffer.from(body).indexOf('{"traceId"', 5_000_000);
    const broken = Buffer.concat([body.subarray(0, at), utf8(']]'), body.subarray(at)]);
    const path = (name: string) => `/${name}/api/v2/traces/${table.traceId}`;
    const tempo = await startReplayServer({
      [path('ok')]: { body, gzip: true },
      [path('cut')]: { body, cutAfter: 6_000_000 },
      [path('broken')]: { body: broken },
    });
    const sources = ['ok', 'cut', 'broken', 'small'].map((name) => ({
      ...parseSourceSpec(`${name}=tempo:${tempo.url}/${name === 'small' ? 'ok' : name}`),
      ...(name === 'small' ? { maxAnswerBytes: 4_000_000 } : {}),
    }));
    const server = await startInProcess({ sources });
    try {
      const get = (name: string) =>
        fetch(`${server.base}/api/sources/${name}/api/v2/traces/${table.traceId}`, {
          headers: { Accept: COLUMNAR_MEDIA_TYPE },
        });
      const ok = await get('ok');
      expect(ok.status).toBe(200);
      const expected = await convertWhole(
        convertInline,
        { source: 'ok', what: '', traceId: table.traceId, reader: 'tempo', encoding: 'columnar' },
        body,
      );
      expect(same(new Uint8Array(await ok.arrayBuffer()), expected)).toBe(true);

      // Deferred: the hot columns, then the details the worker handed over (the pieces' own bytes).
      const hot = await fetch(`${server.base}/api/sources/ok/api/v2/traces/${table.traceId}`, {
        headers: { Accept: COLUMNAR_DEFERRED_ACCEPT },
      });
      const { table: viewed, deferred } = decodeColumnarTrace(new Uint8Array(await hot.arrayBuffer()));
      if (!deferred) throw new Error('not deferred');
      const details = await fetch(
        `${server.base}/api/sources/ok/api/v2/traces/${table.traceId}/details?from=${deferred.keyOf(0)}&to=${deferred.keyOf(deferred.count - 1)}`,
      );
      deferred.fill(0, decodeDetailBatch(new Uint8Array(await details.arrayBuffer()), deferred.count));
      const whole = decodeColumnarTrace((expected as ConvertedTrace).body).table;
      for (const i of [0, 1, 4321, deferred.count - 1])
        expect(viewed.details(i), `span ${i}`).toEqual(whole.details(i));

      for (const [name, failure, message] of [
        ['cut', 'unreachable', /the answer was cut off/],
        ['broken', 'malformed', /answered something that is not what that endpoint returns \(not a trace: /],
        ['small', 'too-large', /over 4000000 bytes/],
      ] as const) {
        const res = await get(name);
        expect(res.status, name).toBe(502);
        const answer = await res.json();
        expect(answer).toMatchObject({ source: name, failure });
        expect(answer.error).toMatch(message);
      }
      // The worker is free again.
      expect((await get('ok')).status).toBe(200);
    } finally {
      await server.close();
      await tempo.close();
    }
  }, 60_000);

  it('is converted without stalling the HTTP thread: the local store answers meanwhile', async () => {
    const table = generatedTable(50_000);
    const path = `/api/v2/traces/${table.traceId}`;
    const tempo = await startReplayServer({ [path]: { body: encodeTraceAs(table, 'tempo-v2') } });
    const server = await startInProcess({ sources: [parseSourceSpec(`tempo=tempo:${tempo.url}`)] });
    try {
      const url = `${server.base}/api/sources/tempo${path}`;
      const get = () => fetch(url, { headers: { Accept: COLUMNAR_MEDIA_TYPE } });
      // Once first, so that the worker has started and compiled its code.
      expect((await get()).status).toBe(200);
      // The server shares this thread: its longest stall while it reads the trace is the HTTP thread's.
      const stalls = monitorEventLoopDelay({ resolution: 10 });
      stalls.enable();
      const t0 = performance.now();
      let done = false;
      const big = get().then(async (res) => {
        await res.arrayBuffer();
        done = true;
        return res.status;
      });
      // Meanwhile the local store is asked, one request after another.
      const waits: number[] = [];
      while (!done) {
        const t1 = performance.now();
        expect((await fetch(`${server.base}/api/status`)).status).toBe(200);
        waits.push(performance.now() - t1);
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(await big).toBe(200);
      const totalMs = performance.now() - t0;
      stalls.disable();
      // Converted on the HTTP thread, the conversion would be one stall, and one local request would
      // wait for all of it: most of the total.
      expect(stalls.max / 1e6).toBeLessThan(totalMs / 4);
      expect(Math.max(...waits)).toBeLessThan(totalMs / 4);
    } finally {
      await server.close();
      await tempo.close();
    }
  }, 60_000);
});
