import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../testing/fixtures.ts';
import { absoluteStartNs, type SpanTable, TraceSetBuilder } from '../../model/span-table.ts';
import { findAttr, SpanKind, StatusCode } from '../../model/types.ts';
import { dumpSpans } from '../dump.ts';
import { parseInput, parseJsonText } from '../parse-input.ts';
import { utf8Decode } from '../text.ts';
import { FormatError } from '../types.ts';
import { decodeOtlpJson } from './decode.ts';

function decodeFile(rel: string): SpanTable[] {
  const sink = new TraceSetBuilder();
  const input = parseInput(readFixture(rel));
  if (input.kind === 'json') decodeOtlpJson(input.value, sink);
  else if (input.kind === 'jsonl') for (const v of input.values) decodeOtlpJson(v, sink);
  else throw new Error('binary');
  return sink.build();
}

function only(tables: SpanTable[]): SpanTable {
  expect(tables).toHaveLength(1);
  return tables[0];
}

function decodeValue(value: unknown, invalidSpans?: 'throw' | 'reject') {
  const sink = new TraceSetBuilder();
  const result = decodeOtlpJson(value, sink, { invalidSpans });
  return { result, tables: sink.build() };
}

const SPAN = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'x' };
const request = (...spans: unknown[]) => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

describe('decodeOtlpJson on real files', () => {
  it.each([
    ['otlp-json/grafana-tsdb-tempo-trace-snake_case.json', 30],
    ['otlp-json/jaeger-apiv3-GetTrace.json', 1],
    ['otlp-json/jaeger-integ-example_trace.json', 5],
    ['otlp-json/jaeger-integ-link_attributes_trace.json', 1],
    ['otlp-json/jaeger-integ-scope_name_version_trace.json', 1],
    ['otlp-json/jaeger-memory-otel_traces_01.json', 4],
    ['otlp-json/jaeger-skills-n_plus_one_full_serial.json', 40],
    ['otlp-json/jaeger-skills-sibling_errors.json', 6],
    ['otlp-json/jui-otlp2jaeger-in-error.json', 1],
    ['otlp-json/jui-otlp2jaeger-in.json', 2],
    ['otlp-json/jui-otlp2jaeger-multi-in.jsonl', 4],
    ['otlp-json/otelproto-examples-trace.json', 1],
    ['otlp-json/otlp2parquet-invalid-trace_invalid_kind.json', 1],
    ['otlp-json/otlp2parquet-trace.json', 2],
    ['otlp-json/tempo-sg-trace-with-failed-requests.json', 15],
    ['otlp-json/tempo-sg-trace-with-virtual-nodes.json', 3],
    ['otlp-json/tempo-vulture-trace-2022-ils.json', 25],
    ['tempo-api/tempo-api-v1-traces-batches-ils-docs-2023.json', 1],
    ['tempo-api/tempo-api-v2-traces-pushing-spans-docs.json', 1],
  ])('%s has %i spans', (rel, spans) => {
    const tables = decodeFile(rel);
    expect(tables.reduce((n, t) => n + t.count, 0)).toBe(spans);
    for (const t of tables) for (let i = 0; i < t.count; i++) expect(() => t.details(i)).not.toThrow();
  });

  it('reads the snake_case Grafana file exactly: base64 ids, numbers above 2^53, zero parent', () => {
    const t = only(decodeFile('otlp-json/grafana-tsdb-tempo-trace-snake_case.json'));
    expect(t.traceId).toBe('0000000000000000620f03a2253c5e37');
    const lines = dumpSpans([t]);
    expect(lines[0]).toBe(
      '0000000000000000620f03a2253c5e37 24fd2c12eb963190 parent=4993abf7a3ec9dd7 loki-all "store.validateQueryTimeRange" start=1616072924071839000 dur=4000 unspecified unset events=0',
    );
    // The root's parent_span_id is "AAAAAAAAAAA=" (8 zero bytes): no parent.
    expect(lines[29]).toBe(
      '0000000000000000620f03a2253c5e37 620f03a2253c5e37 parent=- loki-all "HTTP GET - loki_api_v1_query_range" start=1616072924070497000 dur=8421000 server unset events=0',
    );
    expect(t.baseNs).toBe(1616072924070497000n);
    expect(t.eventNs.length).toBe(42);
    const cacheFetch = t.details(2);
    expect(cacheFetch.events[0].timeNs).toBe(1616072924071994000n);
    expect(cacheFetch.events[0].name).toBe('');
    expect(cacheFetch.events[0].attributes).toEqual([
      { key: 'level', value: { type: 'string', value: 'debug' } },
      { key: 'hits', value: { type: 'int', value: 0n } },
      { key: 'misses', value: { type: 'int', value: 16n } },
    ]);
    const withArrays = [...Array(t.count).keys()]
      .map((i) => t.details(i))
      .find((d) => findAttr(d.attributes, 'arrayAttribute'));
    expect(findAttr(withArrays!.attributes, 'arrayAttribute')).toEqual({
      type: 'array',
      value: [
        { type: 'string', value: 'value1' },
        { type: 'string', value: 'value2' },
      ],
    });
    expect(findAttr(withArrays!.attributes, 'kvlistAttribute')).toMatchObject({ type: 'kvlist' });
    expect(findAttr(t.details(0).resource.attributes, 'host.hostname')).toEqual({
      type: 'string',
      value: '4d019a031941',
    });
  });

  it('keeps an escaped \\u0026 inside a URL string', () => {
    const t = only(decodeFile('otlp-json/grafana-tsdb-tempo-trace-snake_case.json'));
    const urls = [...Array(t.count).keys()].flatMap((i) =>
      t
        .details(i)
        .attributes.filter((a) => a.value.type === 'string' && a.value.value.includes('direction=BACKWARD')),
    );
    expect(urls[0].value).toMatchObject({ value: expect.stringContaining('BACKWARD&limit=1000&query=') });
    expect(urls[0].value).toMatchObject({ value: expect.stringContaining('start=1616070921000000000&end=') });
  });

  it('reads upper-case hex ids, scope name/version/attributes and an orphan parent', () => {
    const t = only(decodeFile('otlp-json/otelproto-examples-trace.json'));
    expect(dumpSpans([t])).toEqual([
      '5b8efff798038103d269b633813fc60c eee19b7ec3c1b174 parent=eee19b7ec3c1b173 my.service "I\'m a server span" start=1544712660000000000 dur=1000000000 server unset events=0',
    ]);
    const d = t.details(0);
    expect(d.scope).toEqual({
      name: 'my.library',
      version: '1.0.0',
      attributes: [{ key: 'my.scope.attribute', value: { type: 'string', value: 'some scope attribute' } }],
      droppedAttributesCount: undefined,
    });
    expect(d.attributes).toEqual([{ key: 'my.span.attr', value: { type: 'string', value: 'some value' } }]);
  });

  it('unwraps Jaeger api_v3 {result} and reads numeric enums, no service name', () => {
    const t = only(decodeFile('otlp-json/jaeger-apiv3-GetTrace.json'));
    expect(dumpSpans([t])).toEqual([
      '00000000000000000000000000000001 0000000000000002 parent=- unknown_service "foobar" start=- dur=- server error events=0',
    ]);
  });

  it('unwraps Tempo v2 {trace} with enum names and base64 ids', () => {
    const t = only(decodeFile('tempo-api/tempo-api-v2-traces-pushing-spans-docs.json'));
    expect(dumpSpans([t])).toEqual([
      '5b8efff798038103d269b633813fc700 eee19b7ec3c1b100 parent=- my.service "I am a span!" start=1689969302000000000 dur=698000000000 server unset events=0',
    ]);
  });

  it('reads Tempo v1 batches / instrumentationLibrarySpans with a zero-padded 64-bit trace id', () => {
    const t = only(decodeFile('tempo-api/tempo-api-v1-traces-batches-ils-docs-2023.json'));
    expect(dumpSpans([t])).toEqual([
      '00000000000000000123456789abcdef 0000000000001234 parent=- shell script "span from bash!" start=1608239395286533000 dur=100000000 unspecified unset events=0',
    ]);
    const vulture = only(decodeFile('otlp-json/tempo-vulture-trace-2022-ils.json'));
    expect(vulture.traceId).toBe('09208f8f6bf45242631dabcb06d7c9c6');
    expect(vulture.parentIds.every((p) => p === '')).toBe(true);
  });

  it('reads status names, typed link attributes and scope bytes', () => {
    const errors = only(decodeFile('otlp-json/tempo-sg-trace-with-failed-requests.json'));
    expect([...errors.statuses].filter((s) => s === StatusCode.Error)).toHaveLength(3);
    expect([...errors.statuses].filter((s) => s === StatusCode.Ok)).toHaveLength(3);
    const siblings = only(decodeFile('otlp-json/jaeger-skills-sibling_errors.json'));
    expect([...siblings.statuses].filter((s) => s === StatusCode.Error)).toHaveLength(5);

    const link = only(decodeFile('otlp-json/jaeger-integ-link_attributes_trace.json')).details(0).links;
    expect(link.map((l) => `${l.traceId}/${l.spanId}`)).toEqual([
      '000000000000000000000000000000ff/00000000000000ff',
      '00000000000000000000000000000001/0000000000000002',
      '00000000000000000000000000000001/0000000000000002',
    ]);
    expect(link[0].attributes.map((a) => a.value)).toEqual([
      { type: 'string', value: 'child_of' },
      { type: 'string', value: 'sameplacevalue' },
      { type: 'int', value: 123n },
      { type: 'bool', value: true },
      { type: 'double', value: 72.5 },
      { type: 'bytes', value: new Uint8Array([0, 0, 0x30, 0x39]) },
    ]);
  });

  it('splits a file with several trace ids into several traces', () => {
    const tables = decodeFile('otlp-json/jaeger-memory-otel_traces_01.json');
    expect(tables.map((t) => `${t.traceId}:${t.count}`)).toEqual([
      '00000000000000010000000000000000:2',
      '00000000000000020000000000000000:2',
    ]);
  });

  it('reads JSON Lines with an empty parentSpanId as no parent', () => {
    const t = only(decodeFile('otlp-json/jui-otlp2jaeger-multi-in.jsonl'));
    expect(t.spanIds).toEqual([
      '26f5ef9dbb885479',
      'e76628f4e6dde174',
      '49b8e9efa1e8a3b1',
      'eff3153be6b1fb93',
    ]);
    expect(t.parentIds).toEqual(['49b8e9efa1e8a3b1', '49b8e9efa1e8a3b1', 'eff3153be6b1fb93', '']);
    expect(t.details(3).scope).toMatchObject({ name: 'widgets', version: '1.2.3' });
  });

  it('turns an unknown span kind into a warning, not an error', () => {
    const t = only(decodeFile('otlp-json/otlp2parquet-invalid-trace_invalid_kind.json'));
    expect(t.kinds[0]).toBe(SpanKind.Unspecified);
    expect(t.warnings).toEqual(['unknown span kind "SPAN_KIND_INVALID_TYPE" read as unspecified']);
  });
});

describe('decodeOtlpJson on invalid spans', () => {
  it.each([
    [{ ...SPAN, traceId: undefined }, 'traceId', 'trace id is missing'],
    [{ ...SPAN, traceId: '0'.repeat(32) }, 'traceId', 'is all zeros'],
    [{ ...SPAN, traceId: 'f'.repeat(33) }, 'traceId', 'has 33 hex digits (at most 32)'],
    [{ ...SPAN, spanId: 'not an id!' }, 'spanId', 'neither hex nor base64 of 8 bytes'],
    [{ ...SPAN, spanId: 'AAAAAAAAAAA=' }, 'spanId', 'is all zeros'],
    [{ ...SPAN, spanId: 12 }, 'spanId', 'is a number'],
    [{ ...SPAN, parentSpanId: 'xyz!' }, 'parentSpanId', 'parent span id "xyz!"'],
    [{ ...SPAN, startTimeUnixNano: 'soon' }, 'startTimeUnixNano', '"soon" is not a uint64'],
    [{ ...SPAN, endTimeUnixNano: -1 }, 'endTimeUnixNano', 'is not a uint64'],
  ])('refuses %j at its path', (span, key, problem) => {
    const error = (() => {
      try {
        decodeValue(request(SPAN, span));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).where).toBe(`$.resourceSpans[0].scopeSpans[0].spans[1].${key}`);
    expect((error as FormatError).problem).toContain(problem);
  });

  it('rejects bad spans one by one in reject mode and keeps the rest', () => {
    const bad = (i: number) => ({ ...SPAN, spanId: `bad-${i}` });
    const spans = [SPAN, ...Array.from({ length: 25 }, (_, i) => bad(i)), { ...SPAN, spanId: '1' }];
    const { result, tables } = decodeValue(request(...spans), 'reject');
    expect(result.spanCount).toBe(2);
    expect(result.rejectedSpans).toBe(25);
    expect(result.rejectionMessages).toHaveLength(20);
    expect(result.rejectionMessages[0]).toBe(
      'span at $.resourceSpans[0].scopeSpans[0].spans[1].spanId: span id "bad-0" is neither hex nor base64 of 8 bytes',
    );
    expect(tables[0].spanIds).toEqual(['eee19b7ec3c1b174', '0000000000000001']);
  });

  it('refuses structural errors even in reject mode, with the path', () => {
    expect(() => decodeValue({ resourceSpans: {} }, 'reject')).toThrow('at $.resourceSpans');
    expect(() => decodeValue({ batches: [{ scopeSpans: [{ spans: 'no' }] }] }, 'reject')).toThrow(
      'at $.batches[0].scopeSpans[0].spans',
    );
    expect(() => decodeValue([1, 2])).toThrow(FormatError);
  });

  it('accepts an empty request and empty lists', () => {
    expect(decodeValue({}).result).toEqual({
      spanCount: 0,
      rejectedSpans: 0,
      rejectionMessages: [],
      droppedLinks: 0,
      droppedLinkMessages: [],
    });
    expect(decodeValue({ resourceSpans: [{ scopeSpans: [{}] }, {}] }).result.spanCount).toBe(0);
  });

  it('keeps a span whose link has a bad id, the link dropped and named (dropped-links.test.ts)', () => {
    const span = { ...SPAN, links: [{ traceId: SPAN.traceId, spanId: 'nope' }] };
    const { result, tables } = decodeValue(request(span));
    expect(tables[0].count).toBe(1);
    expect(result.droppedLinkMessages).toEqual([
      'link at $.resourceSpans[0].scopeSpans[0].spans[0].links[0]: link span id "nope" is neither hex nor base64 of 8 bytes',
    ]);
  });
});

describe('decodeOtlpJson details', () => {
  it('reads times, flags, trace state, status message, dropped counts, events and snake_case links', () => {
    const span = {
      trace_id: SPAN.traceId,
      span_id: SPAN.spanId,
      name: 'n',
      kind: 'SPAN_KIND_CONSUMER',
      start_time_unix_nano: '1700000000000000001',
      end_time_unix_nano: 1700000000000000500,
      trace_state: 'a=b',
      flags: 257,
      dropped_attributes_count: 3,
      status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
      events: [
        {
          time_unix_nano: '1700000000000000002',
          name: 'e',
          attributes: [{ key: 'k', value: { double_value: 'NaN' } }],
        },
      ],
      links: [{ trace_id: SPAN.traceId, span_id: '01', trace_state: 'x=y' }],
    };
    const text = JSON.stringify({
      resource_spans: [{ schema_url: 'https://s', scope_spans: [{ spans: [span] }] }],
    });
    const sink = new TraceSetBuilder();
    decodeOtlpJson(parseJsonText(text.replace('"1700000000000000500"', '1700000000000000500')), sink);
    const t = sink.build()[0];
    expect(absoluteStartNs(t, 0)).toBe(1700000000000000001n);
    expect(t.kinds[0]).toBe(SpanKind.Consumer);
    expect(t.statuses[0]).toBe(StatusCode.Error);
    const d = t.details(0);
    expect(d).toMatchObject({
      statusMessage: 'boom',
      traceState: 'a=b',
      flags: 257,
      droppedAttributesCount: 3,
    });
    expect(d.resource.schemaUrl).toBe('https://s');
    expect(d.events[0]).toMatchObject({ timeNs: 1700000000000000002n, name: 'e' });
    expect(d.events[0].attributes[0].value).toEqual({ type: 'double', value: Number.NaN });
    expect(d.links[0]).toMatchObject({ spanId: '0000000000000001', traceState: 'x=y' });
    expect(t.eventNs[0]).toBe(1);
  });

  it('keeps a malformed attribute value as its JSON text instead of failing later', () => {
    const span = { ...SPAN, attributes: [{ key: 'n', value: { intValue: 'twelve' } }, 7] };
    const t = decodeValue(request(span)).tables[0];
    expect(t.details(0).attributes).toEqual([{ key: 'n', value: { type: 'string', value: 'twelve' } }]);
  });

  it('never mutates its input', () => {
    const value = parseJsonText(
      utf8Decode(readFixture('otlp-json/grafana-tsdb-tempo-trace-snake_case.json')),
    );
    const before = JSON.stringify(value);
    const { tables } = decodeValue(value);
    for (let i = 0; i < tables[0].count; i++) tables[0].details(i);
    expect(JSON.stringify(value)).toBe(before);
  });
});
