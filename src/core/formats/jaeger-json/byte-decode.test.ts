/**
 * The Jaeger byte reader against the JSON.parse path it stands in for: on every real fixture, on
 * hand-made documents that probe each rule (shapes, processes and their warnings, references, times,
 * tags that set kind and status, escapes, repeated keys, invalid JSON anywhere), on random traces
 * encoded as Jaeger JSON and on thousands of random mutations. Either it gives up (and decodeInput
 * takes the JSON.parse path), or it gives exactly the same tables, details and warnings.
 */
import { describe, expect, it } from 'vitest';
import {
  agree,
  describeOnFixtures,
  expectNoCutTaken,
  expectRandomTracesRead,
  fastPath,
  mutationRuns,
} from '../../../testing/byte-readers.ts';
import { TraceSetBuilder } from '../../model/span-table.ts';
import { decodeInput } from '../index.ts';
import { utf8Encode } from '../text.ts';
import { decodeJaegerJsonBytes } from './byte-decode.ts';
import { decodeJaegerJson } from './decode.ts';

const read = decodeJaegerJsonBytes;
const text = (value: unknown) => utf8Encode(typeof value === 'string' ? value : JSON.stringify(value));
const takes = (value: unknown) => agree(read, value instanceof Uint8Array ? value : text(value));
const leaves = (value: unknown) => fastPath(read, text(value)) === null;

const T = '4a1b2c3d4e5f60718293a4b5c6d7e8f9';
const span = (extra: Record<string, unknown> = {}) => ({
  traceID: T,
  spanID: '00000000000000aa',
  flags: 1,
  operationName: 'op',
  references: [],
  startTime: 1_700_000_000_000_001,
  duration: 5,
  tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
  logs: [],
  processID: 'p1',
  warnings: null,
  ...extra,
});
const PROCESSES = {
  p1: { serviceName: 'svc', tags: [{ key: 'host', type: 'string', value: 'h' }] },
  p2: { serviceName: 'db', tags: [] },
};
const trace = (...spans: unknown[]) => ({ traceID: T, spans, processes: PROCESSES, warnings: null });
const answer = (...spans: unknown[]) => ({ data: [trace(...spans)], total: 0, limit: 0, errors: null });
const child = (id: string, parent: string, extra: Record<string, unknown> = {}) =>
  span({
    spanID: id,
    references: [{ refType: 'CHILD_OF', traceID: T, spanID: parent }],
    ...extra,
  });

describeOnFixtures(read, [
  'jaeger-json/grafana-jaeger-mockJsonResponse.json',
  'jaeger-json/jaeger-anonymizer-trace_success.json',
  'jaeger-json/jaeger-model-json-fixture.json',
  'jaeger-json/jui-genaiTestTrace.json',
  'jaeger-json/jui-otlp2jaeger-out.json',
  'jaeger-json/jui-stats-spansAmongEachOther.json',
  'jaeger-json/jui-stats-traceWithOverlappingChildrenLongerThanParent.json',
  // Not jui-tracegraph-testTrace.json: its ids ("trace-123") are refused.
]);

describe('documents it reads exactly', () => {
  it.each([
    ['the query answer', answer(span(), child('00000000000000bb', '00000000000000aa'))],
    ['{data: trace}', { data: trace(span()) }],
    ['a bare trace', trace(span(), child('00000000000000bb', '00000000000000aa'))],
    ['a bare trace with processes first', { processes: PROCESSES, spans: [span()] }],
    ['a bare trace without processes', { traceID: T, spans: [span()] }],
    ['a span array with inline processes', [span({ process: PROCESSES.p1, processID: undefined })]],
    [
      'an inline process winning over processID, and one that is not an object',
      [span({ process: PROCESSES.p2 }), span({ process: null, spanID: 'b1' })],
    ],
    ['several traces', { data: [trace(span()), trace(span({ traceID: 'a'.repeat(32) })), { spans: null }] }],
    ['traces without spans or processes', { data: [{}, { spans: [] }, { processes: {} }] }],
    [
      'missing processes (warnings in span order)',
      answer(
        span({ tags: [{ key: 'span.kind', value: 'weird' }] }),
        span({ processID: 'p9', spanID: 'b1' }),
        span({ processID: 'p9', spanID: 'b2', warnings: ['clock skew'] }),
        span({ processID: undefined, spanID: 'b3' }),
        span({ processID: 7, spanID: 'b4' }),
        span({ processID: null, spanID: 'b5' }),
        span({ processID: '__proto__', spanID: 'b6' }),
        span({ processID: 'toString', spanID: 'b7' }),
      ),
    ],
    [
      'processes that are not objects',
      {
        data: [
          { spans: [span()], processes: [] },
          { spans: [span()], processes: { p1: 'x' } },
        ],
      },
    ],
    [
      'Jaeger span warnings of every kind',
      answer(span({ warnings: ['a', 5, null, { x: 1 }, ['y']] }), span({ warnings: 'not a list' })),
    ],
    [
      'references: CHILD_OF first, FOLLOWS_FROM, other traces, no type, odd cases',
      answer(
        span(),
        span({
          spanID: 'b1',
          references: [
            { refType: 'FOLLOWS_FROM', traceID: T, spanID: '00000000000000cc' },
            { refType: 'CHILD_OF', traceID: 'f'.repeat(32), spanID: '00000000000000dd' },
            { refType: 'child_of', spanID: '00000000000000aa' },
          ],
        }),
        span({
          spanID: 'b2',
          references: [{ refType: 'follows_from', traceID: T, spanID: 'aa' }, { spanID: 'cc' }],
        }),
        span({ spanID: 'b3', references: [{ refType: ['FOLLOWS_FROM'], traceID: T, spanID: 'aa' }] }),
        span({ spanID: 'b4', references: [{ refType: 5, spanID: 'aa', traceID: T, extra: 1 }] }),
        span({ spanID: 'b5', references: null, parentSpanID: '00000000000000aa' }),
        span({ spanID: 'b6', references: [], parentSpanID: '0000000000000000' }),
        span({
          spanID: 'b7',
          references: [{ refType: 'CHILD_OF', traceID: T, spanID: 'cc' }],
          parentSpanID: 'not an id',
        }),
        span({ spanID: 'b8', references: [{ spanID: 'cc', refType: 'CHILD_OF', traceID: T }] }),
      ),
    ],
    [
      'ids in every form',
      answer(
        span({ traceID: 'ABC', spanID: '1' }),
        span({ traceID: T.toUpperCase(), spanID: 'AAAAAAAAAAE=' }),
        span({ traceID: 'd36b55b9ce49281b', spanID: '\u0030\u0031' }),
      ),
    ],
    [
      'times: numbers, strings, leading zeros, absent, zero, negative, fractions, huge',
      answer(
        span({ startTime: '1700000000000001', duration: '0005' }),
        span({ spanID: 'b1', startTime: 0, duration: 7 }),
        span({ spanID: 'b2', startTime: undefined, duration: undefined }),
        span({ spanID: 'b3', startTime: null, duration: null }),
        span({ spanID: 'b4', duration: -5 }),
        span({ spanID: 'b5', duration: '-5' }),
        span({ spanID: 'b6', startTime: 1_700_000_000_000_001.5, duration: 2.25 }),
        span({ spanID: 'b7', startTime: '99999999999999999', duration: 1e3 }),
        span({ spanID: 'b8', startTime: 9_007_199_254_740_991 }),
        span({ spanID: 'ba', startTime: 1, duration: 9_000_000_000_000_000 }),
      ),
    ],
    [
      'logs: times, none, null, not a list',
      answer(
        span({ logs: [{ timestamp: 1_700_000_000_000_009, fields: [{ key: 'event', value: 'x' }] }] }),
        span({ spanID: 'b1', logs: [{ fields: [] }, 5, { timestamp: 'bad' }] }),
        span({ spanID: 'b2', startTime: 0, logs: [{ timestamp: 0 }] }),
        span({ spanID: 'b3', logs: null }),
        span({ spanID: 'b4', logs: { timestamp: 1 } }),
      ),
    ],
    [
      'kinds and statuses from tags in every form',
      answer(
        span({ tags: [{ key: 'span.kind', type: 'string', value: 'CLIENT' }] }),
        span({ spanID: 'b1', tags: [{ key: 'span.kind', value: 'rpc' }] }),
        span({
          spanID: 'b2',
          tags: [
            { key: 'span.kind', value: 5 },
            { key: 'span.kind', value: 'producer' },
          ],
        }),
        span({ spanID: 'b3', tags: [{ key: 'error', type: 'bool', value: true }] }),
        span({ spanID: 'b4', tags: [{ key: 'error', type: 'bool', value: 'TRUE' }] }),
        span({
          spanID: 'b5',
          tags: [
            { key: 'error', type: 'bool', value: false },
            { key: 'error', value: 1 },
          ],
        }),
        span({ spanID: 'b6', tags: [{ key: 'otel.status_code', value: 'OK' }] }),
        span({
          spanID: 'b7',
          tags: [
            { key: 'otel.status_code', value: 'BROKEN' },
            { key: 'error', value: 'x' },
          ],
        }),
        span({ spanID: 'b8', tags: [{ key: 'otel.status_code', value: '2' }] }),
        span({ spanID: 'b9', tags: [{ key: 'span.kind', value: 'constructor' }] }),
        span({ spanID: 'ba', tags: [{ key: 'span.kind', value: 'ſerver' }] }),
        span({ spanID: 'bb', tags: [{ type: 'string', value: 'server', key: 'span.kind' }] }),
        span({ spanID: 'bc', tags: [{ key: 'span.kind', key2: 1 }, null, 5, [], { value: 'x' }] }),
        span({ spanID: 'be', tags: null }),
        span({ spanID: 'bf', tags: { key: 'span.kind', value: 'client' } }),
        span({
          spanID: 'c0',
          tags: [
            { key: 'otel.status_description', value: 'd' },
            { key: 'otel.scope.name', value: 's' },
            { key: 'w3c.tracestate', value: 'a=b' },
            { key: 'n', type: 'int64', value: '9007199254740993' },
            { key: 'f', type: 'float64', value: 1.5 },
            { key: 'b', type: 'binary', value: 'AAE=' },
          ],
        }),
      ),
    ],
    [
      'names: absent, null, numbers, objects, unicode, escapes',
      answer(
        span({ operationName: undefined }),
        span({ spanID: 'b1', operationName: null }),
        span({ spanID: 'b2', operationName: 5 }),
        span({ spanID: 'b3', operationName: { a: 1 } }),
        span({ spanID: 'b4', operationName: 'café ☕ 𝄞' }),
        span({ spanID: 'b5', operationName: 'a "quoted"\n\\name' }),
      ),
    ],
    [
      'escaped tag keys and values',
      '{"data":[{"spans":[{"traceID":"4a1b2c3d4e5f60718293a4b5c6d7e8f9","spanID":"aa","tags":[{"key":"span\\u002ekind","value":"cl\\u0069ent"},{"key":"err\\u006fr","value":"tru\\u0065"}],"processID":"p\\u0031"}],"processes":{"p\\u0031":{"serviceName":"s\\u0076c"}}}]}',
    ],
    [
      'keys repeated (the last one wins)',
      `{"data":[{"spans":[{"traceID":"${T}","spanID":"aa","spanID":"bb","processID":"p1","processID":"p2","tags":[{"key":"span.kind","value":"client"}],"tags":[{"key":"span.kind","value":"client","key":"other"}],"references":[{"spanID":"cc"}],"references":null}],"processes":{"p2":{"serviceName":"one"},"p2":{"serviceName":"two"}},"processes":{"p2":{"serviceName":"three"}}}]}`,
    ],
    [
      'a start time beyond 2^53 (rounded by JSON.parse)',
      `{"data":[{"spans":[{"traceID":"${T}","spanID":"aa","startTime":9007199254740993,"duration":1}]}]}`,
    ],
    [
      'whitespace everywhere and a BOM',
      `\ufeff\n{ "data" : [ { "spans" : [ { "traceID" : "${T}" , "spanID" : "aa" , "references" : [ { "refType" : "CHILD_OF" , "traceID" : "${T}" , "spanID" : "bb" } ] , "tags" : [ { "key" : "span.kind" , "type" : "string" , "value" : "client" } ] , "startTime" : 17 , "processID" : "p1" } ] , "processes" : { "p1" : { "serviceName" : "s" } } } ] }\r\n`,
    ],
    [
      'values without a string form ({"toString": 1}) as name, processID, warning and refType',
      answer(
        span({ operationName: { toString: 1 }, processID: { toString: 1 }, warnings: [{ toString: 1 }] }),
        span({ spanID: 'b1', references: [{ refType: { toString: 1 }, spanID: 'aa' }] }),
      ),
    ],
    ['other top-level keys of the answer', { ...answer(span()), _comment: 'x', errors: [{ msg: 'y' }] }],
    ['no spans at all', { data: [] }],
  ])('%s', (_, value) => {
    expect(takes(value)).toBe(true);
  });
});

describe('documents it leaves to the JSON.parse path', () => {
  it.each([
    ['JSON Lines', `${JSON.stringify(answer(span()))}\n${JSON.stringify(answer(span()))}`],
    ['OTLP JSON', { resourceSpans: [] }],
    ['a top-level key detection reads as another format', { ...answer(span()), resourceSpans: [] }],
    ['a Tempo search answer', { traces: [{ traceID: T }], data: [] }],
    ['data that is null', { data: null, errors: [{ msg: 'boom' }] }],
    ['data and then bare spans', { spans: [span()], data: [] }],
    ['a bare trace without traceID or processes', { spans: [span()] }],
    ['a bare trace whose spans are null', { traceID: T, spans: null }],
    ['a trace that is not an object', { data: [5] }],
    ['spans that are not a list', { data: [{ spans: {} }] }],
    ['a span that is not an object', answer(5)],
    ['a span array starting with null', [null, span()]],
    ['a span array of Zipkin spans', [{ traceId: T, id: 'aa' }]],
    ['a repeated spans key', `{"data":[{"spans":[],"spans":[]}]}`],
    ['an escaped key where keys are read', `{"data":[{"sp\\u0061ns":[]}]}`],
    ['a missing span id', answer(span({ spanID: undefined }))],
    ['an invalid trace id', answer(span({ traceID: 'xyz' }))],
    ['an invalid parent id', answer(span({ parentSpanID: 'xyz!' }))],
    ['a reference that is not an object', answer(span({ references: [5] }))],
    ['references that are not a list', answer(span({ references: {} }))],
    ['a reference without span id', answer(span({ references: [{ traceID: T }] }))],
    ['a reference with a null trace id', answer(span({ references: [{ traceID: null, spanID: 'aa' }] }))],
    ['a start time that is not a time', answer(span({ startTime: 'soon' }))],
    ['a negative start time', answer(span({ startTime: -1 }))],
    ['a duration that is not a time', answer(span({ duration: true }))],
    ['a trailing comma', `{"data":[{"spans":[${JSON.stringify(span())},]}]}`],
    ['a bad literal in tags', `{"data":[{"spans":[{"traceID":"${T}","spanID":"aa","tags":[tru]}]}]}`],
    ['text after the document', `${JSON.stringify(answer(span()))} x`],
  ])('%s', (_, value) => {
    expect(leaves(value)).toBe(true);
  });

  it('never at any cut of a document', () => {
    expectNoCutTaken(read, text(answer(span(), child('00000000000000bb', '00000000000000aa'))));
  });
});

describe('random documents', () => {
  it('random traces encoded as Jaeger JSON: always read, exactly as the JSON.parse path', () => {
    expectRandomTracesRead(read, 'jaeger-json', 150);
  });

  it('random mutations of a real-looking document: agree or leave it, 3000 times', () => {
    const base = text(
      answer(
        span({ logs: [{ timestamp: 1_700_000_000_000_003, fields: [{ key: 'event', value: 'e' }] }] }),
        child('00000000000000bb', '00000000000000aa', {
          tags: [
            { key: 'span.kind', type: 'string', value: 'client' },
            { key: 'error', type: 'bool', value: true },
            { key: 'n', type: 'int64', value: 12 },
          ],
          processID: 'p2',
        }),
        child('00000000000000cc', '00000000000000bb', { warnings: ['w'], operationName: 'q\u00e9' }),
      ),
    );
    const { taken, refused } = mutationRuns(read, base, 3000, 7);
    expect(taken).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });
});

describe('through decodeInput', () => {
  it('says it read Jaeger JSON and hands the sink the same spans', () => {
    const bytes = text(answer(span(), child('00000000000000bb', '00000000000000aa')));
    const sink = new TraceSetBuilder();
    expect(decodeInput(bytes, sink)).toEqual({ format: 'jaeger-json', spanCount: 2 });
    expect(sink.build()[0].format).toBe('jaeger-json');
  });

  it('gives the spans of one library name and version one scope, as the JSON.parse path', () => {
    const lib = (name: string) => [{ key: 'otel.library.name', type: 'string', value: name }];
    const spans = [
      span({ tags: lib('a') }),
      child('00000000000000bb', '00000000000000aa', { tags: lib('a') }),
      child('00000000000000cc', '00000000000000aa', { tags: lib('b') }),
    ];
    const bytePath = new TraceSetBuilder();
    expect(read(text(answer(...spans)), bytePath)).toBe(3);
    const parsePath = new TraceSetBuilder();
    decodeJaegerJson(answer(...spans), parsePath);
    for (const sink of [bytePath, parsePath]) {
      const [t] = sink.build();
      const [a1, a2, b] = [0, 1, 2].map((i) => t.details(i).scope);
      expect(a1).toBe(a2);
      expect(b).not.toBe(a1);
      expect(b).toEqual({ name: 'b', version: '', attributes: [] });
    }
  });
});
