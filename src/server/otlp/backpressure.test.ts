/**
 * Backpressure with the real store (its two workers) behind the real receivers, overloaded on
 * purpose: a store that calls itself overloaded past one unacknowledged export, and many exporters
 * at once. HTTP answers 429 with Retry-After and gRPC RESOURCE_EXHAUSTED; clients that retry (the
 * OpenTelemetry JS HTTP exporters, which retry 429 after Retry-After; for gRPC, whose exporter does
 * not retry, a client here that does) lose nothing: every span sent is stored, once.
 */
import { context, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExportAnswer,
  type ExportProtocol,
  encodingOf,
  exportSender,
  exportTemplate,
} from '../../testing/export-traffic.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { createStore } from '../store/create-store.ts';
import type { TraceStore } from '../store/types.ts';
import { bundleStoreWorker, type WorkerBundle } from '../store/worker-bundle.ts';

let bundle: WorkerBundle;
let server: InProcessServer<TraceStore> | null = null;

beforeAll(async () => {
  bundle = await bundleStoreWorker();
});
afterAll(() => bundle.dispose());
afterEach(async () => {
  await server?.close();
  await server?.store.close();
  server = null;
});

/** Times the receivers found the store overloaded (each a refusal). */
let overloadedAnswers = 0;

/** The real store, overloaded past one unacknowledged export, as the server sees it. */
async function overloadable(): Promise<InProcessServer<TraceStore>> {
  const real = await createStore({ memory: true, workerUrl: bundle.workerUrl, maxPendingRequests: 1 });
  overloadedAnswers = 0;
  const store = new Proxy(real, {
    get(target, key) {
      if (key === 'overloaded') {
        const overloaded = target.overloaded;
        if (overloaded) overloadedAnswers++;
        return overloaded;
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  server = await startInProcess({ store });
  return server;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('backpressure under overload', () => {
  it('calls the store overloaded once its oldest unacknowledged export has waited past maxPendingMs', async () => {
    const store = await createStore({ memory: true, workerUrl: bundle.workerUrl, maxPendingMs: 200 });
    const pending = store.ingestOtlp(exportTemplate(1, 20, 'protobuf').fresh(), 'protobuf');
    expect(store.overloaded).toBe(false);
    // This thread busy: the acknowledgement cannot be taken meanwhile.
    const until = performance.now() + 300;
    while (performance.now() < until);
    expect(store.overloaded).toBe(true);
    expect(await pending).toMatchObject({ ok: true, acceptedSpans: 20 });
    expect(store.overloaded).toBe(false);
    await store.close();
  });

  it.each(['http-protobuf', 'http-json', 'grpc'] as const satisfies ExportProtocol[])(
    '%s: refuses for now, and a client that retries loses nothing',
    async (protocol) => {
      const s = await overloadable();
      const sender = exportSender(protocol, s, 16);
      const template = exportTemplate(4, 25, encodingOf(protocol));
      const refusals: ExportAnswer[] = [];
      let acknowledged = 0;
      // 16 exporters, 3 exports each, all at once; each export is sent again until acknowledged.
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let n = 0; n < 3; n++) {
            const body = template.fresh();
            for (let attempt = 0; ; attempt++) {
              const answer = await sender.send(body);
              if (answer.kind === 'ok') break;
              if (answer.kind === 'failed' || attempt === 100)
                throw new Error(`export answered ${JSON.stringify(answer)}`);
              refusals.push(answer);
              // Retry-After says 1 s; a shorter wait keeps the test quick (and the store no less busy).
              await sleep(20 + Math.random() * 80);
            }
            acknowledged += template.spans;
          }
        }),
      );
      sender.close();
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals.length).toBe(overloadedAnswers);
      const expected =
        protocol === 'grpc'
          ? { kind: 'refused', code: 'RESOURCE_EXHAUSTED', retryAfterS: null }
          : { kind: 'refused', code: 429, retryAfterS: 1 };
      for (const r of refusals) expect(r).toEqual(expected);
      expect(acknowledged).toBe(16 * 3 * 100);
      const status = await s.store.status();
      expect(status.spanCount).toBe(acknowledged);
      expect(status.traceCount).toBe(16 * 3 * 4);
    },
  );

  it.each([
    ['protobuf', HttpProtoExporter],
    ['JSON', HttpJsonExporter],
  ] as const)(
    'the OpenTelemetry JS exporter (HTTP %s) retries 429 after Retry-After and loses nothing',
    async (_, Exporter) => {
      const s = await overloadable();
      const memory = new InMemorySpanExporter();
      const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
      const tracer = provider.getTracer('backpressure');
      for (let t = 0; t < 8; t++) {
        const root = tracer.startSpan(`root-${t}`);
        const ctx = trace.setSpan(context.active(), root);
        for (let i = 0; i < 199; i++) tracer.startSpan(`child-${i}`, {}, ctx).end();
        root.end();
      }
      const spans = memory.getFinishedSpans();
      expect(spans).toHaveLength(8 * 200);
      const exporter = new Exporter({ url: `${s.otlpBase}/v1/traces` });
      // Eight exports of 200 spans at once, past the one the store takes before calling itself overloaded.
      const results = await Promise.all(
        Array.from(
          { length: 8 },
          (_, i) =>
            new Promise<number>((resolve) =>
              exporter.export(spans.slice(i * 200, (i + 1) * 200), (r) => resolve(r.code)),
            ),
        ),
      );
      await exporter.shutdown();
      expect(overloadedAnswers).toBeGreaterThan(0);
      expect(results).toEqual(Array(8).fill(ExportResultCode.SUCCESS));
      const status = await s.store.status();
      expect(status.spanCount).toBe(8 * 200);
      expect(status.traceCount).toBe(8);
      expect(s.logs.join('\n')).not.toMatch(/ingest failed/);
    },
    30_000,
  );
});
