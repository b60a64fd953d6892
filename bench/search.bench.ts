/**
 * TraceQL search in the embedded store (DESIGN §7: p50 ≤ 200 ms at 1M stored spans, ≤ 1 s at 10M),
 * through the real worker thread and a durable data directory, on demo traffic (hours of the demo
 * shop, ~46 spans per trace): five representative searches (a service, an attribute equality, a
 * regex, a structural `>>`, a pipeline `count() > 10`) and a rare one that reads every row;
 * autocomplete with and without a query (≤ 50 ms); ingest throughput while searches run.
 *
 *   npx tsx bench/search.bench.ts                          (1M, then 10M spans)
 *   SEARCH_BENCH_SPANS=1000000 npx tsx bench/search.bench.ts
 *   SEARCH_BENCH_MAX_INGEST_S=900 …                         (stop growing the store after that long)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { generateDemoData } from '../src/core/demo/index.ts';
import { createStore } from '../src/server/store/create-store.ts';
import type { SearchParams, TraceStore } from '../src/server/store/types.ts';
import { bundleStoreWorker } from '../src/server/store/worker-bundle.ts';
import { toProtoObject } from '../src/testing/otlp-requests.ts';
import { percentile, report } from './report.ts';

const STAGES = (process.env.SEARCH_BENCH_SPANS ?? '1000000,10000000').split(',').map(Number);
const MAX_INGEST_S = Number(process.env.SEARCH_BENCH_MAX_INGEST_S ?? 900);
const RUNS = 15;

const PROTO_DIR = join(import.meta.dirname, '../src/core/formats/otlp-proto/proto');
const Request = new protobuf.Root()
  .loadSync(
    ['common.proto', 'resource.proto', 'trace.proto', 'trace_service.proto'].map((f) => join(PROTO_DIR, f)),
    { keepCase: true },
  )
  .lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

const SEARCHES: readonly (readonly [string, string])[] = [
  ['service', '{ resource.service.name = "frontend" }'],
  ['attribute', '{ span.http.request.method = "POST" }'],
  ['regex', '{ name =~ "GET /api/.*" }'],
  ['structural', '{ resource.service.name = "frontend" } >> { status = error }'],
  ['pipeline', '{ } | count() > 10'],
];
/** Matches nothing: every row is read (the worst case of a search). */
const RARE = '{ span.app.order.id = "ord-none" }';

const NOW_MS = Date.now();
let nextSeed = 1;

/** The next hour of demo traffic (each an hour older), as protobuf exports of ≤ 512 spans. */
function nextHour(): { bytes: Uint8Array; spans: number }[] {
  const seed = nextSeed++;
  return [...generateDemoData({ seed, nowMs: NOW_MS - seed * 3_600_000 })].map((request) => {
    let spans = 0;
    for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
    const bytes = Request.encode(
      Request.fromObject(toProtoObject(request) as Record<string, unknown>),
    ).finish();
    return { bytes, spans };
  });
}

type Body = { bytes: Uint8Array; spans: number };

/**
 * Sends demo hours (from `bodies` first, then generated as it goes) until `until()` says stop;
 * `inFlight` exports outstanding. Returns spans/s.
 */
async function ingest(
  store: TraceStore,
  until: (spans: number) => boolean,
  bodies: Body[] = [],
  inFlight = 8,
): Promise<number> {
  let spans = 0;
  const queue = bodies;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (!until(spans)) {
        if (queue.length === 0) queue.push(...nextHour());
        const body = queue.pop();
        if (!body) continue;
        const result = await store.ingestOtlp(body.bytes, 'protobuf');
        if (!result.ok) throw new Error(result.errorMessage);
        spans += result.acceptedSpans;
      }
    }),
  );
  return spans / ((performance.now() - t0) / 1000);
}

async function times(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const search = (store: TraceStore, q: string, extra: Partial<SearchParams> = {}) =>
  store.search({ q, limit: 20, spss: 3, timeoutMs: 60_000, ...extra });

async function measureSearches(store: TraceStore, label: string, stored: number): Promise<void> {
  const targetMs = stored >= 5_000_000 ? 1000 : 200;
  for (const [name, q] of SEARCHES) {
    let found = 0;
    let jobs = '';
    const t = await times(async () => {
      const answer = await search(store, q);
      found = answer.traces.length;
      jobs = `${answer.metrics.completedJobs}/${answer.metrics.totalJobs} pages, ${answer.metrics.inspectedSpans} spans read`;
    });
    report({
      name: `store.search.traceql.${name}.${label}.p50Ms`,
      value: percentile(t, 50),
      unit: 'ms',
      target: `≤ ${targetMs}`,
      ok: percentile(t, 50) <= targetMs,
      note: `p95 ${percentile(t, 95).toFixed(0)} ms; ${q}; ${found} traces (limit 20), ${jobs}; ${stored} spans stored`,
    });
  }
  const rare = await times(() => search(store, RARE), 5);
  report({
    name: `store.search.traceql.rare.${label}.p50Ms`,
    value: percentile(rare, 50),
    unit: 'ms',
    note: `${RARE}: matches nothing, so every row is read (the worst case)`,
  });
  const hour = await times(() =>
    search(store, SEARCHES[1][1], {
      startS: Math.floor(NOW_MS / 1000) - 7200,
      endS: Math.floor(NOW_MS / 1000),
    }),
  );
  report({
    name: `store.search.traceql.attributeLast2h.${label}.p50Ms`,
    value: percentile(hour, 50),
    unit: 'ms',
    note: `${SEARCHES[1][1]} over the last 2 hours`,
  });
  const q = '{ resource.service.name = "payment" && span.';
  const autocomplete: [string, () => Promise<unknown>][] = [
    ['tags', () => store.tags('span')],
    ['tagsInQuery', () => store.tags('span', q)],
    ['tagValues', () => store.tagValues('resource.service.name')],
    [
      'tagValuesInQuery',
      () => store.tagValues('span.http.route', '{ resource.service.name = "frontend" && span.http.route = '),
    ],
  ];
  for (const [name, fn] of autocomplete) {
    const t = await times(fn);
    report({
      name: `store.autocomplete.${name}.${label}.p50Ms`,
      value: percentile(t, 50),
      unit: 'ms',
      target: '≤ 50',
      ok: percentile(t, 50) <= 50,
      note: `p95 ${percentile(t, 95).toFixed(1)} ms`,
    });
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'spanscope-search-bench-'));
  const bundle = await bundleStoreWorker();
  const store = await createStore({ dataDir, workerUrl: bundle.workerUrl });
  const started = performance.now();
  try {
    for (const target of STAGES) {
      const stored = await store.spanCount();
      const overTime = () => (performance.now() - started) / 1000 > MAX_INGEST_S;
      const rate = await ingest(store, (sent) => stored + sent >= target || overTime());
      const now = await store.spanCount();
      const label = now >= 9_000_000 ? '10M' : now >= 900_000 ? '1M' : `${Math.round(now / 1000)}k`;
      report({
        name: `store.search.ingest.${label}.spansPerSecond`,
        value: Math.round(rate),
        unit: 'spans/s',
        note: `loading the store to ${now} spans (no searches), ${((performance.now() - started) / 1000).toFixed(0)} s so far`,
      });
      await measureSearches(store, label, now);
      if (now < target) {
        console.log(`stopped growing the store at ${now} spans after ${MAX_INGEST_S} s of ingest`);
        break;
      }
      if (target === STAGES[0]) {
        // Ingest of pre-encoded demo hours (the bench's own encoding would be the bottleneck), alone
        // and with the five searches running back to back meanwhile.
        const encoded = (n: number) => {
          const out: Body[] = [];
          while (out.reduce((sum, b) => sum + b.spans, 0) < n) out.push(...nextHour());
          return out;
        };
        const alone = await ingest(store, (sent) => sent >= 200_000, encoded(200_000));
        report({
          name: `store.search.ingestAlone.${label}.spansPerSecond`,
          value: Math.round(alone),
          unit: 'spans/s',
          note: '200k pre-encoded demo spans, 8 in flight, no searches',
        });
        const bodies = encoded(200_000);
        let running = true;
        const searchMs: number[] = [];
        const searcher = (async () => {
          for (let i = 0; running; i++) {
            const t0 = performance.now();
            await search(store, SEARCHES[i % SEARCHES.length][1]);
            searchMs.push(performance.now() - t0);
          }
        })();
        const base = await store.spanCount();
        const withSearches = await ingest(store, (sent) => sent >= 200_000, bodies);
        running = false;
        await searcher;
        report({
          name: `store.search.ingestWithSearches.${label}.spansPerSecond`,
          value: Math.round(withSearches),
          unit: 'spans/s',
          target: '≥ 50000',
          ok: withSearches >= 50_000,
          note: `200k pre-encoded demo spans onto ${base}, 8 in flight, ${searchMs.length} TraceQL searches back to back meanwhile (p50 ${percentile(searchMs, 50).toFixed(0)} ms, p95 ${percentile(searchMs, 95).toFixed(0)} ms)`,
        });
      }
    }
  } finally {
    await store.close();
    bundle.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
