/**
 * Big external traces are converted in a worker thread: the same bytes as inline, failures as the
 * same UpstreamErrors, and the HTTP thread free meanwhile (the local store answers at once).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { COLUMNAR_MEDIA_TYPE } from '../../core/api/media-types.ts';
import { fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { generatedTable } from '../../testing/generated-table.ts';
import { CONVERT_WORKER, startInProcess } from '../../testing/in-process-server.ts';
import { startReplayServer } from '../../testing/replay-server.ts';
import { tsWorker } from '../../testing/ts-worker.ts';
import type { TraceConversion } from './convert-trace.ts';
import { encodeTraceAs } from './encode-trace.ts';
import { parseSourceSpec } from './source-config.ts';
import { convertInline, TraceConverter } from './trace-converter.ts';
import { UpstreamError } from './trace-source.ts';

const FILE = 'tempo-api/tempo-api-v2-traces-pushing-spans-docs.json';
const ID = '5b8efff798038103d269b633813fc700';

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
    for (const encoding of ['columnar', 'tempo-v1', 'tempo-v2'] as const) {
      const inline = await convertInline(conversion({ encoding }), readFixture(FILE));
      expect(inline?.length).toBeGreaterThan(100);
      expect(await converter.convert(conversion({ encoding }), readFixture(FILE))).toEqual(inline);
    }
    expect(
      await converter.convert(
        conversion({ traceId: 'ab'.repeat(16), reader: ['otlp-json'] }),
        readFixture(FILE),
      ),
    ).toBeNull();
  });

  it("rejects with the worker's UpstreamError, its kind and source kept", async () => {
    const err = await converter
      .convert(conversion(), new TextEncoder().encode('<html>login</html>'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ source: 'prod', failure: 'malformed' });
    expect((err as Error).message).toMatch(/^source 'prod': trace 5b8e.* answered something that is not/);
  });
});

describe('a big trace of a source', () => {
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
