/**
 * Backpressure (issue 15 item 3) against the REAL built server, durable data directory: for 60 s,
 * more exporters than the store can keep up with (OTLP/HTTP protobuf and OTLP/gRPC, each sending a
 * 512-span export every 25 ms with up to 30 in flight, as the OpenTelemetry SDK's exporters allow,
 * and sending a refused export again after Retry-After). Reports the server's peak resident memory
 * (all threads) with its course and the spans stored every 10 s (DuckDB keeps the blocks it wrote
 * in its buffer cache, so memory also follows what is stored), the most the store's backlog held
 * (exports waiting for their commit, `ingestBacklog` of /api/status: the queue that must stay
 * bounded), the exports refused by answer, the spans acknowledged per second and their ack latency;
 * then that every acknowledged span was stored.
 *
 *   npm run bench -- overload
 *   OVERLOAD_SECONDS=30 node --import tsx --import ./scripts/raw-loader.mjs bench/overload.bench.ts
 */
import { rmSync } from 'node:fs';
import {
  type ExportProtocol,
  type ExportSender,
  encodingOf,
  exportSender,
  exportTemplate,
} from '../src/testing/export-traffic.ts';
import { rssBytes } from '../src/testing/proc-stats.ts';
import { startServer, tempDataDir } from '../src/testing/server-harness.ts';
import { percentile, report } from './report.ts';

const SECONDS = Number(process.env.OVERLOAD_SECONDS ?? 60);
const EXPORTERS: readonly ExportProtocol[] = [
  ...Array<ExportProtocol>(12).fill('http-protobuf'),
  ...Array<ExportProtocol>(6).fill('grpc'),
];
const INTERVAL_MS = 25;
/** The OpenTelemetry JS exporters' default concurrencyLimit. */
const MAX_IN_FLIGHT = 30;
const MiB = 2 ** 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = tempDataDir();
const server = await startServer({ dataDir });
const pid = server.child.pid ?? 0;
try {
  const rssBefore = rssBytes(pid);
  const rss: { atS: number; bytes: number }[] = [];
  const t0 = performance.now();
  const sampler = setInterval(
    () => rss.push({ atS: (performance.now() - t0) / 1000, bytes: rssBytes(pid) }),
    100,
  );
  const endAt = t0 + SECONDS * 1000;
  const course: { atS: number; rss: number; spans: number }[] = [];
  let backlogExports = 0;
  let backlogBytes = 0;
  const watcher = (async () => {
    for (let next = 10; performance.now() < endAt; await sleep(1000)) {
      const status = (await (await fetch(`${server.base}/api/status`)).json()) as {
        spanCount: number;
        ingestBacklog: { exports: number; bytes: number };
      };
      backlogExports = Math.max(backlogExports, status.ingestBacklog.exports);
      backlogBytes = Math.max(backlogBytes, status.ingestBacklog.bytes);
      const atS = (performance.now() - t0) / 1000;
      if (atS >= next) {
        course.push({ atS, rss: rssBytes(pid), spans: status.spanCount });
        next += 10;
      }
    }
  })();
  const refused = new Map<string, number>();
  const ackMs: number[] = [];
  let acknowledged = 0;
  let offered = 0;
  const failures: string[] = [];

  async function exporter(protocol: ExportProtocol): Promise<void> {
    const sender: ExportSender = exportSender(protocol, server, MAX_IN_FLIGHT);
    const template = exportTemplate(8, 64, encodingOf(protocol));
    const inFlight = new Set<Promise<void>>();
    const exportOne = async (body: Uint8Array) => {
      for (;;) {
        const sent = performance.now();
        const answer = await sender.send(body);
        if (answer.kind === 'ok') {
          acknowledged += template.spans;
          ackMs.push(performance.now() - sent);
          return;
        }
        if (answer.kind === 'failed') {
          failures.push(`${protocol}: ${answer.code} ${answer.message}`);
          return;
        }
        const key = `${protocol} ${answer.code}`;
        refused.set(key, (refused.get(key) ?? 0) + 1);
        if (performance.now() >= endAt) return;
        await sleep((answer.retryAfterS ?? 1) * 1000);
      }
    };
    while (performance.now() < endAt) {
      if (inFlight.size < MAX_IN_FLIGHT) {
        offered += template.spans;
        const p: Promise<void> = exportOne(template.fresh()).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await sleep(INTERVAL_MS);
    }
    await Promise.all(inFlight);
    sender.close();
  }

  await Promise.all(EXPORTERS.map(exporter));
  await watcher;
  const elapsedS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const status = (await (await fetch(`${server.base}/api/status`)).json()) as { spanCount: number };

  const peak = Math.max(...rss.map((r) => r.bytes));
  report({
    name: 'overload.serverPeakRssMB',
    value: Math.round(peak / MiB),
    unit: 'MB',
    note: `${SECONDS} s of overload; before ${(rssBefore / MiB).toFixed(0)} MB; every 10 s: ${course.map((c) => `${(c.rss / MiB).toFixed(0)} MB at ${(c.spans / 1e6).toFixed(2)}M spans`).join(', ')}`,
  });
  report({
    name: 'overload.peakBacklogMB',
    value: backlogBytes / MiB,
    unit: 'MB',
    target: '≤ 64 (bounded)',
    ok: backlogBytes <= 64 * MiB,
    note: `the most export bytes waiting for their commit (sampled each second), ${backlogExports} exports at most`,
  });
  const refusedTotal = [...refused.values()].reduce((a, b) => a + b, 0);
  report({
    name: 'overload.refusedExports',
    value: refusedTotal,
    unit: 'exports',
    note: `${[...refused].map(([k, n]) => `${k}: ${n}`).join(', ') || 'none'}; ${EXPORTERS.length} exporters (${EXPORTERS.filter((p) => p === 'grpc').length} gRPC), a 512-span export every ${INTERVAL_MS} ms each, ≤ ${MAX_IN_FLIGHT} in flight each`,
  });
  report({
    name: 'overload.spansPerSecond',
    value: Math.round(acknowledged / elapsedS),
    unit: 'spans/s',
    note: `acknowledged under overload (offered ${Math.round(offered / elapsedS)} spans/s); ack p50 ${percentile(ackMs, 50).toFixed(0)} ms, p95 ${percentile(ackMs, 95).toFixed(0)} ms, max ${Math.max(...ackMs).toFixed(0)} ms`,
  });
  report({
    name: 'overload.lostSpans',
    value: acknowledged - status.spanCount,
    unit: 'spans',
    target: '0',
    ok: status.spanCount === acknowledged && failures.length === 0,
    note: `${acknowledged} acknowledged, ${status.spanCount} stored${failures.length ? `; ${failures.length} failed: ${failures.slice(0, 3).join('; ')}` : ''}`,
  });
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
