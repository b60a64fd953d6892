/**
 * The byte reader against the JSON.parse path it stands in for: on every real fixture, on hand-made
 * documents that probe each rule (key styles, repeated keys, wide and odd times, ids in every form,
 * escapes, wrappers, invalid JSON anywhere) and on thousands of random mutations. Either it gives up
 * (and decodeInput takes the JSON.parse path), or it gives exactly the same tables, details and
 * warnings; it never accepts an input the JSON.parse path refuses.
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  describeOnFixtures,
  expectNoCutTaken,
  expectRandomTracesRead,
  mutationRuns,
  agree as readerAgrees,
  fastPath as readerPath,
} from '../../../testing/byte-readers.ts';
import type { SpanInput } from '../../model/span-table.ts';
import { TraceSetBuilder } from '../../model/span-table.ts';
import { decodeInput, decodeParsed } from '../index.ts';
import { parseInput } from '../parse-input.ts';
import { utf8Encode } from '../text.ts';
import { decodeOtlpJsonBytes } from './byte-decode.ts';

const fastPath = (bytes: Uint8Array) => readerPath(decodeOtlpJsonBytes, bytes);
const agree = (bytes: Uint8Array) => readerAgrees(decodeOtlpJsonBytes, bytes);

const text = (value: unknown) => utf8Encode(typeof value === 'string' ? value : JSON.stringify(value));

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = {
  traceId: TRACE,
  spanId: 'eee19b7ec3c1b174',
  name: 'x',
  startTimeUnixNano: '1700000000000000123',
  endTimeUnixNano: '1700000000500000000',
};
const doc = (...spans: unknown[]) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [{ scope: { name: 'lib', version: '1' }, spans }],
    },
  ],
});

describeOnFixtures(decodeOtlpJsonBytes, [
  'otlp-json/grafana-tsdb-tempo-trace-snake_case.json',
  'otlp-json/jaeger-apiv3-GetTrace.json',
  'otlp-json/jaeger-integ-example_trace.json',
  'otlp-json/jaeger-integ-link_attributes_trace.json',
  'otlp-json/jaeger-integ-scope_name_version_trace.json',
  'otlp-json/jaeger-memory-otel_traces_01.json',
  'otlp-json/jaeger-skills-n_plus_one_full_serial.json',
  'otlp-json/jaeger-skills-sibling_errors.json',
  'otlp-json/jui-otlp2jaeger-in-error.json',
  'otlp-json/jui-otlp2jaeger-in.json',
  'otlp-json/otelproto-examples-trace.json',
  'otlp-json/otlp2parquet-trace.json',
  'otlp-json/tempo-sg-trace-with-failed-requests.json',
  'otlp-json/tempo-sg-trace-with-virtual-nodes.json',
  'otlp-json/tempo-vulture-trace-2022-ils.json',
  'tempo-api/tempo-api-v1-traces-batches-ils-docs-2023.json',
  'tempo-api/tempo-api-v2-traces-pushing-spans-docs.json',
]);

describe('documents it reads exactly', () => {
  it.each([
    ['camelCase', doc(SPAN, { ...SPAN, spanId: 'aee19b7ec3c1b174', parentSpanId: SPAN.spanId })],
    [
      'snake_case keys',
      {
        resource_spans: [
          {
            resource: {},
            schema_url: 'https://s',
            scope_spans: [
              {
                scope: { name: 'a' },
                schema_url: 'u',
                spans: [
                  {
                    trace_id: TRACE,
                    span_id: 'eee19b7ec3c1b174',
                    parent_span_id: '',
                    start_time_unix_nano: 5,
                    end_time_unix_nano: 9,
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    ['both key styles (camelCase wins)', doc({ ...SPAN, span_id: 'aaaaaaaaaaaaaaaa', trace_id: 'bb' })],
    [
      'batches and instrumentation library spans',
      {
        batches: [
          { instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'il' }, spans: [SPAN] }] },
        ],
      },
    ],
    [
      'instrumentation_library_spans',
      {
        batches: [
          { instrumentation_library_spans: [{ instrumentation_library: { name: 'il' }, spans: [SPAN] }] },
        ],
      },
    ],
    [
      'a null scope falls back to the instrumentation library',
      {
        resourceSpans: [
          { scopeSpans: [{ scope: null, instrumentationLibrary: { name: 'il' }, spans: [SPAN] }] },
        ],
      },
    ],
    ['Tempo trace wrapper', { trace: doc(SPAN) }],
    ['Jaeger result wrapper', { result: doc(SPAN) }],
    ['no spans', { resourceSpans: [] }],
    ['null lists', { resourceSpans: [{ scopeSpans: null }, { scopeSpans: [{ spans: null }] }] }],
    ['no resource', { resourceSpans: [{ scopeSpans: [{ spans: [SPAN] }] }] }],
    [
      'a resource that is not an object',
      { resourceSpans: [{ resource: 7, scopeSpans: [{ spans: [SPAN] }] }] },
    ],
    ['times as numbers', doc({ ...SPAN, startTimeUnixNano: 1000, endTimeUnixNano: 123456789012345 })],
    [
      'times with leading zeros',
      doc({ ...SPAN, startTimeUnixNano: '0000000000000000123', endTimeUnixNano: '00000000000000000012' }),
    ],
    [
      'zero, null and absent times',
      doc(
        { ...SPAN, startTimeUnixNano: '0' },
        { ...SPAN, spanId: 'a1', endTimeUnixNano: null },
        { traceId: TRACE, spanId: 'a2' },
      ),
    ],
    ['the largest uint64', doc({ ...SPAN, endTimeUnixNano: '18446744073709551615' })],
    [
      'times decades apart (bigint arithmetic)',
      doc(
        { ...SPAN, startTimeUnixNano: '1', endTimeUnixNano: '1700000000500000001' },
        { ...SPAN, spanId: 'a3' },
      ),
    ],
    [
      'ids in upper case, short hex and base64',
      doc(
        { ...SPAN, traceId: TRACE.toUpperCase(), spanId: 'ABC', parentSpanId: 'AAAAAAAAAAE=' },
        { ...SPAN, traceId: 'W47/95gDgQPSabYzgT/GDA==', spanId: '7u Gbfs PBsXQ='.replace(/ /g, '') },
      ),
    ],
    [
      '64-bit trace ids and all-zero parents',
      doc(
        { ...SPAN, traceId: 'd36b55b9ce49281b', parentSpanId: '0000000000000000' },
        { ...SPAN, spanId: 'ff', parentSpanId: null },
      ),
    ],
    [
      'names: empty, null, absent, unicode, escaped',
      doc(
        { ...SPAN, name: '' },
        { ...SPAN, name: null },
        { traceId: TRACE, spanId: 'a4' },
        { ...SPAN, name: 'café ☕ 𝄞' },
        { ...SPAN, name: 'a "quoted"\n\\name\u0001' },
      ),
    ],
    [
      'many distinct names',
      doc(
        ...Array.from({ length: 3000 }, (_, i) => ({ ...SPAN, spanId: (i + 1).toString(16), name: `n${i}` })),
      ),
    ],
    [
      'kinds and statuses in every form',
      doc(
        { ...SPAN, kind: 'SPAN_KIND_SERVER', status: { code: 'STATUS_CODE_ERROR', message: 'm' } },
        { ...SPAN, kind: 'client', status: { code: '2' } },
        { ...SPAN, kind: '3', status: { code: 1 } },
        { ...SPAN, kind: null, status: { code: null } },
        { ...SPAN, status: 'weird' },
        { ...SPAN, status: [] },
        { ...SPAN, status: {} },
      ),
    ],
    [
      'events and links',
      doc(
        {
          ...SPAN,
          events: [
            {
              timeUnixNano: '1700000000000000200',
              name: 'e',
              attributes: [{ key: 'k', value: { intValue: '9007199254740993' } }],
            },
            { name: 'no time' },
            5,
          ],
          links: [{ traceId: TRACE, spanId: 'eee19b7ec3c1b175', attributes: [] }],
        },
        { ...SPAN, startTimeUnixNano: 0, events: [{ time_unix_nano: 0 }] },
      ),
    ],
    [
      'details of every kind',
      doc({
        ...SPAN,
        attributes: [
          { key: 'i', value: { intValue: 12 } },
          { key: 'a', value: { arrayValue: { values: [{ boolValue: true }, { doubleValue: 1.5 }] } } },
          { key: 'kv', value: { kvlistValue: { values: [{ key: 'x', value: { bytesValue: 'AAE=' } }] } } },
        ],
        traceState: 'a=b',
        flags: 257,
        droppedAttributesCount: 2,
        droppedEventsCount: 1,
        droppedLinksCount: 3,
      }),
    ],
    [
      'keys repeated (the last one wins)',
      '{"resourceSpans":[{"resource":{"attributes":[]},"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"second"}}]},"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":1,"spanId":"eee19b7ec3c1b174","name":"a","name":"b","status":{"code":2,"code":0}}]}]}]}',
    ],
    [
      'an escaped key inside attributes',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","attributes":[{"k\\u0065y":"a","value":{"stringValue":"\\ud800"}}]}]}]}]}`,
    ],
    [
      'escaped hot strings',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"\\u0035b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b17\\u0034","startTimeUnixNano":"\\u0031","kind":"\\u0032"}]}]}]}`,
    ],
    [
      'whitespace everywhere and a BOM',
      `\ufeff \n{ "resourceSpans" :\t[ { "scopeSpans" : [ { "spans" : [ { "traceId" : "${TRACE}" , "spanId" : "eee19b7ec3c1b174" , "startTimeUnixNano" : 17 , "attributes" : [ 1 , -2.5e+3 , true , false , null , { } , [ ] ] } ] } ] } ]\r\n}\n\n`,
    ],
    [
      'a deeply nested attribute value',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","attributes":[{"key":"deep","value":${'['.repeat(5000)}${']'.repeat(5000)}}]}]}]}]}`,
    ],
    [
      'invalid UTF-8 in a name and an attribute',
      new Uint8Array([
        ...text(
          `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","name":"a`,
        ),
        0xe2,
        0x28,
        0xff,
        ...text(`","attributes":[{"key":"k","value":{"stringValue":"`),
        0xc3,
        ...text('"}}]}]}]}]}'),
      ]),
    ],
    [
      'spans of two traces interleaved',
      doc(
        SPAN,
        { ...SPAN, traceId: 'a'.repeat(32) },
        { ...SPAN, spanId: 'b1' },
        { ...SPAN, traceId: 'a'.repeat(32), spanId: 'b2' },
      ),
    ],
  ])('%s', (_, value) => {
    expect(agree(value instanceof Uint8Array ? value : text(value))).toBe(true);
  });
});

describe('documents it leaves to the JSON.parse path', () => {
  it.each([
    ['JSON Lines', `${JSON.stringify(doc(SPAN))}\n${JSON.stringify(doc(SPAN))}`],
    ['a top-level array', JSON.stringify([doc(SPAN)])],
    ['another top-level key', JSON.stringify({ ...doc(SPAN), other: 1 })],
    ['an empty wrapper', '{"trace":{}}'],
    ['two scope spans keys', `{"resourceSpans":[{"scopeSpans":[],"scope_spans":[]}]}`],
    ['a repeated spans key', `{"resourceSpans":[{"scopeSpans":[{"spans":[],"spans":[]}]}]}`],
    [
      'an escaped key where keys are read',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"trace\\u0049d":"${TRACE}","spanId":"eee19b7ec3c1b174"}]}]}]}`,
    ],
    [
      'an escaped key in status',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","status":{"c\\u006fde":2}}]}]}]}`,
    ],
    ['a missing span id', JSON.stringify(doc({ traceId: TRACE }))],
    ['an all-zero trace id', JSON.stringify(doc({ ...SPAN, traceId: '0'.repeat(32) }))],
    ['a span id of 17 hex digits', JSON.stringify(doc({ ...SPAN, spanId: 'a'.repeat(17) }))],
    ['an invalid parent id', JSON.stringify(doc({ ...SPAN, parentSpanId: 'xyz!' }))],
    ['a time beyond uint64', JSON.stringify(doc({ ...SPAN, endTimeUnixNano: '18446744073709551616' }))],
    ['a negative time', JSON.stringify(doc({ ...SPAN, endTimeUnixNano: -1 }))],
    ['a time with a fraction', JSON.stringify(doc({ ...SPAN, endTimeUnixNano: 1.5 }))],
    ['a time that is not digits', JSON.stringify(doc({ ...SPAN, endTimeUnixNano: '12a' }))],
    ['a name that is a number', JSON.stringify(doc({ ...SPAN, name: 5 }))],
    ['an unknown kind (a warning)', JSON.stringify(doc({ ...SPAN, kind: 9 }))],
    ['an unknown status (a warning)', JSON.stringify(doc({ ...SPAN, status: { code: 'BROKEN' } }))],
    ['events that are not a list', JSON.stringify(doc({ ...SPAN, events: {} }))],
    ['an event time that is not a uint64', JSON.stringify(doc({ ...SPAN, events: [{ timeUnixNano: 'x' }] }))],
    ['a link with a bad id', JSON.stringify(doc({ ...SPAN, links: [{ traceId: TRACE, spanId: 'zz' }] }))],
    ['a span that is not an object', JSON.stringify(doc(5))],
    ['spans that are not a list', '{"resourceSpans":[{"scopeSpans":[{"spans":{}}]}]}'],
    ['resource spans that are null', '{"resourceSpans":null}'],
    ['a trailing comma', `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(SPAN)},]}]}]}`],
    [
      'a trailing comma in attributes',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","attributes":[1,]}]}]}]}`,
    ],
    [
      'a raw newline in an attribute string',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","attributes":["a\nb"]}]}]}]}`,
    ],
    [
      'a bad escape in an attribute',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","attributes":["\\x"]}]}]}]}`,
    ],
    [
      'a bad literal',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","flags":tru}]}]}]}`,
    ],
    [
      'a number with a leading zero',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"eee19b7ec3c1b174","flags":01}]}]}]}`,
    ],
    ['text after the document', `${JSON.stringify(doc(SPAN))} x`],
    ['an empty input', '   '],
  ])('%s', (_, value) => {
    const bytes = text(value);
    expect(fastPath(bytes)).toBeNull();
  });

  it('never at any cut of a document', () => {
    const bytes = text(
      doc(SPAN, {
        ...SPAN,
        spanId: 'a1',
        events: [{ timeUnixNano: 5 }],
        attributes: [{ key: 'k', value: { doubleValue: -1.5e-7 } }],
      }),
    );
    expectNoCutTaken(decodeOtlpJsonBytes, bytes);
  });
});

describe('random documents', () => {
  it('random traces encoded as OTLP JSON: always read, exactly as the JSON.parse path', () => {
    expectRandomTracesRead(decodeOtlpJsonBytes, 'otlp-json', 150);
  });
});

describe('random mutations of a real-looking document', () => {
  const base = text({
    trace: doc(
      ...Array.from({ length: 6 }, (_, i) => ({
        ...SPAN,
        spanId: (i + 0xa0).toString(16),
        parentSpanId: i ? 'a0' : '',
        kind: i % 6,
        status: { code: i % 3 },
        attributes: [
          { key: 'k', value: { stringValue: 'v\u00e9' } },
          { key: 'n', value: { intValue: String(i) } },
        ],
        events: i === 2 ? [{ timeUnixNano: '1700000000000000999', name: 'e' }] : [],
      })),
    ),
  });

  it('agree or leave it, 3000 times', () => {
    const { taken, refused } = mutationRuns(decodeOtlpJsonBytes, base, 3000, 42);
    // The mutations must exercise both sides: documents it reads and documents it leaves.
    expect(taken).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });
});

describe('through decodeInput', () => {
  it('reads gzip’d documents and says it read OTLP JSON', () => {
    const sink = new TraceSetBuilder();
    expect(decodeInput(gzipSync(text(doc(SPAN, { ...SPAN, spanId: 'a1' }))), sink)).toEqual({
      format: 'otlp-json',
      spanCount: 2,
    });
    expect(sink.build()[0].format).toBe('otlp-json');
  });

  it('hands a sink that overrides add the same SpanInputs as the JSON.parse path', () => {
    class Collector extends TraceSetBuilder {
      readonly spans: SpanInput[] = [];
      override add(span: SpanInput): void {
        this.spans.push(span);
      }
    }
    const bytes = text(
      doc(SPAN, { ...SPAN, spanId: 'a1', startTimeUnixNano: 0, events: [{ timeUnixNano: 7 }] }),
    );
    const fast = new Collector();
    expect(decodeOtlpJsonBytes(bytes, fast)).toBe(2);
    const slow = new Collector();
    decodeParsed(parseInput(bytes), slow);
    const plain = (s: SpanInput) => ({
      ...s,
      details: typeof s.details === 'function' ? s.details() : s.details,
    });
    expect(fast.spans.map(plain)).toEqual(slow.spans.map(plain));
  });

  it('reads a document too large for one string (beyond what JSON.parse can take)', () => {
    // Not 512 MB here: the same path as any document, checked on one with a 2 MB attribute.
    const big = doc({
      ...SPAN,
      attributes: [{ key: 'blob', value: { stringValue: 'x'.repeat(2_000_000) } }],
    });
    expect(agree(text(big))).toBe(true);
  });
});
