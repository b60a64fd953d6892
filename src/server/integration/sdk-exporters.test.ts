/**
 * The real OpenTelemetry JS SDK and its three OTLP exporters against the real built server: every
 * field of every span read back from /api/v2/traces/{id} equals the SDK's own finished span
 * (converted here by hand from the SDK's ReadableSpan, never by the project's decoder).
 */
import {
  type Attributes,
  type AttributeValue,
  context,
  type HrTime,
  type Link,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { ExportResultCode, TraceState } from '@opentelemetry/core';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchSpans,
  fetchTraceJson,
  flattenTrace,
  type Json,
  normalize,
} from '../../testing/otlp-readback.ts';
import { type HarnessServer, startServer } from '../../testing/server-harness.ts';

type Compression = NonNullable<
  NonNullable<ConstructorParameters<typeof HttpProtoExporter>[0]>['compression']
>;
const GZIP = 'gzip' as Compression;

/** hrTime → exact nanoseconds since the epoch, as a decimal string. */
function ns(t: HrTime): string {
  return (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** An attribute value as OTLP JSON would carry it (the OTLP transformer's rule for numbers). */
function anyValue(v: unknown): Json {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (v instanceof Uint8Array) return { bytesValue: base64(v) };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (v && typeof v === 'object') return { kvlistValue: { values: keyValues(v as Record<string, unknown>) } };
  return {};
}

function keyValues(attrs: Record<string, unknown>): Json[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

/** W3C trace flags + OTLP's "has is-remote" (0x100) and "is remote" (0x200) bits. */
function otlpFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}

/** What the server must give back for this SDK span: span, resource and scope. */
function expected(span: ReadableSpan) {
  const ctx = span.spanContext();
  return {
    span: {
      traceId: ctx.traceId,
      spanId: ctx.spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      traceState: ctx.traceState?.serialize(),
      name: span.name,
      kind: span.kind + 1,
      startTimeUnixNano: ns(span.startTime),
      endTimeUnixNano: ns(span.endTime),
      attributes: keyValues(span.attributes),
      droppedAttributesCount: span.droppedAttributesCount,
      events: span.events.map((e) => ({
        timeUnixNano: ns(e.time),
        name: e.name,
        attributes: keyValues(e.attributes ?? {}),
        droppedAttributesCount: e.droppedAttributesCount ?? 0,
      })),
      droppedEventsCount: span.droppedEventsCount,
      links: span.links.map((l) => ({
        traceId: l.context.traceId,
        spanId: l.context.spanId,
        traceState: l.context.traceState?.serialize(),
        attributes: keyValues(l.attributes ?? {}),
        droppedAttributesCount: l.droppedAttributesCount ?? 0,
        flags: otlpFlags(l.context.traceFlags, l.context.isRemote),
      })),
      droppedLinksCount: span.droppedLinksCount,
      status: { code: span.status.code, message: span.status.message },
      flags: otlpFlags(ctx.traceFlags, span.parentSpanContext?.isRemote),
    },
    resource: { attributes: keyValues(span.resource.attributes) },
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version },
    scopeSchemaUrl: span.instrumentationScope.schemaUrl,
  };
}

/** A trace that uses everything the SDK API can set, with exact nanosecond times. */
function makeSpans(tag: string): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': `checkout-${tag}`,
      'service.version': '2.4.1',
      'host.cores': 8,
      'process.runtime.ready': true,
      'deployment.regions': ['eu-west-1', 'us-east-1'],
    }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
    spanLimits: { attributeCountLimit: 16, eventCountLimit: 3, linkCountLimit: 2 },
  });
  const tracer = provider.getTracer(`scope-${tag}`, '1.2.3', {
    schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
  });
  const t0 = 1_763_870_400;
  const at = (ms: number, nsPart: number): HrTime => [
    t0 + Math.floor(ms / 1000),
    (ms % 1000) * 1_000_000 + nsPart,
  ];

  const remoteParent: SpanContext = {
    traceId: randomHex(32),
    spanId: randomHex(16),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=abc,other=1'),
  };
  const root = tracer.startSpan(
    'POST /checkout',
    {
      kind: SpanKind.SERVER,
      startTime: at(0, 123_457),
      attributes: {
        'http.method': 'POST',
        'http.status_code': 500,
        'http.duration_ratio': 0.375,
        'big.int': 2 ** 53 - 1,
        'negative.int': -42,
        'feature.enabled': true,
        'feature.disabled': false,
        'tags.strings': ['a', 'b', ''],
        'tags.ints': [1, 2, 3],
        'tags.doubles': [1.5, -2.25],
        'tags.bools': [true, false],
        'empty.string': '',
        'unicode.value': 'naïve ☃ 𝄞',
      },
    },
    trace.setSpanContext(context.active(), remoteParent),
  );
  root.addEvent('request.received', { 'payload.bytes': 1024, 'payload.kind': 'json' }, at(1, 5));
  root.addEvent('no-attributes', at(2, 999_999));
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined: card expired' });
  const rootCtx = trace.setSpan(context.active(), root);

  const kinds = [SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.INTERNAL];
  const children = kinds.map((kind, i) =>
    tracer.startSpan(
      `child-${SpanKind[kind].toLowerCase()}`,
      {
        kind,
        startTime: at(10 + i, i * 7),
        links: [
          { context: root.spanContext(), attributes: { 'link.reason': 'retry-of', 'link.attempt': i } },
          {
            context: {
              traceId: randomHex(32),
              spanId: randomHex(16),
              traceFlags: TraceFlags.NONE,
              isRemote: true,
              traceState: new TraceState('k=v'),
            },
          },
        ] satisfies Link[],
      },
      rootCtx,
    ),
  );
  children[0].setStatus({ code: SpanStatusCode.OK });
  // Past the limits: 20 attributes (16 kept), 5 events (3 kept), 3 links (2 kept).
  const noisy = tracer.startSpan(
    'noisy',
    {
      startTime: at(20, 1),
      links: [0, 1, 2].map(() => ({ context: root.spanContext() })),
    },
    rootCtx,
  );
  for (let i = 0; i < 20; i++) noisy.setAttribute(`attr.${i}`, (i * 1.5) as AttributeValue);
  for (let i = 0; i < 5; i++) noisy.addEvent(`tick-${i}`, { i } as Attributes, at(21 + i, i));
  noisy.end(at(30, 3));
  for (const [i, child] of children.entries()) child.end(at(50 + i, 1));
  root.end(at(100, 999_999));
  return memory.getFinishedSpans();
}

function randomHex(chars: number): string {
  let s = '';
  while (s.length < chars) s += Math.floor(Math.random() * 16).toString(16);
  return s.replace(/^0/, '1');
}

/** A ReadableSpan the SDK API cannot make: bytes and key-value-list attributes. */
function handBuiltSpan(like: ReadableSpan, tag: string): ReadableSpan {
  const traceId = randomHex(32);
  const spanId = randomHex(16);
  return {
    ...like,
    name: `hand-built-${tag}`,
    kind: SpanKind.INTERNAL,
    spanContext: () => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED }),
    parentSpanContext: undefined,
    attributes: {
      'raw.bytes': new Uint8Array([0, 1, 2, 254, 255]),
      'nested.map': { name: 'x', count: 3, ratio: 0.5, ok: true, list: ['a', 1], inner: { deep: 'yes' } },
      'empty.map': {},
    } as unknown as Attributes,
    events: [
      {
        name: 'bin',
        time: like.startTime,
        attributes: { blob: new Uint8Array([9, 8, 7]) } as unknown as Attributes,
      },
    ],
    links: [],
    status: { code: SpanStatusCode.UNSET },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(spans, (r) =>
      r.code === ExportResultCode.SUCCESS ? resolve() : reject(r.error ?? new Error('export failed')),
    ),
  );
}

describe('real OpenTelemetry SDK exporters → real server', () => {
  let server: HarnessServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const exporters: [string, () => SpanExporter][] = [
    ['OTLP/HTTP JSON on the main port', () => new HttpJsonExporter({ url: `${server.base}/v1/traces` })],
    [
      'OTLP/HTTP protobuf, gzip, on the OTLP port',
      () => new HttpProtoExporter({ url: `${server.otlpBase}/v1/traces`, compression: GZIP }),
    ],
    ['OTLP/gRPC, gzip', () => new GrpcExporter({ url: `http://${server.grpcAddress}`, compression: GZIP })],
  ];

  for (const [name, make] of exporters) {
    it(`${name}: every field of every span comes back as the SDK made it`, async () => {
      const tag = name.split(' ')[0].replace('/', '-').toLowerCase() + name.length;
      const spans = makeSpans(tag);
      const hand = handBuiltSpan(spans[0], tag);
      const exporter = make();
      try {
        await exportWith(exporter, [...spans, hand]);
      } finally {
        await exporter.shutdown();
      }
      expect(spans.length).toBe(6);
      const noisy = spans.find((s) => s.name === 'noisy')!;
      expect([noisy.droppedAttributesCount, noisy.droppedEventsCount, noisy.droppedLinksCount]).toEqual([
        4, 2, 1,
      ]);

      const traceId = spans[0].spanContext().traceId;
      const stored = await fetchSpans(server.base, traceId);
      expect([...stored.keys()].sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
      const handStored = await fetchSpans(server.base, hand.spanContext().traceId);
      expect(handStored.size).toBe(1);
      expect(normalize([...handStored.values()][0].span)).toEqual(normalize(expected(hand).span));

      // One comparison of everything, so that a failure shows every differing field at once.
      const byName = (f: (s: ReadableSpan) => unknown) =>
        Object.fromEntries(spans.map((s) => [s.name, f(s)]));
      const gotOf = (s: ReadableSpan) => stored.get(s.spanContext().spanId)!;
      expect(byName((s) => normalize(gotOf(s)))).toEqual(byName((s) => normalize(expected(s))));

      // v1 carries the same spans under `batches`.
      const v1 = flattenTrace((await fetchTraceJson(server.base, traceId, 1))!);
      expect(normalize(v1.map((s) => s.span))).toEqual(normalize([...stored.values()].map((s) => s.span)));
    });
  }

  it('a hand-built OTLP JSON request with bytes, kvlists and empty values comes back unchanged', async () => {
    const traceId = randomHex(32);
    const spanId = randomHex(16);
    const attributes = [
      { key: 'b', value: { bytesValue: base64(new Uint8Array([255, 0, 128])) } },
      {
        key: 'kv',
        value: {
          kvlistValue: {
            values: [
              { key: 'n', value: { intValue: '-9223372036854775808' } },
              {
                key: 'arr',
                value: {
                  arrayValue: { values: [{ stringValue: 'x' }, { boolValue: false }, { doubleValue: 0.1 }] },
                },
              },
              {
                key: 'nested',
                value: { kvlistValue: { values: [{ key: 'deep', value: { bytesValue: 'AA==' } }] } },
              },
            ],
          },
        },
      },
      { key: 'big', value: { intValue: '9223372036854775807' } },
      { key: 'zero', value: { intValue: '0' } },
      { key: 'emptyArray', value: { arrayValue: {} } },
    ];
    const span = {
      traceId,
      spanId,
      name: 'hand',
      kind: 1,
      startTimeUnixNano: '1763870400000000001',
      endTimeUnixNano: '1763870400999999999',
      attributes,
      events: [{ timeUnixNano: '1763870400500000000', name: 'e', attributes }],
      links: [{ traceId: randomHex(32), spanId: randomHex(16), attributes, traceState: 'a=b' }],
      status: { code: 1 },
    };
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'hand' } }, ...attributes] },
          scopeSpans: [{ scope: { name: 'hand-scope', version: '0.0.1', attributes }, spans: [span] }],
        },
      ],
    };
    const res = await fetch(`${server.base}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const got = (await fetchSpans(server.base, traceId)).get(spanId)!;
    expect(normalize(got.span)).toEqual(normalize(span));
    expect(normalize(got.resource)).toEqual(normalize(body.resourceSpans[0].resource));
    expect(normalize(got.scope)).toEqual(normalize(body.resourceSpans[0].scopeSpans[0].scope));
  });
});
