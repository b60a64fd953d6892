/**
 * Embedded-store benchmarks (DESIGN §7), through the real worker thread and a durable data
 * directory: sustained OTLP protobuf ingest in 512-span requests with searches running, the
 * acknowledgement latency of 20-span exports, trace by id at 10k and 100k spans, and recent-traces
 * and tag-values listings with 1M spans stored.
 *
 *   npx tsx bench/store.bench.ts            (or through `npm run bench -- store`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import protobuf from 'protobufjs';
import { generateDemoData, generateLargeTrace } from '../src/core/demo/index.ts';
import { createStore } from '../src/server/store/create-store.ts';
import type { TraceStore } from '../src/server/store/types.ts';
import { bundleStoreWorker } from '../src/server/store/worker-bundle.ts';
import { syntheticRequest, toProtoObject } from '../src/testing/otlp-requests.ts';
import { percentile, report } from './report.ts';

const PROTO_DIR = join(import.meta.dirname, '../src/core/formats/otlp-proto/proto');
const otlp = new protobuf.Root().loadSync(
  ['common.proto', 'resource.proto', 'trace.proto', 'trace_service.proto'].map((f) => join(PROTO_DIR, f)),
  { keepCase: true },
);
const Request = otlp.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

function protoBody(request: unknown): Uint8Array {
  return Request.encode(Request.fromObject(toProtoObject(request) as Record<string, unknown>)).finish();
}

function spansIn(request: {
  resourceSpans: readonly { scopeSpans: readonly { spans: readonly unknown[] }[] }[];
}) {
  let n = 0;
  for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

interface Body {
  readonly bytes: Uint8Array;
  readonly spans: number;
}

/** Demo traffic (realistic attributes, events, links) in ≤ 512-span requests, pre-encoded. */
function demoBodies(minSpans: number, nowMs: number): Body[] {
  const out: Body[] = [];
  let spans = 0;
  for (let seed = 1; spans < minSpans; seed++) {
    for (const request of generateDemoData({ seed, nowMs: nowMs - seed * 3_600_000 })) {
      const n = spansIn(request);
      out.push({ bytes: protoBody(request), spans: n });
      spans += n;
    }
  }
  return out;
}

/** Sends bodies with `inFlight` exports outstanding; returns spans acknowledged per second. */
async function sendAll(store: TraceStore, bodies: readonly Body[], inFlight: number): Promise<number> {
  let next = 0;
  let spans = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const result = await store.ingestOtlp(body.bytes, 'protobuf');
        if (!result.ok) throw new Error(result.errorMessage);
        spans += result.acceptedSpans;
      }
    }),
  );
  return spans / ((performance.now() - t0) / 1000);
}

async function timeIt(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'spanscope-bench-'));
  const bundle = await bundleStoreWorker();
  const store = await createStore({ dataDir, workerUrl: bundle.workerUrl });
  const nowMs = Date.now();
  try {
    // 1. Sustained ingest with searches running, and the HTTP thread's event-loop delay meanwhile.
    const bodies = demoBodies(Number(process.env.BENCH_SPANS ?? 150_000), nowMs);
    const searches = setInterval(
      () => store.search({ limit: 20, spss: 3 }).catch((e) => console.error('search failed:', e.stack)),
      100,
    );
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const spansPerS = await sendAll(store, bodies, 8);
    loop.disable();
    clearInterval(searches);
    report({
      name: 'store.ingest.protobuf512.spansPerSecond',
      value: Math.round(spansPerS),
      unit: 'spans/s',
      target: '≥ 50000',
      ok: spansPerS >= 50_000,
      note: `demo spans (~6 attributes, events, links), ${bodies.length} requests, 8 in flight, durable commits, searches every 100 ms`,
    });
    report({
      name: 'store.ingest.httpThreadLoopDelayMaxMs',
      value: loop.max / 1e6,
      unit: 'ms',
      note: 'event-loop delay of the calling thread during sustained ingest',
    });

    // 1b. The same with lean spans (3 short attributes, no events): the cost is per byte as much as per span.
    const lean: Body[] = [];
    for (let k = 0; k < 200; k++) {
      const request = syntheticRequest({
        traces: 8,
        spansPerTrace: 64,
        seed: 5000 + k,
        startNs: BigInt(nowMs - 7_200_000) * 1_000_000n,
      });
      lean.push({ bytes: protoBody(request), spans: 512 });
    }
    const leanPerS = await sendAll(store, lean, 8);
    report({
      name: 'store.ingest.protobuf512lean.spansPerSecond',
      value: Math.round(leanPerS),
      unit: 'spans/s',
      target: '≥ 50000',
      ok: leanPerS >= 50_000,
      note: 'lean spans (3 attributes, no events), 200 requests, 8 in flight',
    });

    // 2. Acknowledgement latency of 20-span exports: idle, then while 512-span batches stream in.
    const small = [...generateDemoData({ seed: 99, nowMs })]
      .flatMap((r) =>
        r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ rs, ss, s })))),
      )
      .slice(0, 20 * 200);
    const smallBodies: Uint8Array[] = [];
    for (let i = 0; i < small.length; i += 20) {
      const part = small.slice(i, i + 20);
      smallBodies.push(
        protoBody({
          resourceSpans: part.map(({ rs, ss, s }) => ({
            resource: rs.resource,
            scopeSpans: [{ scope: ss.scope, spans: [s] }],
          })),
        }),
      );
    }
    const ack = async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await store.ingestOtlp(smallBodies[i % smallBodies.length], 'protobuf');
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
      return times;
    };
    const idle = await ack(200);
    report({
      name: 'store.ack.export20.p95Ms',
      value: percentile(idle, 95),
      unit: 'ms',
      target: '≤ 50',
      ok: percentile(idle, 95) <= 50,
      note: `p50 ${percentile(idle, 50).toFixed(1)} ms, 200 sequential exports`,
    });
    const background = sendAll(store, demoBodies(60_000, nowMs - 86_400_000), 4);
    const loaded = await ack(100);
    const bgRate = await background;
    report({
      name: 'store.ack.export20UnderLoad.p95Ms',
      value: percentile(loaded, 95),
      unit: 'ms',
      note: `p50 ${percentile(loaded, 50).toFixed(1)} ms while 512-span batches stream at ${Math.round(bgRate)} spans/s`,
    });

    // 3. Trace by id, 10k and 100k spans.
    for (const spanCount of [10_000, 100_000]) {
      let traceId = '';
      const requests = [...generateLargeTrace({ spanCount, seed: 7, nowMs })];
      traceId = requests[0].resourceSpans[0].scopeSpans[0].spans[0].traceId;
      await sendAll(
        store,
        requests.map((r) => ({ bytes: protoBody(r), spans: spansIn(r) })),
        4,
      );
      for (const encoding of ['tempo-v2', 'columnar', 'columnar-deferred'] as const) {
        let bytes = 0;
        const times = await timeIt(async () => {
          bytes = (await store.getTrace(traceId, encoding))?.byteLength ?? 0;
        }, 5);
        report({
          name: `store.traceById.${spanCount / 1000}k.${encoding}.p50Ms`,
          value: percentile(times, 50),
          unit: 'ms',
          note: `${(bytes / 2 ** 20).toFixed(1)} MiB`,
        });
      }
    }

    // 4. Listings with 1M spans stored.
    let stored = await store.spanCount();
    for (let day = 2; stored < 1_000_000; day++) {
      await sendAll(store, demoBodies(Math.min(200_000, 1_000_000 - stored), nowMs - day * 86_400_000), 8);
      stored = await store.spanCount();
    }
    const listing = await timeIt(() => store.search({ limit: 20, spss: 3 }), 20);
    report({
      name: 'store.search.recent.1M.p50Ms',
      value: percentile(listing, 50),
      unit: 'ms',
      target: '≤ 100',
      ok: percentile(listing, 50) <= 100,
      note: `${stored} spans stored`,
    });
    const listing1000 = await timeIt(() => store.search({ limit: 1000, spss: 3 }), 10);
    report({ name: 'store.search.recent1000.1M.p50Ms', value: percentile(listing1000, 50), unit: 'ms' });
    const values = await timeIt(() => store.tagValues('resource.service.name'), 20);
    report({
      name: 'store.tagValues.1M.p50Ms',
      value: percentile(values, 50),
      unit: 'ms',
      target: '≤ 100',
      ok: percentile(values, 50) <= 100,
    });
  } finally {
    await store.close();
    bundle.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
