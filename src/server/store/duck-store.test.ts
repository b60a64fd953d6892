import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportTraceServiceRequest } from '../../core/formats/otlp-proto/schema.ts';
import type { FormatError } from '../../core/formats/types.ts';
import { bytesToBase64, hexToBytes } from '../../core/model/ids.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import { decodeColumnar } from '../../core/transfer/decode-columnar.ts';
import { listFixtures, readFixture } from '../../testing/fixtures.ts';
import { importBytes } from '../../testing/import-bytes.ts';
import {
  fullFidelityRequest,
  jsonBody,
  syntheticRequest,
  toProtoObject,
} from '../../testing/otlp-requests.ts';
import {
  comparableSpans,
  hotSpans,
  tablesOfFile,
  tablesOfJson,
  tablesOfProto,
} from '../../testing/span-compare.ts';
import { DuckStore } from './duck-store.ts';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);

function protoBody(request: unknown): Uint8Array {
  return ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject(toProtoObject(request) as never),
  ).finish();
}

function span(traceId: string, spanId: string, extra: Record<string, unknown> = {}) {
  return {
    traceId,
    spanId,
    name: `span ${spanId}`,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
    ...extra,
  };
}

function request(service: string, ...spans: unknown[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ spans }],
      },
    ],
  };
}

let store: DuckStore;
beforeAll(async () => {
  store = await DuckStore.open({ memory: true });
});
afterAll(() => store.close());

describe('full fidelity', () => {
  const original = comparableSpans(tablesOfJson(fullFidelityRequest()));

  it('gives back every field of every span exactly (OTLP JSON in, Tempo v2 out)', async () => {
    const result = await store.ingestOtlp(jsonBody(fullFidelityRequest()), 'json');
    expect(result).toEqual({ ok: true, acceptedSpans: 3, rejectedSpans: 0, errorMessage: '' });
    const v2 = JSON.parse(text(await store.getTrace(TRACE, 'tempo-v2'))!);
    expect(Object.keys(v2)).toEqual(['trace']);
    expect(comparableSpans(tablesOfJson(v2))).toEqual(original);
  });

  it('writes the proto3 JSON mapping: hex ids, int64 strings, enums as ints, grouped by resource and scope', async () => {
    const v1 = JSON.parse(text(await store.getTrace(TRACE, 'tempo-v1'))!);
    expect(Object.keys(v1)).toEqual(['batches']);
    expect(v1.batches).toHaveLength(2);
    const [checkout, payments] = v1.batches;
    expect(checkout.schemaUrl).toBe('https://opentelemetry.io/schemas/1.21.0');
    expect(checkout.resource.droppedAttributesCount).toBe(2);
    expect(checkout.scopeSpans).toHaveLength(1);
    expect(checkout.scopeSpans[0].scope).toEqual({
      name: 'io.opentelemetry.http',
      version: '1.2.3',
      attributes: [{ key: 'scope.attr', value: { boolValue: true } }],
      droppedAttributesCount: 1,
    });
    const root = checkout.scopeSpans[0].spans[0];
    expect(root).toMatchObject({
      traceId: TRACE,
      spanId: 'b7ad6b7169203331',
      kind: 2,
      flags: 257,
      startTimeUnixNano: '1700000000123456789',
      endTimeUnixNano: '1700000000987654321',
      status: { code: 2, message: 'payment failed' },
    });
    expect(root.attributes.find((a: { key: string }) => a.key === 'big').value).toEqual({
      intValue: '-9223372036854775808',
    });
    expect(root.attributes.find((a: { key: string }) => a.key === 'raw').value).toEqual({
      bytesValue: 'AAECAwT/',
    });
    expect(payments.scopeSpans[0].spans[0].status).toEqual({});
    expect(payments.scopeSpans[0].spans[0].parentSpanId).toBe('00f067aa0ba902b7');
  });

  it('gives back the same from a protobuf export', async () => {
    const other = '1af7651916cd43dd8448eb211c80319c';
    const result = await store.ingestOtlp(protoBody(fullFidelityRequest(other)), 'protobuf');
    expect(result).toMatchObject({ ok: true, acceptedSpans: 3 });
    const back = comparableSpans(tablesOfJson(await store.getTrace(other, 'tempo-v2')));
    expect(back).toEqual(comparableSpans(tablesOfProto(protoBody(fullFidelityRequest(other)))));
    expect(back).toEqual(comparableSpans(tablesOfJson(fullFidelityRequest(other))));
  });

  it('gives back the same through the columnar transfer', async () => {
    const table = decodeColumnar((await store.getTrace(TRACE, 'columnar'))!);
    expect(table.format).toBe('store');
    const back = comparableSpans([table]) as { service: string }[];
    const expected = original as { service: string }[];
    expect(back).toEqual(expected);
  });

  it('accepts the trace id in any canonical form', async () => {
    const b64 = bytesToBase64(hexToBytes(TRACE));
    for (const id of [TRACE.toUpperCase(), b64]) expect(await store.getTrace(id, 'tempo-v1')).not.toBeNull();
    await store.ingestOtlp(
      jsonBody(request('short', span('00000000000000000000000000abcdef', '0000000000000001'))),
      'json',
    );
    expect(text(await store.getTrace('abcdef', 'tempo-v2'))).toContain(
      '"traceId":"00000000000000000000000000abcdef"',
    );
  });

  it('answers null for an unknown or invalid trace id', async () => {
    expect(await store.getTrace('ffffffffffffffffffffffffffffffff', 'tempo-v2')).toBeNull();
    expect(await store.getTrace('not-an-id!', 'tempo-v2')).toBeNull();
    expect(await store.getTrace('', 'columnar')).toBeNull();
  });
});

describe('ingest rules', () => {
  it('rejects invalid spans one by one and stores the rest (partial success)', async () => {
    const t = 'aa000000000000000000000000000001';
    const body = jsonBody(
      request(
        'partial',
        span(t, '1000000000000001'),
        span(t, 'xyz'),
        span('', '1000000000000003'),
        span(t, '1000000000000004'),
      ),
    );
    const before = await store.spanCount();
    const result = await store.ingestOtlp(body, 'json');
    expect(result).toMatchObject({ ok: true, acceptedSpans: 2, rejectedSpans: 2 });
    expect(result.ok && result.errorMessage).toMatch(
      /2 span\(s\) rejected: .*spans\[1\]\.spanId.*; .*spans\[2\]\.traceId/,
    );
    expect(await store.spanCount()).toBe(before + 2);
    const back = JSON.parse(text(await store.getTrace(t, 'tempo-v2'))!);
    expect(back.trace.resourceSpans[0].scopeSpans[0].spans.map((s: { spanId: string }) => s.spanId)).toEqual([
      '1000000000000001',
      '1000000000000004',
    ]);
  });

  it.each([
    ['protobuf garbage', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]), 'protobuf'],
    [
      'truncated protobuf',
      protoBody(request('cut', span('bb000000000000000000000000000001', '1'.repeat(16)))).slice(0, 30),
      'protobuf',
    ],
    ['invalid JSON', new TextEncoder().encode('{"resourceSpans": ['), 'json'],
    ['JSON of the wrong structure', jsonBody({ resourceSpans: { not: 'a list' } }), 'json'],
    ['JSON that is not an object', jsonBody([1, 2, 3]), 'json'],
    [
      'JSON with a span list that is not a list',
      jsonBody({ resourceSpans: [{ scopeSpans: [{ spans: 7 }] }] }),
      'json',
    ],
  ] as const)('stores nothing of an undecodable body: %s', async (_, body, encoding) => {
    const before = await store.spanCount();
    const result = await store.ingestOtlp(body, encoding);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('undecodable');
    expect(!result.ok && result.errorMessage.length).toBeGreaterThan(5);
    expect(await store.spanCount()).toBe(before);
    expect(await store.getTrace('bb000000000000000000000000000001', 'tempo-v2')).toBeNull();
  });

  it('takes an empty request as a success that stores nothing', async () => {
    const before = await store.spanCount();
    for (const [body, encoding] of [
      [new Uint8Array(0), 'protobuf'],
      [jsonBody({}), 'json'],
      [jsonBody({ resourceSpans: [] }), 'json'],
      [protoBody({ resourceSpans: [{ scopeSpans: [{ spans: [] }] }] }), 'protobuf'],
    ] as const) {
      expect(await store.ingestOtlp(body, encoding)).toEqual({
        ok: true,
        acceptedSpans: 0,
        rejectedSpans: 0,
        errorMessage: '',
      });
    }
    expect(await store.spanCount()).toBe(before);
  });

  it('makes every acknowledged export readable at once while others are still arriving', async () => {
    const before = await store.spanCount();
    const exports = Array.from({ length: 40 }, (_, k) =>
      syntheticRequest({ traces: 2, spansPerTrace: 25, seed: 1000 + k, startNs: 1_710_000_000_000_000_000n }),
    );
    await Promise.all(
      exports.map(async (req, k) => {
        const result = await store.ingestOtlp(
          k % 2 ? jsonBody(req) : protoBody(req),
          k % 2 ? 'json' : 'protobuf',
        );
        expect(result).toMatchObject({ ok: true, acceptedSpans: 50 });
        const traceId = (req.resourceSpans[0].scopeSpans[0].spans[0] as { traceId: string }).traceId;
        const back = JSON.parse(text(await store.getTrace(traceId, 'tempo-v2'))!);
        const spans = back.trace.resourceSpans.flatMap(
          (rs: { scopeSpans: { spans: unknown[] }[] }) => rs.scopeSpans[0].spans,
        );
        expect(spans).toHaveLength(25);
      }),
    );
    expect(await store.spanCount()).toBe(before + 40 * 50);
    expect(store.pendingSpans).toBe(0);
  });
});

describe('streamed imports', () => {
  const traceFiles = listFixtures().filter(
    (f) => (!f.startsWith('tempo-api/') && f.endsWith('.json')) || f.endsWith('.jsonl') || f.endsWith('.pb'),
  );

  it.each(traceFiles)('stores %s (OTLP exactly; other formats in what OTLP carries)', async (rel) => {
    const own = await DuckStore.open({ memory: true });
    try {
      const bytes = readFixture(rel);
      let expected: SpanTable[];
      try {
        expected = tablesOfFile(bytes);
      } catch (error) {
        // A file the decoders refuse (ids like "trace-123", Zipkin v1) is refused the same way.
        await expect(importBytes(own, bytes)).rejects.toMatchObject({
          name: 'ImportFailure',
          reason: { name: 'FormatError', problem: (error as FormatError).problem },
          kept: { traceIds: [], spanCount: 0 },
        });
        return;
      }
      const { traceIds, spanCount } = await importBytes(own, bytes);
      expect(spanCount).toBe(expected.reduce((n, t) => n + t.count, 0));
      expect([...traceIds].sort()).toEqual(expected.map((t) => t.traceId));
      const back = [];
      for (const id of traceIds) back.push(...tablesOfJson(await own.getTrace(id, 'tempo-v2')));
      if (rel.startsWith('otlp-')) expect(comparableSpans(back)).toEqual(comparableSpans(expected));
      else expect(hotSpans(back)).toEqual(hotSpans(expected));
    } finally {
      await own.close();
    }
  });

  it('refuses a file it cannot read with the decoder’s FormatError', async () => {
    await expect(importBytes(store, new TextEncoder().encode('{"resourceSpans": [{'))).rejects.toMatchObject({
      name: 'ImportFailure',
      reason: { name: 'FormatError', where: 'byte 20' },
    });
  });
});
