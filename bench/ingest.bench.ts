/**
 * OTLP ingest against the REAL built server (DESIGN §7), durable data directory, per protocol
 * (OTLP/HTTP protobuf, OTLP/HTTP JSON, OTLP/gRPC), one after the other on the same store:
 * - sustained ingest in 512-span requests (4 in flight), with a search every second (the listing
 *   and TraceQL searches in turn: SQL-answered filters, a structural operator, a pipeline);
 * - server CPU µs per span, per thread (HTTP thread, decode worker, database worker, the rest:
 *   DuckDB's threads), with the time of the stages inside them (`ingestStages` of /api/status: the
 *   thread's CPU for decode, prepare and append, wall time for the commit);
 * - acknowledgement latency of a 20-span export while 512-span exports stream (HTTP/protobuf), and
 *   on an idle server, with where those exports waited on the server, step by step (`ackWaits` of
 *   /api/status: decode worker's queue, decode, database worker's queue, lane, append, the commits
 *   before its own, its commit, the reply).
 *
 *   npm run bench -- ingest
 *   INGEST_SECONDS=10 INGEST_PROTOCOLS=http-json,grpc node --import tsx --import ./scripts/raw-loader.mjs bench/ingest.bench.ts
 */
import { rmSync } from 'node:fs';
import {
  type AckStep,
  type AckWaitCounts,
  MOMENTS,
  waitPercentile,
} from '../src/server/store/ingest/ack-timeline.ts';
import type { IngestStages } from '../src/server/store/ingest/stage-clock.ts';
import {
  type ExportProtocol,
  type ExportSender,
  type ExportTemplate,
  encodingOf,
  exportSender,
  exportTemplate,
} from '../src/testing/export-traffic.ts';
import { cpuSeconds } from '../src/testing/proc-stats.ts';
import { type HarnessServer, startServer, tempDataDir } from '../src/testing/server-harness.ts';
import { percentile, report } from './report.ts';

const SECONDS = Number(process.env.INGEST_SECONDS ?? 30);
const IN_FLIGHT = 4;
const TARGETS: Record<ExportProtocol, number> = {
  'http-protobuf': 80_000,
  'http-json': 50_000,
  grpc: 50_000,
};
const PROTOCOLS = (process.env.INGEST_PROTOCOLS?.split(',') ?? Object.keys(TARGETS)) as ExportProtocol[];
const LABEL: Record<ExportProtocol, string> = {
  'http-protobuf': 'http.protobuf',
  'http-json': 'http.json',
  grpc: 'grpc',
};
const QUERIES = [
  '',
  '{ status = error }',
  '{ duration > 10ms && kind = server }',
  '{ name =~ "GET .*" }',
  '{ } >> { status = error }',
  '{ } | count() > 10',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's CPU seconds: the whole process and its three JavaScript threads. */
interface CpuSample {
  readonly total: number;
  readonly http: number;
  readonly decode: number;
  readonly database: number;
  readonly stages: IngestStages;
  readonly ackWaits: AckWaitCounts;
}

async function sample(server: HarnessServer): Promise<CpuSample> {
  const pid = server.child.pid ?? 0;
  const status = (await (await fetch(`${server.base}/api/status`)).json()) as {
    ingestStages: IngestStages;
    ackWaits: AckWaitCounts;
  };
  const ids = status.ingestStages.threadIds;
  return {
    total: cpuSeconds(pid),
    http: cpuSeconds(pid, ids.http),
    decode: cpuSeconds(pid, ids.decode),
    database: cpuSeconds(pid, ids.database),
    stages: status.ingestStages,
    ackWaits: status.ackWaits,
  };
}

/** Where the small exports acknowledged between two samples waited: p50 / p95 ms of each step. */
function ackWaitNote(before: AckWaitCounts | undefined, after: AckWaitCounts): string {
  const steps = MOMENTS.slice(1) as AckStep[];
  const ms = (step: AckStep, p: number) => waitPercentile(before, after, step, p).toFixed(1);
  return `${after.exports - (before?.exports ?? 0)} small exports, server side p50/p95 ms (histogram buckets): total ${ms('total', 50)}/${ms('total', 95)}; ${steps.map((s) => `${s} ${ms(s, 50)}/${ms(s, 95)}`).join(', ')}`;
}

/** One export at a time, `pauseMs` apart, until `until()`; the acknowledgement times (ms). */
async function ackTimes(sender: ExportSender, t: ExportTemplate, until: () => boolean, pauseMs: number) {
  const ms: number[] = [];
  while (!until()) {
    const body = t.fresh();
    const t0 = performance.now();
    const answer = await sender.send(body);
    if (answer.kind !== 'ok') throw new Error(`a 20-span export answered ${JSON.stringify(answer)}`);
    ms.push(performance.now() - t0);
    if (pauseMs) await sleep(pauseMs);
  }
  return ms;
}

async function sustained(server: HarnessServer, protocol: ExportProtocol): Promise<void> {
  const label = LABEL[protocol];
  const sender = exportSender(protocol, server, IN_FLIGHT + 2);
  const big = exportTemplate(8, 64, encodingOf(protocol));
  const endAt = performance.now() + SECONDS * 1000;
  const over = () => performance.now() >= endAt;
  let acknowledged = 0;
  let refused = 0;
  const searchMs: number[] = [];
  const searches = (async () => {
    for (let i = 0; !over(); i++) {
      const q = QUERIES[i % QUERIES.length];
      const t0 = performance.now();
      await fetch(`${server.base}/api/search?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`).then((r) =>
        r.arrayBuffer(),
      );
      searchMs.push(performance.now() - t0);
      await sleep(1000);
    }
  })();
  // While HTTP/protobuf streams: a 20-span export every 100 ms on a connection of its own.
  const probe = exportSender('http-protobuf', server, 1);
  const acks =
    protocol === 'http-protobuf' ? ackTimes(probe, exportTemplate(1, 20, 'protobuf'), over, 100) : null;

  const before = await sample(server);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (!over()) {
        const answer = await sender.send(big.fresh());
        if (answer.kind === 'ok') acknowledged += big.spans;
        else if (answer.kind === 'refused') {
          refused++;
          await sleep(100);
        } else throw new Error(`${protocol} ingest answered ${answer.code}: ${answer.message}`);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const after = await sample(server);
  await searches;
  const ackMs = await acks;
  sender.close();
  probe.close();

  const rate = acknowledged / elapsedS;
  report({
    name: `ingest.${label}.spansPerSecond`,
    value: Math.round(rate),
    unit: 'spans/s',
    target: `≥ ${TARGETS[protocol]}`,
    ok: rate >= TARGETS[protocol],
    note: `${SECONDS} s, 512-span requests (${(big.byteLength / 1024).toFixed(0)} KiB), ${IN_FLIGHT} in flight, ${refused} refused (429/503), a search each second (listing and TraceQL in turn) p95 ${percentile(searchMs, 95).toFixed(0)} ms`,
  });
  const us = (seconds: number) => (seconds * 1e6) / acknowledged;
  const stageUs = (stage: Exclude<keyof IngestStages, 'threadIds'>) =>
    us((after.stages[stage] - before.stages[stage]) / 1000).toFixed(1);
  const threads = {
    http: after.http - before.http,
    decode: after.decode - before.decode,
    database: after.database - before.database,
  };
  const total = after.total - before.total;
  report({
    name: `ingest.${label}.serverCpuUsPerSpan`,
    value: us(total),
    unit: 'µs/span',
    note: `server CPU (all threads) per acknowledged span; the sending client used ${us((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} µs/span; 2 cores give 2,000,000 µs per second`,
  });
  const stages: [string, number, string][] = [
    [
      'httpThread',
      threads.http,
      'HTTP thread: request parsing, body read, admission, answers (and the searches’ HTTP side)',
    ],
    [
      'decodeWorker',
      threads.decode,
      `decode worker: decode ${stageUs('decodeMs')} µs + prepare (detail JSON, search attrs, tags, columns) ${stageUs('prepareMs')} µs of its CPU; the rest is messaging and GC`,
    ],
    [
      'databaseWorker',
      threads.database,
      `database worker: append ${stageUs('appendMs')} µs of its CPU; the rest is receiving batches, blob ids, rollups`,
    ],
    [
      'otherThreads',
      total - threads.http - threads.decode - threads.database,
      `DuckDB's and V8's helper threads: commit (${stageUs('commitMs')} µs wall, WAL write and fsync), checkpoints, the searches, GC`,
    ],
  ];
  for (const [name, seconds, note] of stages)
    report({ name: `ingest.${label}.cpu.${name}.usPerSpan`, value: us(seconds), unit: 'µs/span', note });
  if (ackMs) {
    report({
      name: 'ingest.http.ack20Streaming.p95Ms',
      value: percentile(ackMs, 95),
      unit: 'ms',
      target: '≤ 50',
      ok: percentile(ackMs, 95) <= 50,
      note: `p50 ${percentile(ackMs, 50).toFixed(1)} ms over ${ackMs.length} 20-span exports while 512-span exports stream (durable data dir)`,
    });
    report({
      name: 'ingest.http.ack20Streaming.serverP95Ms',
      value: waitPercentile(before.ackWaits, after.ackWaits, 'total', 95),
      unit: 'ms',
      note: ackWaitNote(before.ackWaits, after.ackWaits),
    });
  }
}

const dataDir = tempDataDir();
const server = await startServer({ dataDir });
try {
  for (const protocol of PROTOCOLS) {
    await sustained(server, protocol);
    await sleep(2000);
  }
  // Acknowledgement latency of 20-span exports, one at a time, once the store has caught up.
  const idleBefore = (await sample(server)).ackWaits;
  const sender = exportSender('http-protobuf', server, 1);
  let n = 0;
  const latencies = await ackTimes(sender, exportTemplate(1, 20, 'protobuf'), () => n++ >= 300, 0);
  sender.close();
  const p95 = percentile(latencies, 95);
  report({
    name: 'ingest.http.ack20.p95Ms',
    value: p95,
    unit: 'ms',
    target: '≤ 50',
    ok: p95 <= 50,
    note: `p50 ${percentile(latencies, 50).toFixed(1)} ms over ${latencies.length} exports on an idle server (durable data dir)`,
  });
  const idleAfter = (await sample(server)).ackWaits;
  report({
    name: 'ingest.http.ack20.serverP95Ms',
    value: waitPercentile(idleBefore, idleAfter, 'total', 95),
    unit: 'ms',
    note: ackWaitNote(idleBefore, idleAfter),
  });
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
