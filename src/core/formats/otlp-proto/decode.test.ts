import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../testing/fixtures.ts';
import { TraceSetBuilder } from '../../model/span-table.ts';
import { dumpSpans } from '../dump.ts';
import { decodeOtlpJson } from '../otlp-json/decode.ts';
import { parseInput } from '../parse-input.ts';
import { FormatError } from '../types.ts';
import { decodeOtlpProto } from './decode.ts';
import { ExportTraceServiceRequest } from './schema.ts';

function decodeProto(bytes: Uint8Array, invalidSpans?: 'throw' | 'reject') {
  const sink = new TraceSetBuilder();
  const result = decodeOtlpProto(bytes, sink, { invalidSpans });
  return { result, tables: sink.build() };
}

const id = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((b) => Number.parseInt(b, 16)));
const TRACE = id('5b8efff798038103d269b633813fc60c');
const encode = (spans: Record<string, unknown>[]) =>
  ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject({ resource_spans: [{ scope_spans: [{ spans }] }] }),
  ).finish();

describe('decodeOtlpProto', () => {
  it('decodes the otlp2parquet protobuf exactly like its JSON twin', () => {
    const { tables } = decodeProto(readFixture('otlp-protobuf/otlp2parquet-trace.pb'));
    const json = parseInput(readFixture('otlp-json/otlp2parquet-trace.json'));
    const sink = new TraceSetBuilder();
    if (json.kind !== 'json') throw new Error('not json');
    decodeOtlpJson(json.value, sink);
    const fromJson = sink.build();
    expect(dumpSpans(tables)).toEqual(dumpSpans(fromJson));
    expect(dumpSpans(tables)[0]).toBe(
      '9d79b1a37f31801cd11a6706fb40d6bd de562439e9c1b823 parent=57526846903bb13e frontend-proxy "router frontend egress" start=1760738064624462000 dur=4021000 client unset events=0',
    );
    for (let i = 0; i < tables[0].count; i++) expect(tables[0].details(i)).toEqual(fromJson[0].details(i));
    expect(tables[0].details(0).scope.name).toBe('envoy');
  });

  it('never mutates its input bytes', () => {
    const bytes = readFixture('otlp-protobuf/otlp2parquet-trace.pb');
    const copy = bytes.slice();
    const { tables } = decodeProto(bytes);
    tables[0].details(1);
    expect(bytes).toEqual(copy);
  });

  it('converts fixed64 times exactly and reads every attribute type', () => {
    const bytes = encode([
      {
        trace_id: TRACE,
        span_id: id('eee19b7ec3c1b174'),
        parent_span_id: new Uint8Array(8),
        name: 'n',
        kind: 9,
        start_time_unix_nano: { low: 1, high: 0x17975a58, unsigned: true },
        end_time_unix_nano: { low: 501, high: 0x17975a58, unsigned: true },
        attributes: [
          { key: 'i', value: { int_value: { low: -1, high: -1 } } },
          { key: 'b', value: { bytes_value: new Uint8Array([1, 2]) } },
          { key: 'a', value: { array_value: { values: [{ double_value: 0.5 }, {}] } } },
          { key: 'k', value: { kvlist_value: { values: [{ key: 'x', value: { bool_value: true } }] } } },
        ],
        events: [{ time_unix_nano: { low: 2, high: 0x17975a58, unsigned: true }, name: 'e' }],
        status: { code: 2, message: 'boom' },
      },
    ]);
    const { tables } = decodeProto(bytes);
    const t = tables[0];
    const start = (0x17975a58n << 32n) + 1n;
    expect(t.baseNs).toBe(start);
    expect(t.durNs[0]).toBe(500);
    expect(t.parentIds[0]).toBe('');
    expect(t.kinds[0]).toBe(0);
    expect(t.warnings).toEqual(['unknown span kind 9 read as unspecified']);
    const d = t.details(0);
    expect(d.attributes).toEqual([
      { key: 'i', value: { type: 'int', value: -1n } },
      { key: 'b', value: { type: 'bytes', value: new Uint8Array([1, 2]) } },
      { key: 'a', value: { type: 'array', value: [{ type: 'double', value: 0.5 }, { type: 'empty' }] } },
      { key: 'k', value: { type: 'kvlist', value: [{ key: 'x', value: { type: 'bool', value: true } }] } },
    ]);
    expect(d.events[0].timeNs).toBe(start + 1n);
    expect(d.statusMessage).toBe('boom');
  });

  it('rejects spans with bad ids one by one, or throws naming the span', () => {
    const good = { trace_id: TRACE, span_id: id('0000000000000001') };
    const bytes = encode([
      good,
      { trace_id: TRACE, span_id: id('0102') },
      { span_id: id('0000000000000003') },
    ]);
    const { result, tables } = decodeProto(bytes, 'reject');
    expect(result).toEqual({
      spanCount: 1,
      rejectedSpans: 2,
      rejectionMessages: [
        'span at resource_spans[0].scope_spans[0].spans[1].span_id: span id has 2 bytes (expected 8)',
        'span at resource_spans[0].scope_spans[0].spans[2].trace_id: trace id is missing',
      ],
      droppedLinks: 0,
      droppedLinkMessages: [],
    });
    expect(tables[0].spanIds).toEqual(['0000000000000001']);
    expect(() => decodeProto(bytes)).toThrow('span id has 2 bytes (expected 8) at resource_spans[0]');
  });

  it('turns truncated or garbage bytes into a FormatError with a byte offset', () => {
    const full = readFixture('otlp-protobuf/otlp2parquet-trace.pb');
    for (const cut of [1, 10, 100, 700, full.length - 1]) {
      const e = (() => {
        try {
          decodeProto(full.subarray(0, cut));
        } catch (error) {
          return error;
        }
      })();
      expect(e).toBeInstanceOf(FormatError);
    }
    expect(() => decodeProto(new Uint8Array([0x0f, 0xff]))).toThrow(/OTLP protobuf: cannot decode/);
  });
});
