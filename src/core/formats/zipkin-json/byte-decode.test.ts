/**
 * The Zipkin byte reader against the JSON.parse path it stands in for: on every real fixture, on
 * hand-made documents that probe each rule (shapes, kinds, status tags, shared halves, endpoints,
 * times, annotations, escapes, repeated keys, Zipkin v1, invalid JSON anywhere), on random traces
 * encoded as Zipkin JSON and on thousands of random mutations. Either it gives up (and decodeInput
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
import { listFixtures } from '../../../testing/fixtures.ts';
import { TraceSetBuilder } from '../../model/span-table.ts';
import { decodeInput } from '../index.ts';
import { utf8Encode } from '../text.ts';
import { decodeZipkinJsonBytes } from './byte-decode.ts';
import { decodeZipkinJson } from './decode.ts';

const read = decodeZipkinJsonBytes;
const text = (value: unknown) => utf8Encode(typeof value === 'string' ? value : JSON.stringify(value));
const takes = (value: unknown) => agree(read, text(value));
const leaves = (value: unknown) => fastPath(read, text(value)) === null;

const T = '4d1e00c0db9010db86154a4ba6e91385';
const zspan = (extra: Record<string, unknown> = {}) => ({
  traceId: T,
  parentId: '00000000000000a0',
  id: '4d1e00c0db9010db',
  kind: 'SERVER',
  name: 'get',
  timestamp: 1_700_000_000_000_001,
  duration: 5,
  localEndpoint: { serviceName: 'svc', ipv4: '10.0.0.1' },
  tags: { 'http.method': 'GET' },
  ...extra,
});

describeOnFixtures(
  read,
  listFixtures().filter(
    (f) =>
      f.startsWith('zipkin-v2-json/') &&
      !f.endsWith('zipkin-bench-zipkin2-client.json') && // one span object
      !f.endsWith('zipkin-lens-test-v1-format.json'), // Zipkin v1: refused
  ),
);

describe('documents it reads exactly', () => {
  it.each([
    ['an array of spans', [zspan(), zspan({ id: 'b1', parentId: '4d1e00c0db9010db', kind: 'CLIENT' })]],
    ['an array of traces', [[zspan()], [], [zspan({ traceId: '01', id: 'b1' })], zspan({ id: 'b2' })]],
    ['no spans', []],
    ['no traces', [[], []]],
    [
      'kinds in every form',
      [
        zspan({ kind: 'client' }),
        zspan({ id: 'b1', kind: 'Producer' }),
        zspan({ id: 'b2', kind: 'SIDEWAYS' }),
        zspan({ id: 'b3', kind: undefined }),
        zspan({ id: 'b4', kind: null }),
        zspan({ id: 'b5', kind: 5 }),
        zspan({ id: 'b6', kind: 'ſerver' }),
        zspan({ id: 'b7', kind: 'SERV\u0045R' }),
      ],
    ],
    [
      'status tags in every form',
      [
        zspan({ tags: { error: '' } }),
        zspan({ id: 'b1', tags: { error: 'true' } }),
        zspan({ id: 'b2', tags: { error: 'timeout', other: 'x' } }),
        zspan({ id: 'b3', tags: { 'otel.status_code': 'OK' } }),
        zspan({ id: 'b4', tags: { 'otel.status_code': 'ERROR', error: 'boom' } }),
        zspan({ id: 'b5', tags: { 'otel.status_code': 'BROKEN', error: 'x' } }),
        zspan({ id: 'b6', tags: { 'otel.status_code': null } }),
        zspan({ id: 'b7', tags: { 'otel.status_code': 2, 'otel.status_description': 'd' } }),
        zspan({ id: 'b8', tags: { error: null } }),
        zspan({ id: 'b9', tags: null }),
        zspan({ id: 'ba', tags: ['error'] }),
        zspan({ id: 'bb', tags: { n: 5, o: { a: 1 }, l: [1] } }),
      ],
    ],
    [
      'shared halves and endpoints',
      [
        zspan({ kind: 'CLIENT' }),
        zspan({ shared: true }),
        zspan({ id: 'b1', shared: false, debug: true, remoteEndpoint: { serviceName: 'db', port: 5432 } }),
        zspan({ id: 'b2', shared: 'true' }),
        zspan({ id: 'b3', localEndpoint: undefined }),
        zspan({ id: 'b4', localEndpoint: { ipv4: '1.2.3.4' } }),
        zspan({ id: 'b5', localEndpoint: { serviceName: null } }),
        zspan({ id: 'b6', localEndpoint: { serviceName: 7 } }),
        zspan({ id: 'b7', localEndpoint: 'svc' }),
        zspan({ id: 'b8', localEndpoint: { serviceName: 'café' } }),
      ],
    ],
    [
      'times: numbers, strings, absent, zero, negative, fractions',
      [
        zspan({ timestamp: '1700000000000001', duration: '5' }),
        zspan({ id: 'b1', timestamp: undefined, duration: undefined }),
        zspan({ id: 'b2', timestamp: 0 }),
        zspan({ id: 'b3', duration: -3 }),
        zspan({ id: 'b4', timestamp: 1_700_000_000_000_001.5, duration: 0.5 }),
        zspan({ id: 'b5', duration: null }),
        zspan({ id: 'b6', timestamp: 1, duration: 10 }),
      ],
    ],
    [
      'annotations',
      [
        zspan({ annotations: [{ timestamp: 1_700_000_000_000_002, value: 'sr' }, { value: 'no time' }] }),
        zspan({ id: 'b1', annotations: [5, null, { timestamp: 'bad', value: 1 }] }),
        zspan({ id: 'b2', annotations: null }),
        zspan({ id: 'b3', annotations: { timestamp: 1 } }),
        zspan({ id: 'b4', timestamp: undefined, annotations: [{ timestamp: 0 }] }),
      ],
    ],
    [
      'names and ids in every form',
      [
        zspan({ name: undefined, traceId: T.toUpperCase() }),
        zspan({ id: 'b1', name: null, parentId: '0000000000000000' }),
        zspan({ id: 'b2', name: 5, parentId: '' }),
        zspan({ id: 'b3', name: { a: 1 }, parentId: null }),
        zspan({ id: 'b4', name: 'café ☕ "q"\n', traceId: 'd36b55b9ce49281b' }),
        zspan({ id: 'AAAAAAAAAAE=', traceId: '2' }),
      ],
    ],
    [
      'escaped tag keys and values',
      `[{"traceId":"${T}","id":"aa","tags":{"err\\u006fr":"x","a\\"b":"c","otel.status_code":"O\\u004b"},"localEndpoint":{"serviceName":"s\\u0076c"}}]`,
    ],
    [
      'keys repeated (the last one wins)',
      `[{"traceId":"${T}","id":"aa","id":"bb","kind":"CLIENT","kind":"SERVER","tags":{"error":"x"},"tags":{},"shared":true,"shared":false,"localEndpoint":{"serviceName":"a","serviceName":"b"}}]`,
    ],
    [
      'whitespace everywhere and a BOM',
      `\ufeff [ { "traceId" : "${T}" , "id" : "aa" , "kind" : "CLIENT" , "tags" : { "error" : "" } , "localEndpoint" : { "serviceName" : "s" } , "timestamp" : 17 } ]\n`,
    ],
  ])('%s', (_, value) => {
    expect(takes(value)).toBe(true);
  });
});

describe('documents it leaves to the JSON.parse path', () => {
  it.each([
    ['one span object', zspan()],
    ['JSON Lines', `${JSON.stringify([zspan()])}\n${JSON.stringify([zspan()])}`],
    ['an array of Jaeger spans', [{ traceID: T, spanID: 'aa' }]],
    ['an array whose first span has Jaeger keys too', [zspan({ spanID: 'aa' })]],
    ['an array whose first span has no id', [{ traceId: T }, zspan()]],
    ['an array starting with null', [null, zspan()]],
    ['a span that is not an object', [zspan(), 5]],
    ['a list in a list of traces', [[zspan(), [zspan()]]]],
    ['Zipkin v1 binary annotations', [zspan({ binaryAnnotations: [] })]],
    [
      'Zipkin v1 annotation endpoints',
      [zspan({ annotations: [{ timestamp: 1, value: 'sr', endpoint: {} }] })],
    ],
    ['a missing span id', [zspan({ id: undefined })]],
    ['an invalid parent id', [zspan({ parentId: 'xyz!' })]],
    ['a timestamp that is not a time', [zspan({ timestamp: 'soon' })]],
    ['a duration that is not a time', [zspan({ duration: {} })]],
    ['an escaped span key', `[{"traceId":"${T}","i\\u0064":"aa"}]`],
    ['an escaped endpoint key', `[{"traceId":"${T}","id":"aa","localEndpoint":{"service\\u004eame":"x"}}]`],
    ['a trailing comma', `[${JSON.stringify(zspan())},]`],
    ['a bad literal in tags', `[{"traceId":"${T}","id":"aa","tags":{"a":nul}}]`],
    ['text after the document', `${JSON.stringify([zspan()])} x`],
  ])('%s', (_, value) => {
    expect(leaves(value)).toBe(true);
  });

  it('never at any cut of a document', () => {
    expectNoCutTaken(read, text([zspan(), zspan({ id: 'b1', annotations: [{ timestamp: 5, value: 'a' }] })]));
  });
});

describe('random documents', () => {
  it('random traces encoded as Zipkin JSON: always read, exactly as the JSON.parse path', () => {
    expectRandomTracesRead(read, 'zipkin-json', 150);
  });

  it('random mutations of a real-looking document: agree or leave it, 3000 times', () => {
    const base = text([
      zspan({ annotations: [{ timestamp: 1_700_000_000_000_003, value: 'e' }] }),
      zspan({ id: 'b1', kind: 'CLIENT', tags: { error: 'boom', n: '1' }, shared: true }),
      [zspan({ id: 'b2', name: 'q\u00e9', tags: { 'otel.status_code': 'OK' } })],
    ]);
    const { taken, refused } = mutationRuns(read, base, 3000, 11);
    expect(taken).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });
});

describe('through decodeInput', () => {
  it('says it read Zipkin JSON and hands the sink the same spans', () => {
    const sink = new TraceSetBuilder();
    expect(decodeInput(text([zspan(), zspan({ id: 'b1' })]), sink)).toEqual({
      format: 'zipkin-json',
      spanCount: 2,
    });
    expect(sink.build()[0].format).toBe('zipkin-json');
  });

  it('gives the spans of one service one resource, and every span one scope, as the JSON.parse path', () => {
    const spans = [
      zspan({ localEndpoint: { serviceName: 'a' } }),
      zspan({ id: 'b1', localEndpoint: { serviceName: 'a', ipv4: '10.0.0.1' } }),
      zspan({ id: 'b2', localEndpoint: { serviceName: 'b' } }),
    ];
    const bytePath = new TraceSetBuilder();
    expect(read(text(spans), bytePath)).toBe(3);
    const parsePath = new TraceSetBuilder();
    decodeZipkinJson(spans, parsePath);
    for (const sink of [bytePath, parsePath]) {
      const [t] = sink.build();
      const [a1, a2, b] = [0, 1, 2].map((i) => t.details(i));
      expect(a1.resource).toBe(a2.resource);
      expect(b.resource).not.toBe(a1.resource);
      expect(b.resource.attributes).toEqual([{ key: 'service.name', value: { type: 'string', value: 'b' } }]);
      expect(a1.scope).toBe(b.scope);
      expect(a2.zipkin).toEqual({ localEndpoint: { ipv4: '10.0.0.1' } });
    }
  });
});
