import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../../core/formats/index.ts';
import { encodeOtlpProto } from '../../../core/formats/otlp-proto/encode.ts';
import { ExportTraceServiceRequest } from '../../../core/formats/otlp-proto/schema.ts';
import { NotPlain } from '../../../core/formats/otlp-proto/wire-reader.ts';
import { DEFAULT_SPAN_LIMITS } from '../../../core/model/span-limits.ts';
import { TraceSetBuilder } from '../../../core/model/span-table.ts';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { protoRequestArb } from '../../../testing/otlp-proto-arbitraries.ts';
import { fullFidelityRequest, toProtoObject } from '../../../testing/otlp-requests.ts';
import { TagCatalog } from '../schema/tag-catalog.ts';
import { decodeExport } from './decode-body.ts';
import { BatchPreparer } from './prepare-batch.ts';
import { type ProtoBatches, prepareMessageExport } from './proto-batch.ts';
import { SpanAttributeTexts } from './span-attributes.ts';
import { prepareWireExport } from './wire-batch.ts';

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

/** How many requests each path prepared (the wire path, or the message path after it threw). */
const paths = { wire: 0, messages: 0 };

/** prepareProtoExport, step by step: the path taken is counted. */
function fast(
  bytes: Uint8Array,
  tags: TagCatalog,
  batchSpans: number,
  attributes = new SpanAttributeTexts(tags),
) {
  try {
    let p: ProtoBatches;
    try {
      p = prepareWireExport(bytes, tags, attributes, batchSpans, 'reject', DEFAULT_SPAN_LIMITS);
      paths.wire++;
    } catch {
      p = prepareMessageExport(bytes, tags, attributes, batchSpans, 'reject', DEFAULT_SPAN_LIMITS);
      paths.messages++;
    }
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

/** As expectSameBatches, and every request went the wire path. */
function expectSameOnWire(requests: readonly Uint8Array[], batchSpans = 10_000): number {
  const before = paths.messages;
  const spans = expectSameBatches(requests, batchSpans);
  expect(paths.messages - before).toBe(0);
  return spans;
}

/** The message path alone (what requests that are not plain get). */
function expectSameOnMessages(requests: readonly Uint8Array[], batchSpans: number): void {
  const preparer = new BatchPreparer();
  const tags = new TagCatalog();
  const attributes = new SpanAttributeTexts(tags);
  for (const bytes of requests) {
    const want = reference(bytes, preparer, batchSpans);
    if (!('batches' in want)) continue;
    const p = prepareMessageExport(bytes, tags, attributes, batchSpans, 'reject', DEFAULT_SPAN_LIMITS);
    const { acceptedSpans, rejectedSpans } = p;
    expect({ batches: p.batches, acceptedSpans, rejectedSpans }).toEqual(want);
  }
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

  it.each(fixtures)('prepares %s exactly as the reference path, on the wire', (_, bytes) => {
    expect(expectSameOnWire([bytes])).toBeGreaterThan(0);
  });

  it('prepares every fixture in a row with one tag filter, and in small slices', () => {
    const all = fixtures.map(([, bytes]) => bytes);
    expectSameOnWire(all);
    expectSameOnWire(all.slice(0, 8), 3);
    expectSameOnMessages(all, 3);
  });

  it('prepares the full-fidelity request (every field) exactly, on the wire', () => {
    expect(expectSameOnWire([encode(fullFidelityRequest())])).toBe(3);
  });

  it('prepares random requests exactly: partial success, tags, blobs, slices', () => {
    const before = { ...paths };
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
    // Only requests with a negative kind or status code (a 10-byte varint) are not plain.
    expect(paths.wire - before.wire).toBeGreaterThan(3 * (paths.messages - before.messages));
  });

  it('prepares random requests on the message path exactly too', () => {
    fc.assert(
      fc.property(
        fc.array(protoRequestArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 7 }),
        (requests, batchSpans) => expectSameOnMessages(requests.map(encodeProto), batchSpans),
      ),
      { numRuns: 60 },
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
    expectSameOnWire([manyValues, manyInts, manyKeys, manyValues, manyKeys, long, long], 1000);
  });

  it('stays exact when attributes change places or values of the same length from span to span', () => {
    const trace = new Uint8Array(16).fill(9);
    const kv = (key: string, value: string) => ({ key, value: { string_value: value } });
    const spans = Array.from({ length: 12 }, (_, i) => ({
      trace_id: trace,
      span_id: Uint8Array.of(0, 0, 0, 0, 0, 0, 1, i + 1),
      attributes:
        i % 3 === 0
          ? [kv('a', `v${i % 2}`), kv('b', 'same')]
          : i % 3 === 1
            ? [kv('b', 'same'), kv('a', `v${i % 2}`)]
            : [kv('a', `w${i % 2}`), kv('b', 'same'), kv('a', 'dup')],
    }));
    const request = encodeProto({ resource_spans: [{ scope_spans: [{ spans }] }] });
    expectSameOnWire([request, request], 5);
  });

  it('refuses what is not a request with the decoder message', () => {
    const garbage = new Uint8Array([0x0a, 0xff, 0xff, 0x01]);
    const want = reference(garbage, new BatchPreparer(), 10);
    expect('ok' in want && want.ok).toBe(false);
    expect(fast(garbage, new TagCatalog(), 10)).toEqual(want);
  });
});

/** A valid request spoilt: cut short, a byte changed, or bytes put in (huge lengths, other wire types). */
const spoiltArb = fc
  .tuple(
    protoRequestArb.map(encodeProto),
    fc.nat(),
    fc.oneof(
      fc.constant({ cut: true as const }),
      fc.record({ set: fc.integer({ min: 0, max: 255 }) }),
      fc.record({
        insert: fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 6 }),
          fc.constant(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f)),
          fc.constantFrom(Uint8Array.of(0x0b), Uint8Array.of(0x09), Uint8Array.of(0x00)),
        ),
      }),
    ),
  )
  .map(([bytes, at, change]) => {
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    if ('cut' in change) return bytes.subarray(0, i);
    if ('set' in change) {
      const out = bytes.slice();
      if (out.length > 0) out[i] = change.set;
      return out;
    }
    return Uint8Array.from([...bytes.subarray(0, i), ...change.insert, ...bytes.subarray(i)]);
  });

/** A length-delimited field (number < 16) around `payload`. */
function lenField(field: number, payload: readonly number[]): number[] {
  const length: number[] = [];
  for (let n = payload.length; ; n >>>= 7) {
    if (n < 0x80) {
      length.push(n);
      break;
    }
    length.push((n & 0x7f) | 0x80);
  }
  return [field * 8 + 2, ...length, ...payload];
}

/** A span attribute of kvlists nested `depth` deep, written by hand (protobufjs will not encode it). */
function nestedRequest(depth: number): Uint8Array {
  let value = lenField(1, [0x6c, 0x65, 0x61, 0x66]); // AnyValue { string_value: 'leaf' }
  // AnyValue { kvlist_value: KeyValueList { values: [KeyValue { key: 'k', value }] } }
  for (let d = 0; d < depth; d++)
    value = lenField(6, lenField(1, [...lenField(1, [0x6b]), ...lenField(2, value)]));
  const span = [
    ...lenField(1, Array(16).fill(1)),
    ...lenField(2, Array(8).fill(2)),
    ...lenField(9, [...lenField(1, [0x64]), ...lenField(2, value)]),
  ];
  return Uint8Array.from(lenField(1, lenField(2, lenField(2, span))));
}

describe('prepareProtoExport on hostile bytes', () => {
  it('answers spoilt requests as the reference path does (400 text, partial success), then the next ones exactly', () => {
    const valid = encode(fullFidelityRequest());
    fc.assert(
      fc.property(
        fc.array(spoiltArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 5 }),
        (spoilt, batchSpans) => {
          // The valid request after each spoilt one shows what the catalog kept of it.
          expectSameBatches(
            spoilt.flatMap((bytes) => [bytes, valid]),
            batchSpans,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves nothing of a request it began on the wire and took the message path for', () => {
    const spans = Array.from({ length: 30 }, (_, i) => ({
      trace_id: new Uint8Array(16).fill(i + 1),
      span_id: new Uint8Array(8).fill(3),
      name: `op ${i}`,
      attributes: [{ key: `key ${i}`, value: { string_value: `value ${i}` } }],
    }));
    const good = encodeProto({ resource_spans: [{ scope_spans: [{ spans }] }] });
    // Spoilt near the end: the wire path has finished batches by then.
    const bad = Uint8Array.from([...good.subarray(0, good.length - 3), 0xff, 0xff, 0xff]);
    const tags = new TagCatalog();
    expect(() =>
      prepareWireExport(bad, tags, new SpanAttributeTexts(tags), 4, 'reject', DEFAULT_SPAN_LIMITS),
    ).toThrow(NotPlain);
    expect(tags.takeUnwritten()).toEqual([]);
    expect(tags.keys('span')).toEqual([]);
    expectSameBatches([bad, good, bad, good], 4);
  });

  it.each([
    ['a truncated varint', Uint8Array.of(0x0a, 0xff)],
    ['a length past the end', Uint8Array.of(0x0a, 0x05, 0x00)],
    ['a huge length', Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f)],
    ['a known field with another wire type (skipped)', Uint8Array.of(0x08, 0x01)],
    ['a group (skipped: not the field’s wire type)', Uint8Array.of(0x0b, 0x0c)],
    // protobufjs counts depth from the request: 31 kvlists in a span attribute reach 100, its limit.
    ['nesting just within protobufjs’s depth limit', nestedRequest(31)],
    ['nesting one past it', nestedRequest(32)],
  ])('answers %s as the reference path does', (what, bytes) => {
    const want = reference(bytes, new BatchPreparer(), 10);
    const refused = 'ok' in want && !want.ok;
    expect(refused).toBe(!/within|skipped/.test(what));
    if (refused) expect(want.errorMessage).toMatch(/^OTLP protobuf.*cannot decode ExportTraceServiceRequest/);
    expectSameBatches([bytes]);
  });
});
