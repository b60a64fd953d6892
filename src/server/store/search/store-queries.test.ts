import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempoSearchResponse } from '../../../core/api/tempo-search.ts';
import { fullFidelityRequest, jsonBody } from '../../../testing/otlp-requests.ts';
import { DuckStore } from '../duck-store.ts';

const S = 1_000_000_000n;
/** Trace k starts at second 1_700_000_000 + 10·k (newest is the highest k). */
const startOf = (k: number) => (1_700_000_000n + 10n * BigInt(k)) * S + 123n;
const traceIdOf = (k: number) => `c${k.toString(16).padStart(31, '0')}`;

function traceRequest(k: number) {
  const t = traceIdOf(k);
  const start = startOf(k);
  const at = (ms: number) => String(start + BigInt(ms) * 1_000_000n);
  const root = {
    traceId: t,
    spanId: 'a000000000000001',
    name: `root ${k}`,
    kind: 2,
    startTimeUnixNano: at(0),
    endTimeUnixNano: at(1500),
  };
  const child = {
    traceId: t,
    spanId: 'a000000000000002',
    parentSpanId: 'a000000000000001',
    name: 'child',
    startTimeUnixNano: at(100),
    endTimeUnixNano: at(2750),
    status: k % 3 === 0 ? { code: 2 } : {},
  };
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'front' } }] },
        scopeSpans: [{ spans: [root] }],
      },
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'back' } }] },
        scopeSpans: [{ spans: [child] }],
      },
    ],
  };
}

let store: DuckStore;
beforeAll(async () => {
  store = await DuckStore.open({
    memory: true,
    tagLimits: { maxKeysPerScope: 50, maxValuesPerKey: 5, maxValueChars: 40 },
  });
  // Shuffled arrival order: the listing must sort by trace start, not by arrival.
  const order = Array.from({ length: 30 }, (_, k) => (k * 7) % 30);
  for (const k of order) await store.ingestOtlp(jsonBody(traceRequest(k)), 'json');
  await store.ingestOtlp(jsonBody(fullFidelityRequest()), 'json');
});
afterAll(() => store.close());

const search = (p: Partial<Parameters<DuckStore['search']>[0]>) =>
  store.search({ limit: 20, spss: 3, ...p }) as Promise<TempoSearchResponse>;

describe('search without a query (recent traces)', () => {
  it('lists the newest traces first with Tempo’s fields', async () => {
    const { traces, metrics } = await search({ startS: 1_699_999_000, endS: 1_700_000_300 });
    expect(traces).toHaveLength(20);
    expect(traces.map((t) => t.traceID)).toEqual(Array.from({ length: 20 }, (_, i) => traceIdOf(29 - i)));
    expect(traces[0]).toEqual({
      traceID: traceIdOf(29),
      rootServiceName: 'front',
      rootTraceName: 'root 29',
      startTimeUnixNano: String(startOf(29)),
      durationMs: 2750,
      spanSets: [],
      serviceStats: { back: { spanCount: 1 }, front: { spanCount: 1 } },
    });
    expect(traces.find((t) => t.traceID === traceIdOf(27))?.serviceStats.back).toEqual({
      spanCount: 1,
      errorCount: 1,
    });
    expect(metrics.inspectedTraces).toBe(20);
  });

  it('filters on trace start with start and end in unix seconds, both inclusive', async () => {
    const ids = async (startS?: number, endS?: number) =>
      (await search({ startS, endS, limit: 1000 })).traces.map((t) => t.traceID);
    expect(await ids(1_700_000_050, 1_700_000_070)).toEqual([traceIdOf(7), traceIdOf(6), traceIdOf(5)]);
    expect(await ids(1_700_000_285)).toEqual([traceIdOf(29)]);
    // The full-fidelity trace starts at 1_700_000_000.123…, trace 0 at 1_700_000_000.000…
    expect(await ids(undefined, 1_700_000_000)).toEqual(['0af7651916cd43dd8448eb211c80319c', traceIdOf(0)]);
    expect(await ids(undefined, 1_699_999_999)).toEqual([]);
    expect(await ids(1_800_000_000)).toEqual([]);
  });

  it('bounds the limit: default 20, at most 1000, nonsense means the default', async () => {
    expect((await search({ limit: 3 })).traces).toHaveLength(3);
    expect((await search({ limit: Number.NaN })).traces).toHaveLength(20);
    expect((await search({ limit: 0 })).traces).toHaveLength(20);
    expect((await search({ limit: 5000 })).traces).toHaveLength(31);
  });

  it('answers {} as the listing; refuses a query that does not compile with its position', async () => {
    await expect(search({ q: '{ status = }' })).rejects.toThrow(/^1:12: expected a value/);
    const listing = await search({ q: '{ }', limit: 2 });
    expect(listing.traces).toHaveLength(2);
    expect(listing.traces[0].spanSets).toEqual([]);
  });
});

describe('tags and tag values', () => {
  it('lists attribute keys per scope, and the intrinsics', async () => {
    const { scopes } = (await store.tags()) as { scopes: { name: string; tags: string[] }[] };
    const byName = Object.fromEntries(scopes.map((s) => [s.name, s.tags]));
    expect(byName.resource).toEqual(['host.cores', 'k8s.labels', 'service.name']);
    expect(byName.span).toContain('http.status_code');
    expect(byName.event).toEqual(['exception.message']);
    expect(byName.link).toEqual(['link.kind']);
    expect(byName.intrinsic).toEqual(
      expect.arrayContaining(['name', 'status', 'kind', 'span:duration', 'trace:rootService']),
    );
    expect(await store.tags('resource')).toEqual({ scopes: [{ name: 'resource', tags: byName.resource }] });
    expect(await store.tags('link')).toEqual({ scopes: [{ name: 'link', tags: ['link.kind'] }] });
    await expect(store.tags('nonsense')).rejects.toThrow(/unknown tag scope/);
  });

  it('gives values of any TraceQL identifier, typed', async () => {
    const values = async (tag: string) =>
      ((await store.tagValues(tag)) as { tagValues: unknown[] }).tagValues;
    expect(await values('resource.service.name')).toEqual(
      ['back', 'checkout', 'front', 'payments'].map((value) => ({ type: 'string', value })),
    );
    expect(await values('span.http.status_code')).toEqual([{ type: 'int', value: '500' }]);
    expect(await values('.http.status_code')).toEqual([{ type: 'int', value: '500' }]);
    expect(await values('.service.name')).toHaveLength(4);
    expect(await values('span.list')).toEqual([
      { type: 'int', value: '7' },
      { type: 'string', value: 'a' },
    ]);
    expect(await values('span."quote\\"key\\\\"')).toHaveLength(1);
    expect(await values('status')).toEqual([
      { type: 'keyword', value: 'error' },
      { type: 'keyword', value: 'ok' },
      { type: 'keyword', value: 'unset' },
    ]);
    expect(await values('span:kind')).toEqual(await values('kind'));
    expect(await values('trace:rootService')).toEqual(
      ['checkout', 'front'].map((value) => ({ type: 'string', value })),
    );
    expect(await values('event:name')).toEqual([{ type: 'string', value: 'exception' }]);
    expect(await values('instrumentation:name')).toEqual(
      ['grpc', 'io.opentelemetry.http'].map((value) => ({ type: 'string', value })),
    );
    expect(await values('span.nope')).toEqual([]);
    expect(await values('bogus')).toEqual([]);
    expect(await values('.')).toEqual([]);
  });

  it('keeps at most so many values per key', async () => {
    const names = ((await store.tagValues('name')) as { tagValues: unknown[] }).tagValues;
    expect(names).toHaveLength(5);
  });
});
