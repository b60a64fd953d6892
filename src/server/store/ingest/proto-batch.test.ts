import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../../core/formats/index.ts';
import { encodeOtlpProto } from '../../../core/formats/otlp-proto/encode.ts';
import { ExportTraceServiceRequest } from '../../../core/formats/otlp-proto/schema.ts';
import { TraceSetBuilder } from '../../../core/model/span-table.ts';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { protoRequestArb } from '../../../testing/otlp-proto-arbitraries.ts';
import { fullFidelityRequest, toProtoObject } from '../../../testing/otlp-requests.ts';
import { TagCatalog } from '../schema/tag-catalog.ts';
import { decodeExport } from './decode-body.ts';
import { BatchPreparer } from './prepare-batch.ts';
import { prepareProtoExport } from './proto-batch.ts';
import { SpanAttributeTexts } from './span-attributes.ts';

const encode = (request: unknown) =>
  ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject(toProtoObject(request) as never),
  ).finish();
const encodeProto = (request: Record<string, unknown>) =>
  ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(request)).finish();

/** The reference path: decoded spans (SpanInput) prepared in slices of `batchSpans`. */
function reference(bytes: Uint8Array, preparer: BatchPreparer, batchSpans: number) {
  const decoded = decodeExport(bytes, 'protobuf');
  if (!decoded.ok) return decoded;
  const batches = [];
  for (let i = 0; i < decoded.spans.length; i += batchSpans)
    batches.push(preparer.prepare(decoded.spans.slice(i, i + batchSpans)));
  return { batches, acceptedSpans: decoded.spans.length, rejectedSpans: decoded.rejectedSpans };
}

function fast(
  bytes: Uint8Array,
  tags: TagCatalog,
  batchSpans: number,
  attributes = new SpanAttributeTexts(tags),
) {
  try {
    const p = prepareProtoExport(bytes, tags, attributes, batchSpans);
    return { batches: p.batches, acceptedSpans: p.acceptedSpans, rejectedSpans: p.rejectedSpans };
  } catch (error) {
    return { ok: false, errorMessage: (error as Error).message };
  }
}

/** Both paths over the same requests, each with its own tag filter kept from request to request. */
function expectSameBatches(requests: readonly Uint8Array[], batchSpans = 10_000): number {
  const preparer = new BatchPreparer();
  const tags = new TagCatalog();
  const attributes = new SpanAttributeTexts(tags);
  let spans = 0;
  for (const bytes of requests) {
    const want = reference(bytes, preparer, batchSpans);
    expect(fast(bytes, tags, batchSpans, attributes)).toEqual(want);
    if ('acceptedSpans' in want) spans += want.acceptedSpans;
  }
  return spans;
}

/** Every fixture as protobuf: OTLP JSON documents field for field, other formats through their decoders. */
function fixtureRequests(): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const f of listFixtures()) {
    const raw = readFixture(f);
    if (f.endsWith('.pb')) {
      out.push([f, raw]);
      continue;
    }
    if (f.startsWith('otlp-json/') && f.endsWith('.json')) {
      const doc = JSON.parse(new TextDecoder().decode(raw));
      // Documents with base64 or otherwise non-hex ids do not survive toProtoObject: left out.
      const bytes = Array.isArray(doc.resourceSpans) ? encode(doc) : null;
      const decoded = bytes && decodeExport(bytes, 'protobuf');
      if (bytes && decoded?.ok && decoded.spans.length > 0) out.push([`${f} (as sent)`, bytes]);
    }
    const sink = new TraceSetBuilder();
    try {
      decodeInput(raw, sink);
    } catch {
      continue;
    }
    out.push([f, encodeOtlpProto(sink.build())]);
  }
  return out;
}

describe('prepareProtoExport', () => {
  const fixtures = fixtureRequests();

  it('covers the fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)('prepares %s exactly as the reference path', (_, bytes) => {
    expect(expectSameBatches([bytes])).toBeGreaterThan(0);
  });

  it('prepares every fixture in a row with one tag filter, and in small slices', () => {
    const all = fixtures.map(([, bytes]) => bytes);
    expectSameBatches(all);
    expectSameBatches(all.slice(0, 8), 3);
  });

  it('prepares the full-fidelity request (every field) exactly', () => {
    expect(expectSameBatches([encode(fullFidelityRequest())])).toBe(3);
  });

  it('prepares random requests exactly: partial success, tags, blobs, slices', () => {
    fc.assert(
      fc.property(
        fc.array(protoRequestArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 7 }),
        (requests, batchSpans) => {
          expectSameBatches(requests.map(encodeProto), batchSpans);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stays exact past the bounds of the kept attribute texts (values per key, keys)', () => {
    const trace = new Uint8Array(16).fill(7);
    const request = (n: number, attribute: (i: number) => Record<string, unknown>) =>
      encodeProto({
        resource_spans: [
          {
            scope_spans: [
              {
                spans: Array.from({ length: n }, (_, i) => ({
                  trace_id: trace,
                  span_id: Uint8Array.of(0, 0, 0, 0, i >> 16, (i >> 8) & 255, i & 255, 1),
                  attributes: [
                    attribute(i),
                    { key: 'same', value: { bool_value: i % 2 === 0 } },
                    attribute(i),
                  ],
                })),
              },
            ],
          },
        ],
      });
    const manyValues = request(600, (i) => ({ key: 'k', value: { string_value: `v${i % 400}` } }));
    const manyInts = request(600, (i) => ({ key: 'n', value: { int_value: String(i % 300) } }));
    const manyKeys = request(5000, (i) => ({ key: `key ${i}`, value: { int_value: '1' } }));
    const long = request(3, () => ({ key: 'long', value: { string_value: 'x'.repeat(300) } }));
    expectSameBatches([manyValues, manyInts, manyKeys, manyValues, manyKeys, long, long], 1000);
  });

  it('refuses what is not a request with the decoder message', () => {
    const garbage = new Uint8Array([0x0a, 0xff, 0xff, 0x01]);
    const want = reference(garbage, new BatchPreparer(), 10);
    expect('ok' in want && want.ok).toBe(false);
    expect(fast(garbage, new TagCatalog(), 10)).toEqual(want);
  });
});
