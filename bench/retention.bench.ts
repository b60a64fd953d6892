/**
 * Retention (issue 15 item 4) on a durable store in-process (as the database worker runs it): 1M
 * spans stored, then a pass deletes them all but the pinned traces (age limit) while 20-span
 * exports keep arriving; then the size limit on the refilled store. Measures the pass time and
 * delete rate, the acknowledgement latency of the exports during the pass against before it, and
 * what the database file and its used bytes do (store-size.ts says why they differ).
 *
 *   npx tsx bench/retention.bench.ts [spans]      (or through `npm run bench -- retention`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportTraceServiceRequest } from '../src/core/formats/otlp-proto/schema.ts';
import { DuckStore } from '../src/server/store/duck-store.ts';
import { syntheticRequest, toProtoObject } from '../src/testing/otlp-requests.ts';
import { percentile, report } from './report.ts';

const SPANS = Number(process.argv[2] ?? 1_000_000);
const DAY_MS = 86_400_000;
const MB = 2 ** 20;

function protoBody(request: unknown): Uint8Array {
  return ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject(toProtoObject(request) as never),
  ).finish();
}

/** 512-span requests (16 traces of 32 spans), as exporters batch them. */
function bodies(count: number, seed: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    protoBody(syntheticRequest({ traces: 16, spansPerTrace: 32, seed: seed + i })),
  );
}

async function fill(store: DuckStore, list: readonly Uint8Array[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < list.length) await store.ingestOtlp(list[next++], 'protobuf');
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
}

/** Sends 20-span exports one after another until `done` settles (at least 20); their acknowledgement times (ms). */
async function acksWhile(store: DuckStore, done: Promise<unknown>, seed: number): Promise<number[]> {
  let finished = false;
  done.finally(() => {
    finished = true;
  });
  const export20 = protoBody(syntheticRequest({ traces: 1, spansPerTrace: 20, seed }));
  const times: number[] = [];
  for (let i = 0; !finished || i < 20; i++) {
    const t = performance.now();
    await store.ingestOtlp(export20, 'protobuf');
    times.push(performance.now() - t);
  }
  return times;
}

const dir = mkdtempSync(join(tmpdir(), 'spanscope-retention-bench-'));
let now = Date.now();
try {
  let store = await DuckStore.open({ dataDir: dir, now: () => now, retention: { maxAgeMs: DAY_MS } });
  const requests = Math.ceil(SPANS / 512);
  console.log(`encoding ${requests} requests…`);
  const first = bodies(requests, 1);
  let t = performance.now();
  await fill(store, first);
  console.log(`stored ${await store.spanCount()} spans in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  // Checkpointed (on close) and reopened: a pending WAL's checkpoint would stall commits during the pass.
  await store.close();
  store = await DuckStore.open({ dataDir: dir, now: () => now, retention: { maxAgeMs: DAY_MS } });
  const search = await store.search({ limit: 3, spss: 1 });
  for (const tr of search.traces) await store.pin({ traceId: tr.traceID, note: 'bench', pinnedBy: 'bench' });
  await store.retentionPass();
  const before = await store.status();
  const quiet = await acksWhile(store, new Promise((r) => setTimeout(r, 3000)), 900_001);

  now += 2 * DAY_MS;
  t = performance.now();
  const pass = store.retentionPass();
  if (!pass) throw new Error('the store was opened without retention');
  const during = await acksWhile(store, pass, 900_002);
  const result = await pass;
  const passMs = performance.now() - t;
  const after = await store.status();
  report({
    name: 'retention.age.passMs',
    value: passMs,
    unit: 'ms',
    note: `${result.deletedSpans} spans, ${result.deletedTraces} traces`,
  });
  report({
    name: 'retention.age.spansPerSecond',
    value: Math.round(result.deletedSpans / (passMs / 1000)),
    unit: 'spans/s',
  });
  report({ name: 'retention.ackP95.quiet', value: percentile(quiet, 95), unit: 'ms' });
  report({
    name: 'retention.ackP95.duringPass',
    value: percentile(during, 95),
    unit: 'ms',
    target: '≤ 50',
    ok: percentile(during, 95) <= 50,
    note: `max ${Math.max(...during).toFixed(0)} ms, ${during.length} exports`,
  });
  report({
    name: 'retention.age.usedMB',
    value: after.sizeBytes / MB,
    unit: 'MB',
    note: `before ${(before.sizeBytes / MB).toFixed(1)} MB; file ${(before.fileBytes / MB).toFixed(1)} → ${(after.fileBytes / MB).toFixed(1)} MB`,
  });

  // Refill as much again: the freed blocks are taken before the file grows.
  await fill(store, bodies(requests, 2_000_001));
  await store.close();
  const probe = await DuckStore.open({ dataDir: dir });
  const refilled = await probe.status();
  await probe.close();
  report({
    name: 'retention.refill.fileMB',
    value: refilled.fileBytes / MB,
    unit: 'MB',
    note: `after storing ${SPANS} spans again, checkpointed: used ${(refilled.sizeBytes / MB).toFixed(1)} MB (file before the pass ${(before.fileBytes / MB).toFixed(1)} MB)`,
  });

  // The size limit: half of what is used.
  const limit = Math.floor(refilled.sizeBytes / 2);
  const sized = await DuckStore.open({ dataDir: dir, now: () => now, retention: { maxBytes: limit } });
  t = performance.now();
  const bySize = await sized.retentionPass();
  const sizeMs = performance.now() - t;
  const trimmed = await sized.status();
  report({
    name: 'retention.size.passMs',
    value: sizeMs,
    unit: 'ms',
    note: `${bySize?.deletedSpans} spans deleted; used ${(refilled.sizeBytes / MB).toFixed(1)} → ${(trimmed.sizeBytes / MB).toFixed(1)} MB (limit ${(limit / MB).toFixed(1)}); file ${(trimmed.fileBytes / MB).toFixed(1)} MB`,
  });
  await sized.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
