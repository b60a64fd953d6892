import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanTable } from '../../../core/model/span-table.ts';
import { TraceQLError } from '../../../core/query/errors.ts';
import { decodeColumnarTrace } from '../../../core/transfer/decode-columnar.ts';
import { buildTree } from '../../../core/tree/build-tree.ts';
import { fixturesPresent, readFixture } from '../../../testing/fixtures.ts';
import { httpUpstream, type ReplayServer, startReplay } from '../../../testing/replay-upstream.ts';
import { comparableSpans, tablesOfFile } from '../../../testing/span-compare.ts';
import { summarise } from '../search-answer.ts';
import { type TraceSource, UpstreamError } from '../trace-source.ts';
import { createZipkinSource } from './zipkin-source.ts';

/** Client and server halves sharing an id (DESIGN §2), under a 64-bit trace id. */
const SKEW = 'zipkin-v2-json/zipkin-lens-skew.json';
const SKEW_ID = '00000000000000001e223ff1f80f1c69';
const MESSAGING = 'zipkin-v2-json/zipkin-lens-messaging.json';
const text = (rel: string) => new TextDecoder().decode(readFixture(rel));
const json = (value: unknown) => JSON.stringify(value);
const asked = (replay: ReplayServer, path: string) => replay.requests.filter((u) => u.pathname === path);

function routes() {
  return [
    { path: '/api/v2/trace/1e223ff1f80f1c69', body: readFixture(SKEW) },
    { path: /^\/api\/v2\/trace\//, status: 404, body: 'trace not found', contentType: 'text/plain' },
    // /api/v2/traces answers whole traces, one list each.
    { path: '/api/v2/traces', body: `[${text(SKEW)},${text(MESSAGING)}]` },
    { path: '/api/v2/services', body: json(['servicea', 'serviceb', 'backend']) },
    { path: '/api/v2/spans', body: json(['post', 'get']) },
    { path: '/api/v2/autocompleteKeys', body: json(['environment']) },
    { path: '/api/v2/autocompleteValues', body: json(['prod', 'staging']) },
  ];
}

const treeSummary = (table: SpanTable) => buildTree(table, { adjustClockSkew: false }).summary;

describe.skipIf(!fixturesPresent)('Zipkin source', () => {
  let replay: ReplayServer;
  let source: TraceSource;
  beforeAll(async () => {
    replay = await startReplay(routes());
    source = createZipkinSource('zipkin', httpUpstream('zipkin', replay.base));
  });
  afterAll(() => replay.close());

  it('answers a trace as the file reads, its shared halves two spans, and summarises it the same', async () => {
    const [file] = tablesOfFile(readFixture(SKEW));
    const table = decodeColumnarTrace((await source.getTrace(SKEW_ID, 'columnar')) as Uint8Array).table;
    expect(comparableSpans([table])).toEqual(comparableSpans([file]));
    expect(treeSummary(table)).toEqual(treeSummary(file));
    expect(treeSummary(table)).toMatchObject({ spanCount: 4, rootCount: 1, orphanCount: 0, maxDepth: 3 });
    const v2 = tablesOfFile((await source.getTrace(SKEW_ID, 'tempo-v2')) as Uint8Array);
    expect(comparableSpans(v2).length).toBe(4);
    // Asked by its 64-bit id, as Zipkin stores it.
    expect(asked(replay, '/api/v2/trace/1e223ff1f80f1c69')).toHaveLength(2);
  });

  it('answers null for a trace Zipkin does not have', async () => {
    expect(await source.getTrace('0123456789abcdef0123456789abcdef', 'tempo-v1')).toBeNull();
    expect(asked(replay, '/api/v2/trace/0123456789abcdef0123456789abcdef')).toHaveLength(1);
  });

  it('lists the newest traces without a query, each summarised as the local store does', async () => {
    const answer = await source.search({ limit: 20, spss: 3, startS: 0 });
    const [skew] = tablesOfFile(readFixture(SKEW));
    const [messaging] = tablesOfFile(readFixture(MESSAGING));
    expect(answer.traces).toEqual([summarise(messaging), summarise(skew)]);
    const params = Object.fromEntries(asked(replay, '/api/v2/traces').at(-1)?.searchParams ?? []);
    expect(params).toMatchObject({ limit: '20' });
    expect(Number(params.lookback)).toBe(Number(params.endTs));
  });

  it('translates a search to serviceName, spanName, annotationQuery and µs durations', async () => {
    replay.requests.length = 0;
    const q =
      '{ resource.service.name = "servicea" && name = "get" && span.http.method = "GET" && .error = "true" && duration > 10ms && duration <= 1.5s }';
    const answer = await source.search({ q, limit: 5, spss: 3, startS: 1470150000, endS: 1470150099 });
    expect(Object.fromEntries(asked(replay, '/api/v2/traces')[0].searchParams)).toEqual({
      serviceName: 'servicea',
      spanName: 'get',
      annotationQuery: 'http.method=GET and error=true',
      minDuration: '10000',
      maxDuration: '1500000',
      endTs: '1470150100000',
      lookback: '100000',
      limit: '5',
    });
    // The replay answers both traces whatever was asked: the query keeps neither.
    expect(answer.traces).toEqual([]);

    const found = await source.search({
      q: '{ resource.service.name = "servicea" && name = "post" }',
      limit: 5,
      spss: 3,
      startS: 0,
    });
    expect(found.traces.map((t) => t.traceID)).toEqual([SKEW_ID]);
    expect(found.traces[0].spanSets[0]).toMatchObject({
      matched: 1,
      spans: [{ spanID: '74280ae0c10d8062', name: 'post' }],
    });
  });

  it('refuses what Zipkin cannot search before asking it', async () => {
    replay.requests.length = 0;
    for (const [q, words] of [
      ['{ span.http.status_code = 500 }', 'its tags are text'],
      ['{ resource.host = "a" }', 'resource attributes'],
      ['{ status = error }', 'by status'],
      ['{ span.a = "x and y" }', 'annotationQuery cannot hold'],
      ['{ span.a = "x" } | count() > 1', 'pipelines'],
    ]) {
      const err = await source.search({ q, limit: 5, spss: 3 }).catch((e) => e);
      expect(err).toBeInstanceOf(TraceQLError);
      expect(err.message).toContain('Zipkin cannot search');
      expect(err.message).toContain(words);
    }
    expect(asked(replay, '/api/v2/traces')).toEqual([]);
  });

  it('lists services, span names and the configured tag keys and values for autocomplete', async () => {
    expect(await source.tags()).toEqual({
      scopes: [
        { name: 'resource', tags: ['service.name'] },
        { name: 'span', tags: ['environment'] },
        { name: 'intrinsic', tags: ['duration', 'name', 'span:duration', 'span:name'] },
      ],
    });
    const values = (list: string[]) => ({ tagValues: list.map((value) => ({ type: 'string', value })) });
    expect(await source.tagValues('resource.service.name')).toEqual(
      values(['backend', 'servicea', 'serviceb']),
    );
    expect(await source.tagValues('name', '{ resource.service.name = "servicea" && ')).toEqual(
      values(['get', 'post']),
    );
    expect(asked(replay, '/api/v2/spans').at(-1)?.searchParams.get('serviceName')).toBe('servicea');
    expect(await source.tagValues('span.environment')).toEqual(values(['prod', 'staging']));
    expect(asked(replay, '/api/v2/autocompleteValues').at(-1)?.searchParams.get('key')).toBe('environment');
    expect(await source.tagValues('span.other')).toEqual({ tagValues: [] });
    expect(await source.tagValues('name')).toEqual({ tagValues: [] });
  });
});

describe.skipIf(!fixturesPresent)('Zipkin source errors', () => {
  const ID = '0123456789abcdef0123456789abcdef';
  async function failure(
    body: string,
    status = 200,
    call: (s: TraceSource) => Promise<unknown> = (s) => s.getTrace(ID, 'tempo-v2'),
  ) {
    const replay = await startReplay([{ path: /.*/, status, body }]);
    const err = await call(createZipkinSource('zipkin', httpUpstream('zipkin', replay.base))).catch((e) => e);
    await replay.close();
    expect(err).toBeInstanceOf(UpstreamError);
    return err as UpstreamError;
  }

  it('says to check credentials on 401 and 403', async () => {
    for (const status of [401, 403]) {
      const err = await failure('no', status);
      expect(err.failure).toBe('unauthorized');
      expect(err.message).toContain(
        `GET /api/v2/trace/{id} was refused (HTTP ${status}); check the source's credentials`,
      );
    }
  });

  it('calls malformed what is not a Zipkin v2 answer', async () => {
    expect((await failure('[{"traceId": "1"')).failure).toBe('malformed');
    const jaeger = await failure(text('jaeger-json/grafana-jaeger-mockJsonResponse.json'));
    expect(jaeger.message).toContain('jaeger-json instead of zipkin-json');
    const v1 = await failure(text('zipkin-v2-json/zipkin-lens-test-v1-format.json'));
    expect(v1.message).toMatch(/v1/i);
    const services = await failure('{"a":1}', 200, (s) => s.tagValues('resource.service.name'));
    expect(services.message).toContain(
      'GET /api/v2/services answered something that is not what that endpoint returns (expected a list of strings)',
    );
  });

  it('passes a server error on with what the server said', async () => {
    const err = await failure('java.lang.IllegalStateException: storage down', 500, (s) =>
      s.search({ q: '{ resource.service.name = "a" }', limit: 1, spss: 1 }),
    );
    expect(err.failure).toBe('upstream-error');
    expect(err.message).toContain(
      "source 'zipkin': GET /api/v2/traces failed (HTTP 500): java.lang.IllegalStateException: storage down",
    );
  });
});
