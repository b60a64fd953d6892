/**
 * The store's TraceQL search on a small hand-made data set (search-fixture.ts draws it): every
 * operator family, typed attributes, time range, limit, spss, order, metrics, the answer's span
 * fields, find by query in one trace, autocomplete within a query, the time limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempoSearchResponse } from '../../../../core/api/tempo-search.ts';
import { jsonBody } from '../../../../testing/otlp-requests.ts';
import {
  BASE_S,
  searchFixtureRequest,
  spanIdOf,
  startOf,
  TRACE_NUMBERS,
  traceIdOf,
} from '../../../../testing/search-fixture.ts';
import { DuckStore } from '../../duck-store.ts';
import type { SearchParams } from '../../types.ts';

let store: DuckStore;
beforeAll(async () => {
  store = await DuckStore.open({ memory: true });
  // Oldest last: the answer's order must come from the trace starts, not from arrival.
  for (const k of [...TRACE_NUMBERS].reverse())
    await store.ingestOtlp(jsonBody(searchFixtureRequest(k)), 'json');
});
afterAll(() => store.close());

const search = (q: string, p: Partial<SearchParams> = {}): Promise<TempoSearchResponse> =>
  store.search({ q, limit: 20, spss: 20, ...p });

const numberOf = (traceId: string) => Number.parseInt(traceId.slice(0, 2), 16);

/** The trace numbers found, in the answer's order. */
async function found(q: string, p: Partial<SearchParams> = {}): Promise<number[]> {
  return (await search(q, p)).traces.map((t) => numberOf(t.traceID));
}

/** Per trace found: its matched span numbers (the spans of every span set, each once). */
async function spans(q: string): Promise<Record<number, number[]>> {
  const out: Record<number, number[]> = {};
  for (const t of (await search(q)).traces) {
    const ids = new Set(t.spanSets.flatMap((s) => s.spans.map((span) => span.spanID)));
    out[numberOf(t.traceID)] = [...ids].map((id) => Number.parseInt(id.slice(-3), 16)).sort((a, b) => a - b);
  }
  return out;
}

describe('TraceQL search in the store', () => {
  it('spanset filters: intrinsics, typed attributes (span, resource, unscoped), regexes, nil', async () => {
    expect(await spans('{ resource.service.name = "cart" }')).toEqual({ 4: [2], 1: [2, 3] });
    expect(await found('{ span.http.status_code >= 400 }')).toEqual([4, 2]);
    // A string never equals an int.
    expect(await found('{ span.http.status_code = "500" }')).toEqual([]);
    expect(await found('{ .http.method = "GET" }')).toEqual([4, 1]);
    expect(await found('{ name =~ "GET .*" }')).toEqual([6, 4, 1]);
    expect(await spans('{ name !~ "GET .*" && kind = server }')).toEqual({ 4: [2], 2: [1, 2], 1: [2] });
    expect(await spans('{ span.retry = nil && resource.service.name = "payment" }')).toEqual({ 2: [3] });
    expect(await found('{ status = error }')).toEqual([4, 2]);
    expect(await found('{ kind = consumer }')).toEqual([5]);
    expect(await spans('{ duration > 1s }')).toEqual({ 2: [1, 2] });
    expect(await found('{ duration > 1 * 1000 * 1000 * 1000 }')).toEqual([2]);
    expect(await spans('{ span.amount > 12 }')).toEqual({ 2: [3, 4] });
    expect(await found(`{ span:id = "${spanIdOf(1, 2)}" }`)).toEqual([1]);
    expect(await found(`{ trace:id = "${traceIdOf(3)}" }`)).toEqual([3]);
  });

  it('ids compared as stored numbers answer as the texts do (= and != as =~ and !~; odd literals never equal)', async () => {
    for (const [field, id] of [
      ['span:id', spanIdOf(1, 2)],
      ['span:parentID', spanIdOf(2, 1)],
      ['trace:id', traceIdOf(3)],
    ]) {
      expect(await spans(`{ ${field} = "${id}" }`)).toEqual(await spans(`{ ${field} =~ "${id}" }`));
      expect(await spans(`{ ${field} != "${id}" }`)).toEqual(await spans(`{ ${field} !~ "${id}" }`));
      expect(await spans(`{ ${field} = "${id}" }`)).not.toEqual({});
      if (/[a-f]/.test(id)) expect(await spans(`{ ${field} = "${id.toUpperCase()}" }`)).toEqual({});
      expect(await spans(`{ ${field} = "${id.slice(1)}" }`)).toEqual({});
    }
    expect(await spans('{ span:parentID = "0000000000000000" }')).toEqual({});
  });

  it('arrays match by any element (!= by none); booleans and ! on them', async () => {
    expect(await found('{ span.tags = "a" }')).toEqual([2]);
    expect(await found('{ span.tags != "a" }')).toEqual([]);
    expect(await found('{ span.tags != "c" }')).toEqual([2]);
    expect(await spans('{ span.flag = true }')).toEqual({ 3: [2] });
    expect(await spans('{ !span.flag }')).toEqual({ 3: [3] });
  });

  it('an unscoped attribute is the span’s, else its resource’s', async () => {
    expect(await spans('{ .env = "prod" }')).toEqual({ 6: [2] });
    expect(await spans('{ .env = "staging" }')).toEqual({ 6: [1] });
    expect(await spans('{ resource.env = "prod" }')).toEqual({ 6: [1, 2] });
  });

  it('trace-level intrinsics hold on every span of the trace', async () => {
    expect(await spans('{ trace:duration > 1s }')).toEqual({ 2: [1, 2, 3, 4] });
    expect(await spans('{ trace:rootService = "accounting" }')).toEqual({ 3: [1, 2, 3] });
    expect(await found('{ rootName = "GET /cart" }')).toEqual([4, 1]);
  });

  it('&& and || between spansets', async () => {
    expect(await spans('{ resource.service.name = "payment" } && { span.http.method = "POST" }')).toEqual({
      2: [1, 3, 4],
    });
    expect(await found('{ kind = consumer } || { span.flag = true }')).toEqual([5, 3]);
  });

  it('structural operators', async () => {
    expect(await spans('{ resource.service.name = "frontend" } >> { status = error }')).toEqual({
      4: [2],
      2: [2, 3],
    });
    expect(await spans('{ name = "PlaceOrder" } > { kind = client }')).toEqual({ 2: [3, 4] });
    expect(await spans('{ name = "Charge" } ~ { name = "Charge" }')).toEqual({ 2: [3, 4] });
    // Leaves among the cart spans.
    expect(await spans('{ } !< { resource.service.name = "cart" }')).toEqual({ 4: [2], 1: [3] });
    expect(await spans('{ name = "GetCart" } &>> { }')).toEqual({ 1: [2, 3] });
  });

  it('pipelines: aggregates, by(), select() and their values in the answer', async () => {
    expect(await found('{ } | count() > 3')).toEqual([2]);
    // Answered by SQL (count() and durations): the aggregates' values as the evaluator gives them.
    expect(
      (await search('{ } | count() > 3 | max(duration) >= 2s')).traces[0].spanSets[0].attributes,
    ).toEqual([
      { key: 'count()', value: { intValue: '4' } },
      { key: 'max(duration)', value: { stringValue: '2s' } },
    ]);
    expect(await found('{ resource.service.name = "frontend" } | count() = 1')).toEqual([4, 2, 1]);
    expect(await found('max(duration) > 1s')).toEqual([2]);
    const byService = await search('{ } | by(resource.service.name) | count() > 1');
    expect(byService.traces.map((t) => numberOf(t.traceID))).toEqual([6, 3, 2, 1]);
    const t2 = byService.traces.find((t) => numberOf(t.traceID) === 2)!;
    expect(t2.spanSets).toHaveLength(1);
    expect(t2.spanSets[0].attributes).toEqual([
      { key: 'by(resource.service.name)', value: { stringValue: 'payment' } },
      { key: 'count()', value: { intValue: '2' } },
    ]);
    const selected = await search('{ status = error } | select(span.http.status_code, span:duration)');
    const root = selected.traces[1].spanSets[0].spans[0];
    expect(root).toEqual({
      spanID: spanIdOf(2, 1),
      name: 'POST /checkout',
      startTimeUnixNano: String(startOf(2)),
      durationNanos: '2000000000',
      attributes: [
        { key: 'span.http.status_code', value: { intValue: '500' } },
        { key: 'span:duration', value: { stringValue: '2s' } },
        { key: 'status', value: { stringValue: 'error' } },
      ],
    });
  });

  it('answers with Tempo’s trace fields, spans earliest first up to spss, matched counting them all', async () => {
    const answer = await search('{ resource.service.name = "payment" }', { spss: 1 });
    expect(answer.traces).toEqual([
      {
        traceID: traceIdOf(2),
        rootServiceName: 'frontend',
        rootTraceName: 'POST /checkout',
        startTimeUnixNano: String(startOf(2)),
        durationMs: 2000,
        serviceStats: {
          checkout: { spanCount: 1, errorCount: 1 },
          frontend: { spanCount: 1, errorCount: 1 },
          payment: { spanCount: 2, errorCount: 1 },
        },
        spanSets: [
          {
            matched: 2,
            spans: [
              {
                spanID: spanIdOf(2, 3),
                name: 'Charge',
                startTimeUnixNano: String(startOf(2) + 10_000_000n),
                durationNanos: '900000000',
                attributes: [{ key: 'status', value: { stringValue: 'error' } }],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('filters on the trace start (seconds, both ends inclusive), keeps the newest up to limit', async () => {
    expect(await found('{ resource.service.name = "frontend" }')).toEqual([6, 4, 2, 1]);
    expect(
      await found('{ resource.service.name = "frontend" }', { startS: BASE_S + 20, endS: BASE_S + 40 }),
    ).toEqual([4, 2]);
    expect(await found('{ kind = server }', { limit: 2 })).toEqual([6, 4]);
    expect(await found('{ kind = server }', { startS: BASE_S + 61 })).toEqual([]);
    // Seconds up to 2^53 are nanoseconds far past int64.
    const far = { startS: Number.MAX_SAFE_INTEGER, endS: Number.MAX_SAFE_INTEGER };
    expect(await found('{ kind = server }', far)).toEqual([]);
    expect((await store.search({ limit: 5, spss: 3, ...far })).traces).toEqual([]);
  });

  it('reports what it read: traces and spans scanned, attribute bytes, jobs done and planned', async () => {
    const byService = await search('{ resource.service.name = "cart" }');
    expect(byService.metrics).toEqual({
      inspectedTraces: 6,
      inspectedSpans: '15',
      inspectedBytes: '0',
      completedJobs: 1,
      totalJobs: 1,
    });
    const byAttribute = await search('{ span.http.method = "GET" }');
    expect(Number(byAttribute.metrics.inspectedBytes)).toBeGreaterThan(100);
    // A trace with fewer rows than count() asks for is not read at all.
    expect((await search('{ } | count() > 3')).metrics).toMatchObject({
      inspectedTraces: 1,
      inspectedSpans: '4',
    });
    const evaluated = await search('{ } >> { span.amount > 0 }');
    expect(evaluated.metrics.inspectedSpans).toBe('15');
    expect(Number(evaluated.metrics.inspectedBytes)).toBeGreaterThan(100);
  });

  it('gives up past its time limit with a SearchTimeoutError', async () => {
    await expect(search('{ status = error }', { timeoutMs: 0 })).rejects.toMatchObject({
      name: 'SearchTimeoutError',
      message: expect.stringMatching(/took longer than 0 s \(--search-timeout\)/),
    });
  });
});

describe('find by query in one trace', () => {
  const keys = async (k: number, q: string) => {
    const m = await store.findByQuery(traceIdOf(k), q);
    return m && [...m.offsets];
  };

  it('gives the store keys of the spans the span sets hold, from SQL or the evaluator', async () => {
    expect(await keys(2, '{ status = error }')).toEqual([0, 1, 2]);
    expect(await keys(2, '{ name = "PlaceOrder" } > { }')).toEqual([2, 3]);
    expect(await keys(2, '{ .nothing = "here" } || { kind = client }')).toEqual([2, 3]);
    expect(await keys(2, '{ kind = producer }')).toEqual([]);
    // Pipelines of count() and durations, from SQL: the spanset's spans when the aggregates keep it.
    expect(await keys(2, '{ status = error } | count() = 3')).toEqual([0, 1, 2]);
    expect(await keys(2, '{ status = error } | count() > 3')).toEqual([]);
    expect(await keys(2, 'max(duration) >= 2s')).toEqual([0, 1, 2, 3]);
    expect(await store.findByQuery('ffffffffffffffffffffffffffffffff', '{ }')).toBeNull();
    await expect(store.findByQuery(traceIdOf(2), '{ kind = }')).rejects.toThrow(/^1:10/);
  });
});

describe('autocomplete within a query', () => {
  it('offers the keys of the spans the filter being typed matches', async () => {
    const { scopes } = await store.tags('span', '{ resource.service.name = "payment" && span.');
    expect(scopes).toEqual([{ name: 'span', tags: ['amount', 'retry'] }]);
    const all = await store.tags(undefined, '{ resource.service.name = "accounting" }');
    expect(all.scopes.find((s) => s.name === 'span')?.tags).toEqual(['flag']);
    expect(all.scopes.find((s) => s.name === 'resource')?.tags).toEqual(['service.name']);
  });

  it('offers the values of those spans, typed; keywords for status and kind', async () => {
    expect(await store.tagValues('span.http.method', '{ status = error && span.http.method = ')).toEqual({
      tagValues: [{ type: 'string', value: 'POST' }],
    });
    expect((await store.tagValues('name', '{ resource.service.name = "cart" }')).tagValues).toEqual([
      { type: 'string', value: 'GetCart' },
      { type: 'string', value: 'SELECT' },
    ]);
    expect((await store.tagValues('status', '{ resource.service.name = "cart" }')).tagValues).toEqual([
      { type: 'keyword', value: 'error' },
      { type: 'keyword', value: 'unset' },
    ]);
    expect((await store.tagValues('.cart.items', '{ kind = server && ')).tagValues).toEqual([
      { type: 'int', value: '0' },
      { type: 'int', value: '3' },
    ]);
    expect((await store.tagValues('span.tags', '{ }')).tagValues).toEqual([
      { type: 'string', value: 'a' },
      { type: 'string', value: 'b' },
    ]);
  });

  it('answers from the catalog when nothing of the query parses or nothing matches', async () => {
    const catalog = await store.tagValues('resource.service.name');
    expect(await store.tagValues('resource.service.name', 'span.')).toEqual(catalog);
    expect(await store.tagValues('resource.service.name', '{ name = "nope" }')).toEqual(catalog);
    expect(await store.tagValues('resource.service.name', '{ && ')).toEqual(catalog);
  });
});

describe('the spans of a span set SQL answers', () => {
  it('come earliest first, then by span id, spans without a start last, up to spss', async () => {
    const one = await DuckStore.open({ memory: true });
    try {
      const s = (n: number) => String((BigInt(BASE_S) + BigInt(n)) * 1_000_000_000n);
      const span = (spanId: string, start: number | null) => ({
        traceId: 'c'.repeat(32),
        spanId,
        name: 'op',
        ...(start === null ? {} : { startTimeUnixNano: s(start), endTimeUnixNano: s(start + 1) }),
      });
      const spans = [
        span('4'.repeat(16), null),
        span('3'.repeat(16), 2),
        span('2'.repeat(16), 1),
        span('1'.repeat(16), 2),
      ];
      await one.ingestOtlp(jsonBody({ resourceSpans: [{ scopeSpans: [{ spans }] }] }), 'json');
      for (const [spss, want] of [
        [2, ['2', '1']],
        [3, ['2', '1', '3']],
        [9, ['2', '1', '3', '4']],
      ] as const) {
        const answer = await one.search({ q: '{ name = "op" } | count() = 4', limit: 20, spss });
        expect(answer.traces[0].spanSets[0].spans.map((x) => x.spanID[0])).toEqual(want);
      }
    } finally {
      await one.close();
    }
  });
});

describe('span start times in answers', () => {
  it('are the stored nanoseconds from the evaluator as from SQL, even across years', async () => {
    const one = await DuckStore.open({ memory: true });
    try {
      // A trace whose spans lie ~5 years apart: offsets past 2^53 ns are not exact as doubles.
      const starts = ['1485449191639875001', '1658325672496201219', '1658325672496201223'];
      const spans = starts.map((start, i) => ({
        traceId: 'd'.repeat(32),
        spanId: String(i + 1).repeat(16),
        ...(i > 0 ? { parentSpanId: '1'.repeat(16) } : {}),
        name: `op${i}`,
        startTimeUnixNano: start,
        endTimeUnixNano: String(BigInt(start) + 1000n),
      }));
      await one.ingestOtlp(jsonBody({ resourceSpans: [{ scopeSpans: [{ spans }] }] }), 'json');
      const startsOf = async (q: string) =>
        (await one.search({ q, limit: 20, spss: 20 })).traces[0].spanSets.flatMap((set) =>
          set.spans.map((x) => x.startTimeUnixNano),
        );
      // SQL answers the filter; the evaluator the structural query and select().
      expect(await startsOf('{ name =~ "op.*" }')).toEqual(starts);
      expect(await startsOf('{ name = "op0" } > { }')).toEqual(starts.slice(1));
      expect(await startsOf('{ } | select(span.x)')).toEqual(starts);
    } finally {
      await one.close();
    }
  });
});

describe('a search through several pages of traces', () => {
  let many: DuckStore;
  const TRACES = 700;
  const id = (n: number) => `${n.toString(16).padStart(4, '0')}${'7'.repeat(28)}`;
  beforeAll(async () => {
    many = await DuckStore.open({ memory: true });
    // One span per trace, trace n starting n seconds after BASE_S; every 100th fails.
    const spans = Array.from({ length: TRACES }, (_, n) => ({
      traceId: id(n),
      spanId: `${(n + 1).toString(16).padStart(16, '0')}`,
      name: `op ${n}`,
      startTimeUnixNano: String((BigInt(BASE_S) + BigInt(n)) * 1_000_000_000n),
      endTimeUnixNano: String((BigInt(BASE_S) + BigInt(n)) * 1_000_000_000n + 5_000_000n),
      status: n % 100 === 0 ? { code: 2 } : {},
    }));
    await many.ingestOtlp(jsonBody({ resourceSpans: [{ scopeSpans: [{ spans }] }] }), 'json');
  });
  afterAll(() => many.close());

  it('stops at the page where it found `limit` traces, and reads every page when it must', async () => {
    const first = await many.search({ q: '{ status = error }', limit: 2, spss: 3 });
    expect(first.traces.map((t) => t.traceID)).toEqual([id(600), id(500)]);
    // Pages of 256, then 1,024 traces: two plan to cover 700.
    expect(first.metrics).toMatchObject({ inspectedTraces: 256, completedJobs: 1, totalJobs: 2 });
    for (const q of ['{ status = error }', '{ status = error } | count() = 1']) {
      const all = await many.search({ q, limit: 20, spss: 3 });
      expect(
        all.traces.map((t) => t.traceID),
        q,
      ).toEqual([600, 500, 400, 300, 200, 100, 0].map(id));
      expect(all.metrics, q).toMatchObject({
        inspectedTraces: 700,
        inspectedSpans: '700',
        completedJobs: 2,
        totalJobs: 2,
      });
    }
    // A trace starting at the last nanosecond of uint64 is the newest; pages still follow it.
    await many.ingestOtlp(
      jsonBody({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: 'f'.repeat(32),
                    spanId: 'f'.repeat(16),
                    name: 'late',
                    startTimeUnixNano: '18446744073709551615',
                    endTimeUnixNano: '18446744073709551615',
                    status: { code: 2 },
                  },
                ],
              },
            ],
          },
        ],
      }),
      'json',
    );
    const late = await many.search({ q: '{ status = error }', limit: 20, spss: 3 });
    expect(late.traces.map((t) => t.traceID)).toEqual([
      'f'.repeat(32),
      ...[600, 500, 400, 300, 200, 100, 0].map(id),
    ]);
    const range = await many.search({
      q: '{ status = error }',
      limit: 20,
      spss: 3,
      startS: BASE_S + 150,
      endS: BASE_S + 450,
    });
    expect(range.traces.map((t) => t.traceID)).toEqual([400, 300, 200].map(id));
    expect(range.metrics).toMatchObject({ inspectedTraces: 301, completedJobs: 2, totalJobs: 2 });
  });
});
