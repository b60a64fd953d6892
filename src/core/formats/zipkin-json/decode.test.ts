import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../testing/fixtures.ts';
import { SpanFlag, type SpanTable, spanService, TraceSetBuilder } from '../../model/span-table.ts';
import { SpanKind, StatusCode } from '../../model/types.ts';
import { dumpSpans } from '../dump.ts';
import { parseInput } from '../parse-input.ts';
import { FormatError } from '../types.ts';
import { decodeZipkinJson } from './decode.ts';

function decodeValue(value: unknown): SpanTable[] {
  const sink = new TraceSetBuilder();
  decodeZipkinJson(value, sink);
  return sink.build();
}

function decodeFile(rel: string): SpanTable {
  const input = parseInput(readFixture(rel));
  if (input.kind !== 'json') throw new Error('not json');
  const tables = decodeValue(input.value);
  expect(tables).toHaveLength(1);
  return tables[0];
}

const T = '4d1e00c0db9010db86154a4ba6e91385';
const zspan = (extra: Record<string, unknown>) => ({
  traceId: T,
  id: '4d1e00c0db9010db',
  name: 'get',
  ...extra,
});

describe('decodeZipkinJson on real files', () => {
  it('reads shared span ids as two rows, the server half flagged', () => {
    const t = decodeFile('zipkin-v2-json/zipkin-lens-skew.json');
    expect(dumpSpans([t])).toEqual([
      '00000000000000001e223ff1f80f1c69 43210ae0c10d1234 parent=74280ae0c10d8062 serviceb "async" start=1470150004008762000 dur=65000000 internal unset events=0',
      '00000000000000001e223ff1f80f1c69 74280ae0c10d8062 parent=bf396325699c84bf serviceb "post" start=1470150004008761000 dur=93577000 server unset events=0',
      '00000000000000001e223ff1f80f1c69 bf396325699c84bf parent=- servicea "get" start=1470150004071068000 dur=99411000 server unset events=0',
      '00000000000000001e223ff1f80f1c69 74280ae0c10d8062 parent=bf396325699c84bf servicea "post" start=1470150004074202000 dur=94539000 client unset events=0',
    ]);
    expect([...t.flags]).toEqual([0, SpanFlag.Shared, 0, 0]);
    expect(t.details(0).zipkin).toEqual({ localEndpoint: { ipv4: '192.0.0.0' } });
  });

  it('reads a single span object with annotations, endpoints and string tags', () => {
    const t = decodeFile('zipkin-v2-json/zipkin-bench-zipkin2-client.json');
    expect(dumpSpans([t])).toEqual([
      '4d1e00c0db9010db86154a4ba6e91385 4d1e00c0db9010db parent=86154a4ba6e91385 frontend "get" start=1472470996199000000 dur=207000000 client unset events=2',
    ]);
    const d = t.details(0);
    expect(d.events.map((e) => `${e.timeNs} ${e.name}`)).toEqual([
      '1472470996238000000 foo',
      '1472470996403000000 bar',
    ]);
    expect(d.attributes).toEqual([
      { key: 'http.path', value: { type: 'string', value: '/api' } },
      { key: 'clnt/finagle.version', value: { type: 'string', value: '6.45.0' } },
    ]);
    expect(d.zipkin).toEqual({
      localEndpoint: { ipv6: '2001:db8::c001' },
      remoteEndpoint: { serviceName: 'backend', ipv4: '192.168.99.101', port: 9000 },
    });
  });

  it('reads otel.status_code tags as the status, and no serviceName as unknown_service', () => {
    const t = decodeFile('zipkin-v2-json/contrib-zipkinreceiver-sample3.json');
    expect(t.statuses[0]).toBe(StatusCode.Error);
    expect(spanService(t, 0)).toBe('unknown_service');
    const d = t.details(0);
    expect(d.statusMessage).toBe('Something failed');
    expect(d.attributes.map((a) => a.key)).toEqual(['http.path', 'clnt/finagle.version']);
  });

  it('pads the 1-character ids of tiny-timestamp spans', () => {
    expect(dumpSpans([decodeFile('zipkin-v2-json/jaeger-collector-zipkin_v2_02.json')])).toEqual([
      '00000000000000000000000000000002 0000000000000002 parent=- bar "foo" start=1000 dur=10000 internal unset events=0',
    ]);
  });

  it('keeps missing durations and timestamps as missing (the tree builder applies the rules)', () => {
    const netflix = decodeFile('zipkin-v2-json/zipkin-lens-netflix.json');
    expect([...netflix.durNs].map((d) => Number.isNaN(d))).toEqual([
      true,
      false,
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
    const big = decodeFile('zipkin-v2-json/zipkin-lens-smartthings-mobile-web-install.json');
    expect(big.count).toBe(1041);
    expect([...big.startNs].filter(Number.isNaN)).toHaveLength(84);
    expect([...big.durNs].filter(Number.isNaN)).toHaveLength(175);
    expect([...big.statuses].filter((s) => s === StatusCode.Error)).toHaveLength(2);
    expect([...big.flags].filter((f) => f & SpanFlag.Shared)).toHaveLength(294);
  });

  it('reads producer/consumer kinds', () => {
    const t = decodeFile('zipkin-v2-json/zipkin-lens-messaging.json');
    expect([...t.kinds]).toContain(SpanKind.Producer);
    expect([...t.kinds]).toContain(SpanKind.Consumer);
  });
});

describe('decodeZipkinJson rules', () => {
  it.each([
    [{ error: '' }, StatusCode.Error, ''],
    [{ error: 'true' }, StatusCode.Error, ''],
    [{ error: 'timeout' }, StatusCode.Error, 'timeout'],
    [{ 'otel.status_code': 'OK' }, StatusCode.Ok, ''],
    [{ 'otel.status_code': 'ERROR', error: 'boom' }, StatusCode.Error, 'boom'],
    [{ other: 'x' }, StatusCode.Unset, ''],
  ])('reads tags %j as status %i with message %j', (tags, status, message) => {
    const [t] = decodeValue([zspan({ tags })]);
    expect(t.statuses[0]).toBe(status);
    expect(t.details(0).statusMessage).toBe(message);
  });

  it('reads an array of traces', () => {
    const tables = decodeValue([[zspan({})], [zspan({ traceId: '01' })]]);
    expect(tables.map((t) => t.traceId)).toEqual(['00000000000000000000000000000001', T]);
  });

  it('refuses bad ids with their path and Zipkin v1 with a clear message', () => {
    expect(() => decodeValue([[zspan({}), zspan({ id: 'zz' })]])).toThrow(
      'Zipkin JSON: span id "zz" is neither hex nor base64 of 8 bytes at $[0][1].id',
    );
    expect(() => decodeValue([zspan({ binaryAnnotations: [] })])).toThrow(FormatError);
    expect(() => decodeValue(42)).toThrow('neither a span object nor an array');
  });

  it('warns about an unknown kind and never mutates its input', () => {
    const value = [
      zspan({ kind: 'SIDEWAYS', tags: { error: 'x' }, annotations: [{ timestamp: 5, value: 'a' }] }),
    ];
    const before = JSON.stringify(value);
    const [t] = decodeValue(value);
    t.details(0);
    expect(t.warnings).toEqual(['unknown Zipkin kind "SIDEWAYS" read as internal']);
    expect(JSON.stringify(value)).toBe(before);
  });
});
