import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../testing/fixtures.ts';
import { type SpanTable, spanService, TraceSetBuilder } from '../../model/span-table.ts';
import { findAttr, SpanKind, StatusCode } from '../../model/types.ts';
import { dumpSpans } from '../dump.ts';
import { parseInput } from '../parse-input.ts';
import { FormatError } from '../types.ts';
import { decodeJaegerJson } from './decode.ts';

function decodeFile(rel: string): SpanTable {
  const input = parseInput(readFixture(rel));
  if (input.kind !== 'json') throw new Error('not json');
  return decodeValue(input.value)[0];
}

function decodeValue(value: unknown): SpanTable[] {
  const sink = new TraceSetBuilder();
  decodeJaegerJson(value, sink);
  return sink.build();
}

const T = '4a1b2c3d4e5f60718293a4b5c6d7e8f9';
const span = (extra: Record<string, unknown>) => ({
  traceID: T,
  spanID: '00000000000000aa',
  operationName: 'op',
  startTime: 1_700_000_000_000_001,
  duration: 5,
  processID: 'p1',
  ...extra,
});
const trace = (...spans: unknown[]) => ({
  data: [{ traceID: T, spans, processes: { p1: { serviceName: 'svc', tags: [] } }, warnings: null }],
  errors: null,
});

describe('decodeJaegerJson on real files', () => {
  it('reads the bare trace with null arrays, FOLLOWS_FROM, typed tags and a log without event', () => {
    const t = decodeFile('jaeger-json/jaeger-model-json-fixture.json');
    expect(dumpSpans([t])).toEqual([
      '0000000000000000000000000000abc0 000000000000abc0 parent=- service_1 "root-span" start=1000000 dur=500000 unspecified unset events=0',
      '0000000000000000000000000000abc0 0000000000000123 parent=000000000000abc0 service_2 "span1" start=1000000 dur=500000 unspecified error events=1',
      '0000000000000000000000000000abc0 0000000000000567 parent=000000000000abc0 service_2 "span2" start=1000000 dur=500000 unspecified unset events=0',
    ]);
    const d = t.details(1);
    // The error tag became the status; the other tags keep their types.
    expect(d.attributes).toEqual([
      { key: 'int64', value: { type: 'int', value: 123n } },
      { key: 'float64', value: { type: 'double', value: 123.567 } },
      { key: 'binary', value: { type: 'bytes', value: new Uint8Array([1]) } },
    ]);
    expect(d.events).toEqual([
      {
        timeNs: 1400000n,
        name: '',
        attributes: [{ key: 'error', value: { type: 'string', value: 'something bad happened' } }],
      },
    ]);
    expect(d.resource.attributes).toEqual([
      { key: 'service.name', value: { type: 'string', value: 'service_2' } },
      { key: 'host', value: { type: 'string', value: 'google.com' } },
    ]);
    expect(t.details(2).links).toEqual([]);
  });

  it('reads a bare span array with inline processes and a "true" string bool error', () => {
    const t = decodeFile('jaeger-json/jaeger-anonymizer-trace_success.json');
    expect(dumpSpans([t])).toEqual([
      '00000000000000002be38093ead7a083 7606ddfe69932d34 parent=492770a15935810f 16af988c443cff37 "a071653098f9250d" start=1605223981761425000 dur=267037000 server unset events=0',
      '00000000000000002be38093ead7a083 7bd66f09ba90ea3d parent=7606ddfe69932d34 3c220036602f839e "471418097747d04a" start=1605223981965074000 dur=32782000 client error events=0',
    ]);
    expect(t.details(1).attributes).toEqual([]);
  });

  it('reads the {data:[…]} answer with a bool tag and warnings: null', () => {
    const t = decodeFile('jaeger-json/grafana-jaeger-mockJsonResponse.json');
    expect(t.traceId).toBe('00000000000000002ee9739529395e31');
    expect(findAttr(t.details(0).attributes, 'sampler.param')).toEqual({ type: 'bool', value: true });
    expect(t.kinds[0]).toBe(SpanKind.Client);
    expect(t.warnings).toEqual([]);
  });

  it('keeps both copies of a duplicated span (the tree builder decides)', () => {
    const t = decodeFile('jaeger-json/jui-otlp2jaeger-out.json');
    expect(t.spanIds).toEqual(['e127af99e3b3e074', 'e127af99e3b3e074']);
  });

  it('reads the GenAI trace: 57 spans, 10 services, one error, a top-level _comment ignored', () => {
    const t = decodeFile('jaeger-json/jui-genaiTestTrace.json');
    expect(t.count).toBe(57);
    expect(new Set(Array.from({ length: t.count }, (_, i) => spanService(t, i))).size).toBe(10);
    const errors = t.spanIds.filter((_, i) => t.statuses[i] === StatusCode.Error);
    expect(errors).toEqual(['0000000000000011']);
    expect(findAttr(t.details(16).attributes, 'http.response.status_code')).toEqual({
      type: 'int',
      value: 500n,
    });
  });

  it('pads odd-length hex ids', () => {
    const t = decodeFile('jaeger-json/jui-stats-spansAmongEachOther.json');
    expect(t.traceId).toBe('0df84e36b9e2ee3815d07f0867a5be1f');
  });
});

describe('decodeJaegerJson rules', () => {
  it('takes the first CHILD_OF into the same trace as parent; other references become links', () => {
    const other = '0000000000000000000000000000beef';
    const [t] = decodeValue(
      trace(
        span({
          references: [
            { refType: 'FOLLOWS_FROM', traceID: T, spanID: '01' },
            { refType: 'CHILD_OF', traceID: other, spanID: '02' },
            { refType: 'CHILD_OF', traceID: T, spanID: '03' },
          ],
          parentSpanID: '04',
        }),
      ),
    );
    expect(t.parentIds[0]).toBe('0000000000000003');
    expect(t.details(0).links).toEqual([
      { traceId: T, spanId: '0000000000000001', refType: 'FOLLOWS_FROM', attributes: [] },
      { traceId: other, spanId: '0000000000000002', refType: 'CHILD_OF', attributes: [] },
    ]);
  });

  it('falls back to FOLLOWS_FROM, then parentSpanID', () => {
    const [t] = decodeValue(
      trace(
        span({
          spanID: '0a',
          references: [{ refType: 'FOLLOWS_FROM', traceID: T, spanID: '01' }],
          parentSpanID: '04',
        }),
        span({ spanID: '0b', references: null, parentSpanID: '04' }),
        span({ spanID: '0c', references: [], parentSpanID: '0000000000000000' }),
      ),
    );
    expect(t.parentIds).toEqual(['0000000000000001', '0000000000000004', '']);
  });

  it.each([
    [{ key: 'error', type: 'bool', value: true }, StatusCode.Error],
    [{ key: 'error', type: 'string', value: 'TRUE' }, StatusCode.Error],
    [{ key: 'error', type: 'string', value: 'True' }, StatusCode.Error],
    [{ key: 'error', type: 'bool', value: 'false' }, StatusCode.Unset],
    [{ key: 'otel.status_code', type: 'string', value: 'OK' }, StatusCode.Ok],
    [{ key: 'otel.status_code', type: 'string', value: 'ERROR' }, StatusCode.Error],
  ])('maps tag %j to status %i', (tag, status) => {
    const [t] = decodeValue(trace(span({ tags: [tag] })));
    expect(t.statuses[0]).toBe(status);
    const kept = t.details(0).attributes.map((a) => a.key);
    expect(kept).toEqual(status === StatusCode.Unset ? ['error'] : []);
  });

  it('reads kind, scope, status description, trace state and log event names', () => {
    const [t] = decodeValue(
      trace(
        span({
          tags: [
            { key: 'span.kind', type: 'string', value: 'producer' },
            { key: 'otel.scope.name', type: 'string', value: 'lib' },
            { key: 'otel.scope.version', type: 'string', value: '2' },
            { key: 'otel.status_description', type: 'string', value: 'bad' },
            { key: 'w3c.tracestate', type: 'string', value: 'k=v' },
            { key: 'big', type: 'int64', value: '9007199254740993' },
          ],
          logs: [
            { timestamp: 1_700_000_000_000_002, fields: [{ key: 'event', type: 'string', value: 'retry' }] },
          ],
          flags: 1,
        }),
      ),
    );
    expect(t.kinds[0]).toBe(SpanKind.Producer);
    const d = t.details(0);
    expect(d).toMatchObject({
      statusMessage: 'bad',
      traceState: 'k=v',
      flags: 1,
      scope: { name: 'lib', version: '2' },
    });
    expect(d.attributes).toEqual([{ key: 'big', value: { type: 'int', value: 9007199254740993n } }]);
    expect(d.events).toEqual([{ timeNs: 1_700_000_000_000_002_000n, name: 'retry', attributes: [] }]);
    expect(t.eventNs[0]).toBe(1000);
  });

  it('warns about unknown kinds, missing processes and Jaeger span warnings', () => {
    const [t] = decodeValue(
      trace(
        span({
          tags: [{ key: 'span.kind', type: 'string', value: 'sideways' }],
          warnings: ['clock skew adjusted'],
        }),
        span({ spanID: '0b', processID: 'p9' }),
      ),
    );
    expect(t.warnings).toEqual([
      'unknown span.kind "sideways" read as unspecified',
      'Jaeger: clock skew adjusted',
      'span refers to a missing process "p9"',
    ]);
    expect(spanService(t, 1)).toBe('unknown_service');
  });

  it('refuses bad ids and times with their path, and an error answer', () => {
    expect(() => decodeValue(trace(span({ spanID: 'span-1' })))).toThrow(
      'Jaeger JSON: span id "span-1" is neither hex nor base64 of 8 bytes at $.data[0].spans[0].spanID',
    );
    expect(() => decodeValue(trace(span({ startTime: 'noon' })))).toThrow('at $.data[0].spans[0].startTime');
    // A bad reference is dropped instead (dropped-links.test.ts).
    const [kept] = decodeValue(
      trace(span({ references: [{ refType: 'CHILD_OF', traceID: T, spanID: 'x' }] })),
    );
    expect(kept.count).toBe(1);
    expect(() => decodeValue({ data: null, errors: [{ code: 404, msg: 'trace not found' }] })).toThrow(
      'the response holds an error instead of traces: "trace not found"',
    );
    expect(() => decodeValue('x')).toThrow(FormatError);
  });

  it('reads {data: trace} and never mutates its input', () => {
    const value = { data: trace(span({})).data[0] };
    const before = JSON.stringify(value);
    const [t] = decodeValue(value);
    t.details(0);
    expect(t.count).toBe(1);
    expect(JSON.stringify(value)).toBe(before);
  });
});
