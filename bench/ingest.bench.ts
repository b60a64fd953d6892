/**
 * OTLP/HTTP ingest against the REAL built server (DESIGN §7), durable data directory:
 * - sustained protobuf ingest in 512-span requests for 30 s, with a search every second (the listing
 *   and TraceQL searches in turn: SQL-answered filters, a structural operator, a pipeline);
 * - acknowledgement latency of a 20-span export (p50/p95), on an idle server.
 *
 *   npx tsx bench/ingest.bench.ts            (or `npm run bench -- ingest`)
 *   INGEST_SECONDS=10 npx tsx bench/ingest.bench.ts
 */
import { rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { hexToBytes } from '../src/core/model/ids.ts';
import { cpuSeconds } from '../src/testing/proc-stats.ts';
import { startServer, tempDataDir } from '../src/testing/server-harness.ts';
import { percentile, report } from './report.ts';

const SECONDS = Number(process.env.INGEST_SECONDS ?? 30);

// The repo's .proto files, loaded directly (tsx cannot import schema.ts's `?raw` text imports).
const PROTO_DIR = join(import.meta.dirname, '../src/core/formats/otlp-proto/proto');
const ExportTraceServiceRequest = new protobuf.Root()
  .loadSync(
    ['common.proto', 'resource.proto', 'trace.proto', 'trace_service.proto'].map((f) => join(PROTO_DIR, f)),
    { keepCase: true },
  )
  .lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const IN_FLIGHT = 4;

interface Template {
  readonly body: Uint8Array;
  readonly spans: number;
  /** Offsets of the first byte of every trace id in `body`, per trace. */
  readonly traceIdOffsets: number[][];
}

/**
 * An export request of `traces` × `perTrace` spans with realistic attributes, encoded once; each send patches
 * the first 8 bytes of every trace id with a counter, so that every request carries new traces.
 */
function template(traces: number, perTrace: number): Template {
  const marker = (t: number) => `f0f0f0f0f0f0f0f0${t.toString(16).padStart(16, '0')}`;
  const spans = [];
  for (let t = 0; t < traces; t++) {
    for (let i = 0; i < perTrace; i++) {
      const startNs = 1_763_870_400_000_000_000n + BigInt(t * 1_000_000 + i * 10_000);
      spans.push({
        trace_id: hexToBytes(marker(t)),
        span_id: hexToBytes((i + 1).toString(16).padStart(16, '0')),
        parent_span_id:
          i === 0 ? undefined : hexToBytes((Math.floor((i - 1) / 4) + 1).toString(16).padStart(16, '0')),
        name: i === 0 ? 'GET /api/products/{id}' : `SELECT products ${i % 7}`,
        kind: i === 0 ? 2 : 3,
        start_time_unix_nano: startNs.toString(),
        end_time_unix_nano: (startNs + 5_000_000n).toString(),
        attributes: [
          { key: 'http.request.method', value: { string_value: 'GET' } },
          { key: 'http.response.status_code', value: { int_value: 200 } },
          { key: 'db.system', value: { string_value: 'postgresql' } },
          { key: 'db.statement', value: { string_value: 'SELECT * FROM products WHERE id = $1' } },
          { key: 'net.peer.name', value: { string_value: 'db-primary.internal' } },
          { key: 'server.port', value: { int_value: 5432 } },
        ],
        events: i % 16 === 0 ? [{ time_unix_nano: startNs.toString(), name: 'cache.miss' }] : [],
        status: { code: i % 50 === 49 ? 2 : 0 },
      });
    }
  }
  const body = ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject({
      resource_spans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { string_value: 'catalog' } },
              { key: 'service.version', value: { string_value: '1.4.2' } },
              { key: 'host.name', value: { string_value: 'catalog-7d9f-x2' } },
            ],
          },
          scope_spans: [{ scope: { name: 'bench', version: '1.0' }, spans }],
        },
      ],
    }),
  ).finish();
  const traceIdOffsets: number[][] = [];
  for (let t = 0; t < traces; t++) {
    const needle = hexToBytes(marker(t));
    const offsets: number[] = [];
    for (
      let at = Buffer.from(body).indexOf(needle);
      at >= 0;
      at = Buffer.from(body).indexOf(needle, at + 1)
    ) {
      offsets.push(at);
    }
    traceIdOffsets.push(offsets);
  }
  return { body, spans: spans.length, traceIdOffsets };
}

let traceCounter = 0;
function fresh(t: Template): Uint8Array {
  const body = Buffer.from(t.body);
  for (const offsets of t.traceIdOffsets) {
    const id = ++traceCounter;
    for (const at of offsets) {
      body.writeUInt32BE(Math.floor(id / 2 ** 32), at);
      body.writeUInt32BE(id >>> 0, at + 4);
    }
  }
  return body;
}

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT + 2 });

function post(url: string, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.byteLength },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const dataDir = tempDataDir();
const server = await startServer({ dataDir });
try {
  const url = `${server.otlpBase}/v1/traces`;
  const big = template(8, 64);
  const small = template(1, 20);

  // Sustained ingest: IN_FLIGHT senders, each waiting for its acknowledgement; a search each second.
  const endAt = performance.now() + SECONDS * 1000;
  let acknowledged = 0;
  let refused = 0;
  const searchMs: number[] = [];
  const queries = [
    '',
    '{ status = error }',
    '{ duration > 10ms && kind = server }',
    '{ name =~ "GET .*" }',
    '{ } >> { status = error }',
    '{ } | count() > 10',
  ];
  const searches = (async () => {
    for (let i = 0; performance.now() < endAt; i++) {
      const q = queries[i % queries.length];
      const t0 = performance.now();
      await fetch(`${server.base}/api/search?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`).then((r) =>
        r.arrayBuffer(),
      );
      searchMs.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  const started = performance.now();
  const serverCpuBefore = cpuSeconds(server.child.pid ?? 0);
  const clientCpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < endAt) {
        const status = await post(url, fresh(big));
        if (status === 200) acknowledged += big.spans;
        else if (status === 429 || status === 503) {
          refused++;
          await new Promise((r) => setTimeout(r, 100));
        } else throw new Error(`ingest answered ${status}`);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const serverCpuS = cpuSeconds(server.child.pid ?? 0) - serverCpuBefore;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  await searches;
  const rate = acknowledged / elapsedS;
  report({
    name: 'ingest.http.protobuf.spansPerSecond',
    value: Math.round(rate),
    unit: 'spans/s',
    target: '≥ 50000',
    ok: rate >= 50_000,
    note: `${SECONDS} s, 512-span requests, ${IN_FLIGHT} in flight, ${refused} refused (429/503), a search each second (listing and TraceQL in turn) p95 ${percentile(searchMs, 95).toFixed(0)} ms`,
  });
  const clientCpuS = (clientCpu.user + clientCpu.system) / 1e6;
  report({
    name: 'ingest.http.protobuf.serverCpuUsPerSpan',
    value: (serverCpuS * 1e6) / acknowledged,
    unit: 'µs/span',
    note: `server CPU (all threads) per acknowledged span; the sending client used ${((clientCpuS * 1e6) / acknowledged).toFixed(1)} µs/span; 2 cores give 2,000,000 µs per second`,
  });

  // Acknowledgement latency of 20-span exports, one at a time, once the store has caught up.
  await new Promise((r) => setTimeout(r, 2000));
  const latencies: number[] = [];
  for (let i = 0; i < 300; i++) {
    const body = fresh(small);
    const t0 = performance.now();
    const status = await post(url, body);
    latencies.push(performance.now() - t0);
    if (status !== 200) throw new Error(`20-span export answered ${status}`);
  }
  const p95 = percentile(latencies, 95);
  report({
    name: 'ingest.http.ack20.p95Ms',
    value: p95,
    unit: 'ms',
    target: '≤ 50',
    ok: p95 <= 50,
    note: `p50 ${percentile(latencies, 50).toFixed(1)} ms over ${latencies.length} exports (durable data dir)`,
  });
} finally {
  agent.destroy();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
