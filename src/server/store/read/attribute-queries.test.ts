/**
 * TraceStore.attributeValues and attributeKeys against the viewer's own JS (core/analysis
 * attribute-values.ts) over the stored details: on hand-made spans with every kind of value and
 * awkward keys, and on every key of every real fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeKeys, GROUP_VALUE_MAX_CHARS, rowValues } from '../../../core/analysis/attribute-values.ts';
import type { SpanTable } from '../../../core/model/span-table.ts';
import { decodeColumnarTrace } from '../../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../../core/transfer/detail-batch.ts';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { importBytes } from '../../../testing/import-bytes.ts';
import { jsonBody } from '../../../testing/otlp-requests.ts';
import { DuckStore } from '../duck-store.ts';
import { MAX_SEARCH_CHARS } from '../schema/search-attrs.ts';
import { jsonPointer } from './attribute-queries.ts';

let store: DuckStore;
beforeAll(async () => {
  store = await DuckStore.open({ memory: true });
});
afterAll(() => store.close());

/** The stored trace with its details (fetched as the viewer fetches them) and each span's key. */
async function stored(traceId: string): Promise<{ table: SpanTable; keys: bigint[] }> {
  const { table, deferred } = decodeColumnarTrace((await store.getTrace(traceId, 'columnar-deferred'))!);
  const d = deferred!;
  d.fill(
    0,
    decodeDetailBatch((await store.getSpanDetails(traceId, d.keyOf(0), d.keyOf(d.count - 1)))!, d.count),
  );
  return { table, keys: Array.from({ length: d.count }, (_, i) => d.keyOf(i)) };
}

/** "key=value" of every span with a value, by the store. */
async function storeValues(traceId: string, key: string): Promise<string[]> {
  const v = await store.attributeValues(traceId, key);
  if (!v) throw new Error(`trace ${traceId} unknown`);
  expect([...v.values].sort(), 'values are sorted').toEqual(v.values);
  expect(new Set(v.values).size).toBe(v.values.length);
  for (let i = 1; i < v.offsets.length; i++) expect(v.offsets[i]).toBeGreaterThan(v.offsets[i - 1]);
  return Array.from(v.offsets, (o, i) => `${v.keyBase + BigInt(o)}=${v.values[v.codes[i]]}`);
}

/** The same by the viewer's JS over the stored details. */
async function jsValues(traceId: string, key: string): Promise<string[]> {
  const { table, keys } = await stored(traceId);
  const { codes, values } = rowValues(table, key);
  return keys.flatMap((k, i) => (codes[i] < 0 ? [] : [`${k}=${values[codes[i]]}`]));
}

const TRACE = 'a77a77a77a77a77a77a77a77a77a77a7';
const OTHER = 'b88b88b88b88b88b88b88b88b88b88b8';

function span(traceId: string, n: number, attributes: unknown[]) {
  return {
    traceId,
    spanId: `00000000000000${String(n).padStart(2, '0')}`,
    name: `op ${n}`,
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n)),
    endTimeUnixNano: '1700000000000000100',
    attributes,
  };
}

const kv = (key: string, value: unknown) => ({ key, value });
const s = (v: string) => ({ stringValue: v });

describe('attributeValues / attributeKeys', () => {
  beforeAll(async () => {
    const pod = kv('k8s.pod.name', s('web-1'));
    const spans = [
      span(TRACE, 1, [kv('db.system', s('postgresql')), kv('v', s('x'.repeat(MAX_SEARCH_CHARS + 10)))]),
      span(TRACE, 2, [
        kv('db.system', s('redis')),
        kv('db', s('not db.system')),
        kv('v', { intValue: '-9007199254740993' }),
      ]),
      span(TRACE, 3, [kv('k8s.pod.name', s('own')), kv('v', { doubleValue: 1e21 }), kv('db.system', {})]),
      span(TRACE, 4, [kv('v', { boolValue: true }), kv('v', s('second'))]),
      span(TRACE, 5, [
        kv('v', { arrayValue: { values: [s('a"b'), { doubleValue: 0.25 }, { intValue: '7' }] } }),
      ]),
      span(TRACE, 6, [kv('v', { kvlistValue: { values: [kv('db.system', s('nested')), kv('n', {})] } })]),
      span(TRACE, 7, [
        kv('v', { bytesValue: 'AQL/' }),
        kv('a/b~c', s('slash')),
        kv('  spaced "key" ü', s('odd')),
      ]),
      span(TRACE, 8, [kv('v', { doubleValue: 'NaN' }), kv('db.system', s('redis'))]),
    ];
    const others = [span(OTHER, 9, [kv('db.system', s('mysql'))])];
    // Two exports so that the other trace's rows sit between this trace's.
    const body = (list: unknown[], attrs: unknown[]) => ({
      resourceSpans: [{ resource: { attributes: attrs }, scopeSpans: [{ scope: {}, spans: list }] }],
    });
    await store.ingestOtlp(jsonBody(body(spans.slice(0, 4), [pod, kv('db.system', s('memcached'))])), 'json');
    await store.ingestOtlp(jsonBody(body(others, [pod])), 'json');
    await store.ingestOtlp(jsonBody(body(spans.slice(4), [pod])), 'json');
  });

  it('takes the span attribute, else the resource one (an empty span value too), as the viewer does', async () => {
    const { keys } = await stored(TRACE);
    const at = (i: number, v: string) => `${keys[i]}=${v}`;
    expect(await storeValues(TRACE, 'db.system')).toEqual([
      at(0, 'postgresql'),
      at(1, 'redis'),
      at(2, 'memcached'),
      at(3, 'memcached'),
      at(7, 'redis'),
    ]);
    expect(await storeValues(TRACE, 'k8s.pod.name')).toEqual(
      keys.map((_, i) => at(i, i === 2 ? 'own' : 'web-1')),
    );
    for (const key of ['db.system', 'k8s.pod.name', 'v', 'db', 'a/b~c', '  spaced "key" ü', 'n', 'nope'])
      expect(await storeValues(TRACE, key), key).toEqual(await jsValues(TRACE, key));
  });

  it('writes every kind of value as the viewer does: cut strings, exact ints, JSON of arrays and maps', async () => {
    const { keys } = await stored(TRACE);
    const values = new Map(
      (await storeValues(TRACE, 'v')).map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect([...values.values()].map((v) => (v.length > 50 ? `${v[0]}×${v.length}` : v))).toEqual([
      `x×${MAX_SEARCH_CHARS}`,
      '-9007199254740993',
      '1e21',
      'true',
      '["a\\"b",0.25,7]',
      '{"db.system":"nested","n":null}',
      'AQL/',
      'NaN',
    ]);
    expect([...values.keys()]).toEqual(keys.map(String));
    expect(GROUP_VALUE_MAX_CHARS, 'the viewer cuts where the store cuts').toBe(MAX_SEARCH_CHARS);
  });

  it('lists the span and resource keys with span counts, most frequent first', async () => {
    expect(await store.attributeKeys(TRACE)).toEqual({
      span: [
        { key: 'v', count: 8 },
        { key: 'db.system', count: 4 },
        { key: '  spaced "key" ü', count: 1 },
        { key: 'a/b~c', count: 1 },
        { key: 'db', count: 1 },
        { key: 'k8s.pod.name', count: 1 },
      ],
      resource: [
        { key: 'k8s.pod.name', count: 8 },
        { key: 'db.system', count: 4 },
      ],
      truncated: false,
    });
    expect(await store.attributeKeys(TRACE)).toEqual(attributeKeys((await stored(TRACE)).table));
  });

  it('answers null for an unknown trace, nothing for a trace without the key', async () => {
    expect(await store.attributeValues('e'.repeat(32), 'x')).toBeNull();
    expect(await store.attributeValues('not an id', 'x')).toBeNull();
    expect(await store.attributeKeys('e'.repeat(32))).toBeNull();
    expect(await store.attributeValues(OTHER, 'nope')).toMatchObject({
      values: [],
      offsets: new Uint32Array(0),
    });
  });

  it('survives hostile keys and values: NUL, 10k distinct values, JSON DuckDB cannot read', async () => {
    const t = 'c99c99c99c99c99c99c99c99c99c99c9';
    const spans = Array.from({ length: 10_000 }, (_, i) =>
      span(t, 0, [kv('id', s(`v${i}`)), kv('nul\u0000', s(i % 2 ? '\u0000' : '\n"\\'))]),
    ).map((sp, i) => ({ ...sp, spanId: (i + 1).toString(16).padStart(16, '0') }));
    // A lone surrogate stays an escape in the search JSON, which DuckDB refuses to parse: that
    // span has no values for the store (the viewer, reading its details, still finds them).
    spans.push({
      ...span(t, 0, [kv('id', s('half \ud800')), kv('nul\u0000', s('x'))]),
      spanId: 'ffff000000000001',
    });
    const body = { resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans }] }] };
    expect(await store.ingestOtlp(jsonBody(body), 'json')).toMatchObject({ ok: true });
    expect(await store.attributeKeys(t)).toEqual({
      span: [
        { key: 'id', count: 10_000 },
        { key: 'nul\u0000', count: 10_000 },
      ],
      resource: [],
      truncated: false,
    });
    for (const key of ['id', 'nul\u0000'])
      expect(await storeValues(t, key), key).toEqual((await jsValues(t, key)).slice(0, 10_000));
    expect((await store.attributeValues(t, 'id'))?.values).toHaveLength(10_000);
  }, 30_000);
});

describe('attributeValues / attributeKeys on every real fixture', () => {
  it('agree with the viewer on every key of every fixture', async () => {
    let checked = 0;
    let spans = 0;
    for (const rel of listFixtures()) {
      let traceIds: string[];
      try {
        traceIds = (await importBytes(store, readFixture(rel))).traceIds;
      } catch {
        continue; // search answers and the like: not traces
      }
      for (const traceId of traceIds.slice(0, 3)) {
        const { table } = await stored(traceId);
        const keys = await store.attributeKeys(traceId);
        expect(keys, `${rel} ${traceId}`).toEqual(attributeKeys(table));
        for (const { key } of [...keys!.span, ...keys!.resource]) {
          const want = await jsValues(traceId, key);
          expect(await storeValues(traceId, key), `${rel} ${key}`).toEqual(want);
          spans += want.length;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(spans).toBeGreaterThan(checked);
  }, 120_000);

  it('addresses keys by JSON Pointer (RFC 6901)', () => {
    expect(jsonPointer('a/b~c.d')).toBe('/a~1b~0c.d');
    expect(jsonPointer('')).toBe('/');
  });
});
