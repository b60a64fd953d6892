/**
 * Crash durability: for each OTLP protocol, real SDK exporters keep sending while the server is
 * killed with SIGKILL; after a restart on the same data directory, every span whose export was
 * acknowledged is there and the store agrees with itself (store-consistency.ts).
 */
import { rmSync } from 'node:fs';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { type HarnessServer, startServer, tempDataDir } from '../../testing/server-harness.ts';
import { missingSpans, readBackStore } from '../../testing/store-consistency.ts';

const SPANS_PER_EXPORT = 20;

function spanFactory(service: string) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('durability');
  return (): ReadableSpan[] => {
    memory.reset();
    const root = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER });
    const ctx = trace.setSpan(context.active(), root);
    for (let i = 1; i < SPANS_PER_EXPORT; i++) {
      tracer.startSpan(`SELECT orders ${i}`, { kind: SpanKind.CLIENT, attributes: { i } }, ctx).end();
    }
    root.end();
    return memory.getFinishedSpans().slice();
  };
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<boolean> {
  return new Promise((resolve) =>
    exporter.export(spans, (r) => resolve(r.code === ExportResultCode.SUCCESS)),
  );
}

const PROTOCOLS: [string, (s: HarnessServer) => SpanExporter][] = [
  ['OTLP/HTTP JSON', (s) => new HttpJsonExporter({ url: `${s.otlpBase}/v1/traces`, timeoutMillis: 3_000 })],
  [
    'OTLP/HTTP protobuf',
    (s) => new HttpProtoExporter({ url: `${s.otlpBase}/v1/traces`, timeoutMillis: 3_000 }),
  ],
  ['OTLP/gRPC', (s) => new GrpcExporter({ url: `http://${s.grpcAddress}`, timeoutMillis: 3_000 })],
];

describe('durability across SIGKILL', () => {
  for (const [protocol, makeExporter] of PROTOCOLS) {
    it(`${protocol}: every acknowledged span is there after a crash and restart`, async () => {
      const dataDir = tempDataDir();
      let server = await startServer({ dataDir });
      const exporter = makeExporter(server);
      const makeSpans = spanFactory(`durability-${protocol}`);
      const acknowledged: { traceId: string; spanIds: string[] }[] = [];
      let attempts = 0;
      let sending = true;
      const senders = [0, 1, 2].map(async () => {
        while (sending) {
          const spans = makeSpans();
          attempts++;
          if (await exportWith(exporter, spans)) {
            acknowledged.push({
              traceId: spans[0].spanContext().traceId,
              spanIds: spans.map((s) => s.spanContext().spanId),
            });
          }
        }
      });
      try {
        const deadline = Date.now() + 30_000;
        while (acknowledged.length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        await server.kill();
        const ackedAtKill = acknowledged.length;
        sending = false;
        await Promise.all(senders);
        await exporter.shutdown();
        expect(ackedAtKill).toBeGreaterThanOrEqual(40);
        // Exports were still in flight when the process died: some were never acknowledged.
        expect(attempts).toBeGreaterThan(acknowledged.length);

        server = await startServer({ dataDir });
        const { traces, problems } = await readBackStore(server.base);
        expect(problems).toEqual([]);
        expect(
          missingSpans(
            traces,
            acknowledged.map((a) => [a.traceId, a.spanIds] as const),
          ),
        ).toEqual([]);
      } finally {
        sending = false;
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
