import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { protoRequestArb } from '../../../testing/otlp-proto-arbitraries.ts';
import { type SpanInput, TraceSetBuilder } from '../../model/span-table.ts';
import { spanDetailJson } from '../../transfer/detail-json.ts';
import { decodeInput } from '../index.ts';
import { TraceWarnings } from '../otlp-common.ts';
import { toOtlpAnyValue } from '../otlp-json/any-value.ts';
import { fromProtoKeyValues } from './any-value.ts';
import { decodeOtlpProto, walkProtoSpans } from './decode.ts';
import { anyValueText, keyValuesText, spanDetailText } from './detail-text.ts';
import { encodeOtlpProto } from './encode.ts';
import { longDecimal, longToBigInt } from './long.ts';
import { bareDecode, decodeRequest, type ProtoSpan, standardDecode } from './messages.ts';
import { ExportTraceServiceRequest } from './schema.ts';

class Collector extends TraceSetBuilder {
  readonly spans: SpanInput[] = [];
  override add(span: SpanInput): void {
    this.spans.push(span);
  }
}

/** The detail text of every span, written from the bare messages and through SpanDetails. */
function bothDetails(bytes: Uint8Array): { fast: string[]; reference: string[] } {
  const fast: string[] = [];
  walkProtoSpans(
    decodeRequest(bytes, bareDecode),
    { invalidSpans: 'reject' },
    new TraceWarnings(),
    () => {
      throw new Error('details are not read');
    },
    (input, span: ProtoSpan) => fast.push(spanDetailText(span, input.status)),
  );
  const sink = new Collector();
  decodeOtlpProto(bytes, sink, { invalidSpans: 'reject' });
  const reference = sink.spans.map((s) =>
    spanDetailJson(typeof s.details === 'function' ? s.details() : s.details, s.status),
  );
  return { fast, reference };
}

const encodeRequest = (request: Record<string, unknown>) =>
  ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(request)).finish();

/** Every fixture any decoder reads, as OTLP protobuf (the .pb fixture as it is). */
function fixtureRequests(): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const f of listFixtures()) {
    if (f.endsWith('.pb')) {
      out.push([f, readFixture(f)]);
      continue;
    }
    const sink = new TraceSetBuilder();
    try {
      decodeInput(readFixture(f), sink);
    } catch {
      continue; // files the decoders refuse are tested elsewhere
    }
    out.push([f, encodeOtlpProto(sink.build())]);
  }
  return out;
}

describe('spanDetailText', () => {
  const fixtures = fixtureRequests();

  it('reads fixtures of every format', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)('writes the same detail as spanDetailJson for %s', (_, bytes) => {
    const { fast, reference } = bothDetails(bytes);
    expect(fast.length).toBeGreaterThan(0);
    expect(fast).toEqual(reference);
  });

  it('writes the same detail as spanDetailJson for random requests', () => {
    fc.assert(
      fc.property(protoRequestArb, (request) => {
        const { fast, reference } = bothDetails(encodeRequest(request));
        expect(fast).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('writes every AnyValue member as the proto3 JSON mapping does', () => {
    const kv = (value: Record<string, unknown>) => ({ key: 'k', value });
    const bytes = encodeRequest({
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                {
                  trace_id: new Uint8Array(16).fill(1),
                  span_id: new Uint8Array(8).fill(2),
                  attributes: [
                    kv({ int_value: '-9223372036854775808' }),
                    kv({ double_value: -0 }),
                    kv({ double_value: Number.NaN }),
                    kv({ bytes_value: new Uint8Array([0, 255]) }),
                    kv({ array_value: { values: [{}, { bool_value: false }] } }),
                    kv({ kvlist_value: { values: [{ key: 'x"', value: { string_value: 'é' } }] } }),
                    { key: 'absent' },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const { fast, reference } = bothDetails(bytes);
    expect(fast).toEqual(reference);
    expect(JSON.parse(fast[0]).attributes.map((a: { value: unknown }) => a.value)).toEqual([
      { intValue: '-9223372036854775808' },
      { doubleValue: '-0' },
      { doubleValue: 'NaN' },
      { bytesValue: 'AP8=' },
      { arrayValue: { values: [{}, { boolValue: false }] } },
      { kvlistValue: { values: [{ key: 'x"', value: { stringValue: 'é' } }] } },
      {},
    ]);
  });

  it('cuts values nested deeper than 64 as the reference does', () => {
    let value: Record<string, unknown> = { string_value: 'bottom' };
    for (let i = 0; i < 70; i++) value = { kvlist_value: { values: [{ key: 'k', value }] } };
    const list = [{ key: 'deep', value: value as never }];
    expect(`[${keyValuesText(list)}]`).toBe(
      JSON.stringify(fromProtoKeyValues(list).map((a) => ({ key: a.key, value: toOtlpAnyValue(a.value) }))),
    );
    expect(anyValueText(null)).toBe('{}');
  });
});

describe('bareDecode', () => {
  const view = (m: unknown) =>
    ExportTraceServiceRequest.toObject(m as never, { longs: String, bytes: String, oneofs: true });

  it('reads the same fields as protobufjs configured by default', () => {
    for (const [, bytes] of fixtureRequests())
      expect(view(bareDecode(bytes))).toEqual(view(standardDecode(bytes)));
    fc.assert(
      fc.property(protoRequestArb, (request) => {
        const bytes = encodeRequest(request);
        expect(view(bareDecode(bytes))).toEqual(view(standardDecode(bytes)));
      }),
      { numRuns: 200 },
    );
  });

  it('names the member read last when an AnyValue carries two', () => {
    // resource_spans[0].resource.attributes[0] = {key: 'k', value: string_value 'a', then int_value 7}.
    const anyValue = [0x0a, 0x01, 0x61, 0x18, 0x07];
    const keyValue = [0x0a, 0x01, 0x6b, 0x12, anyValue.length, ...anyValue];
    const resource = [0x0a, keyValue.length, ...keyValue];
    const resourceSpans = [0x0a, resource.length, ...resource];
    const bytes = new Uint8Array([0x0a, resourceSpans.length, ...resourceSpans]);
    for (const decode of [bareDecode, standardDecode]) {
      const value = decodeRequest(bytes, decode)[0].resource?.attributes?.[0].value;
      expect(value?.value).toBe('int_value');
      expect(anyValueText(value)).toBe('{"intValue":"7"}');
    }
  });

  it('fails on garbage with the byte offset, as the standard decode does', () => {
    expect(() => decodeRequest(new Uint8Array([0x0f, 0xff]), bareDecode)).toThrow(
      /OTLP protobuf: cannot decode/,
    );
  });
});

describe('longDecimal', () => {
  it('writes every 64-bit value exactly, signed and unsigned', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.boolean(), (bits, signed) => {
        const long = { low: Number(bits & 0xffffffffn) | 0, high: Number(bits >> 32n) | 0 };
        expect(longDecimal(long, signed)).toBe(longToBigInt(long, signed).toString());
      }),
      { numRuns: 2000 },
    );
    for (const v of [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -1, -(2 ** 31), -(2 ** 31) - 1])
      expect(longDecimal(v, true)).toBe(BigInt(v).toString());
    expect(longDecimal(undefined, false)).toBe('0');
  });
});
