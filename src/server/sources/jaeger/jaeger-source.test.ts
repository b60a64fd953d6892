import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceQLError } from '../../../core/query/errors.ts';
import { decodeColumnarTrace } from '../../../core/transfer/decode-columnar.ts';
import { fixturesPresent, readFixture } from '../../../testing/fixtures.ts';
import {
  httpUpstream,
  type ReplayRoute,
  type ReplayServer,
  startReplay,
} from '../../../testing/replay-upstream.ts';
import { comparableSpans, tablesOfFile } from '../../../testing/span-compare.ts';
import { summarise } from '../search-answer.ts';
import { type TraceSource, type UpstreamAnswer, UpstreamError } from '../trace-source.ts';
import { createJaegerSource } from './jaeger-source.ts';

const V3_TRACE = 'otlp-json/jaeger-apiv3-GetTrace.json';
const V3_TRACE_ID = '00000000000000000000000000000001';
/** Jaeger's storage fixture of two traces, answered as FindTraces answers: OTLP JSON in `result`. */
const V3_FOUND = 'otlp-json/jaeger-memory-otel_traces_01.json';
const V1_TRACE = 'jaeger-json/grafana-jaeger-mockJsonResponse.json';
const V1_TRACE_ID = '00000000000000002ee9739529395e31';
const V1_FOUND = 'jaeger-json/jui-otlp2jaeger-out.json';

const json = (value: unknown) => JSON.stringify(value);
const wrapResult = (rel: string) => `{"result":${new TextDecoder().decode(readFixture(rel))}}`;

function v3Routes(): ReplayRoute[] {
  return [
    { path: '/api/v3/services', body: json({ services: ['service-x', 'frontend'] }) },
    {
      path: '/api/v3/operations',
      body: json({ operations: [{ name: 'get_users', spanKind: 'server' }, { name: 'a' }] }),
    },
    { path: `/api/v3/traces/${V3_TRACE_ID}`, body: readFixture(V3_TRACE) },
    {
      path: /^\/api\/v3\/traces\/[0-9a-f]+$/,
      status: 404,
      body: json({ error: { httpCode: 404, message: 'trace not found' } }),
    },
    { path: '/api/v3/traces', body: wrapResult(V3_FOUND) },
  ];
}

function v1Routes(): ReplayRoute[] {
  return [
    {
      path: '/api/services',
      body: json({ data: ['frontend'], total: 1, limit: 0, offset: 0, errors: null }),
    },
    {
      path: '/api/operations',
      body: json({ data: [{ name: 'CAS', spanKind: 'client' }, 'HTTP GET'], total: 2 }),
    },
    { path: `/api/traces/${V1_TRACE_ID}`, body: readFixture(V1_TRACE) },
    {
      path: /^\/api\/traces\/[0-9a-f]+$/,
      status: 404,
      body: json({ data: null, errors: [{ code: 404, msg: 'trace not found' }] }),
    },
    { path: '/api/traces', body: readFixture(V1_FOUND) },
  ];
}

/** Every request for `path` the replay got, with its query. */
const asked = (replay: ReplayServer, path: string) => replay.requests.filter((u) => u.pathname === path);

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

/** The trace answered as columnar, decoded, as comparable spans. */
async function columnarSpans(source: TraceSource, traceId: string) {
  const bytes = await source.getTrace(traceId, 'columnar');
  return bytes ? comparableSpans([decodeColumnarTrace(bytes).table]) : null;
}

describe.skipIf(!fixturesPresent)('Jaeger source, api_v3', () => {
  let replay: ReplayServer;
  let source: TraceSource;
  beforeAll(async () => {
    replay = await startReplay(v3Routes());
    source = createJaegerSource('prod', httpUpstream('prod', replay.base));
  });
  afterAll(() => replay.close());

  it('answers a trace as the file reads, in every encoding', async () => {
    const file = comparableSpans(tablesOfFile(readFixture(V3_TRACE)));
    expect(await columnarSpans(source, V3_TRACE_ID)).toEqual(file);
    for (const encoding of ['tempo-v1', 'tempo-v2'] as const)
      expect(
        comparableSpans(tablesOfFile((await source.getTrace(V3_TRACE_ID, encoding)) as Uint8Array)),
      ).toEqual(file);
    expect(asked(replay, '/api/traces/00000000000000000000000000000001')).toEqual([]);
  });

  it('answers null for a trace Jaeger does not have, and asks only for canonical ids', async () => {
    expect(await source.getTrace('0000000000000000000000000000abcd', 'tempo-v2')).toBeNull();
    replay.requests.length = 0;
    expect(await source.getTrace('../services', 'tempo-v2')).toBeNull();
    // Any case, fewer digits: the canonical id is asked for.
    expect(await source.getTrace('1', 'columnar')).not.toBeNull();
    expect(replay.requests.map((u) => u.pathname)).toEqual([`/api/v3/traces/${V3_TRACE_ID}`]);
  });

  it('translates a search to query.* parameters and answers each trace as the local store summarises it', async () => {
    replay.requests.length = 0;
    const q = '{ resource.service.name = "service-x" }';
    const answer = await source.search({ q, limit: 5, spss: 3, startS: 1485467000, endS: 1485468000 });
    const [request] = asked(replay, '/api/v3/traces');
    expect(Object.fromEntries(request.searchParams)).toEqual({
      'query.serviceName': 'service-x',
      'query.startTimeMin': '2017-01-26T21:43:20.000Z',
      'query.startTimeMax': '2017-01-26T22:00:01.000Z',
      'query.searchDepth': '5',
    });
    const tables = tablesOfFile(readFixture(V3_FOUND));
    expect(answer.traces.map(({ spanSets: _, ...t }) => t)).toEqual(
      tables.map((t) => {
        const { spanSets: _, ...summary } = summarise(t);
        return summary;
      }),
    );
    expect(answer.traces.map((t) => t.spanSets[0].matched)).toEqual([2, 2]);
    expect(answer.metrics.inspectedTraces).toBe(2);
  });

  it('sends names, attributes and durations, and keeps only the traces the whole query matches', async () => {
    replay.requests.length = 0;
    const q =
      '{ resource.service.name = "service-x" && name = "test-general-conversion-2" && duration > 1us && duration <= 2.5s }';
    const answer = await source.search({ q, limit: 20, spss: 3 });
    const params = asked(replay, '/api/v3/traces')[0].searchParams;
    expect(params.get('query.operationName')).toBe('test-general-conversion-2');
    expect(params.get('query.durationMin')).toBe('1000ns');
    expect(params.get('query.durationMax')).toBe('2500000000ns');
    expect(params.get('query.attributes')).toBeNull();
    // Without a range, the last 7 days up to now.
    const min = Date.parse(params.get('query.startTimeMin') as string);
    const max = Date.parse(params.get('query.startTimeMax') as string);
    expect(max - min).toBe(7 * 24 * 3600 * 1000);
    expect(Math.abs(max - Date.now())).toBeLessThan(60_000);
    // The range was the last 7 days: the 2017 traces are outside it.
    expect(answer.traces).toEqual([]);

    const inRange = await source.search({ q, limit: 20, spss: 3, startS: 0 });
    expect(inRange.traces.map((t) => t.traceID)).toEqual(['00000000000000010000000000000000']);
    expect(inRange.traces[0].spanSets[0].spans.map((s) => s.spanID)).toEqual(['0000000000000002']);

    const tagged = await source.search({
      q: '{ resource.service.name = "service-x" && span.k = 1 }',
      limit: 20,
      spss: 3,
      startS: 0,
    });
    expect(asked(replay, '/api/v3/traces').at(-1)?.searchParams.get('query.attributes')).toBe('{"k":"1"}');
    expect(tagged.traces).toEqual([]);
  });

  it('refuses what Jaeger cannot search before asking it', async () => {
    replay.requests.length = 0;
    const unsupported = await source
      .search({ q: '{ resource.service.name = "a" } >> { status = error }', limit: 20, spss: 3 })
      .catch((e) => e);
    expect(unsupported).toBeInstanceOf(TraceQLError);
    expect(unsupported.message).toContain('Jaeger cannot search spanset operators (>>)');
    expect(replay.requests).toEqual([]);
  });

  it('asks each service when the query names none, and answers each trace once', async () => {
    replay.requests.length = 0;
    const answer = await source.search({
      q: '{ name = "test-general-conversion-3" }',
      limit: 20,
      spss: 3,
      startS: 0,
    });
    expect(asked(replay, '/api/v3/traces').map((u) => u.searchParams.get('query.serviceName'))).toEqual([
      'service-x',
      'frontend',
    ]);
    expect(answer.traces.map((t) => t.traceID)).toEqual(['00000000000000020000000000000000']);
    const recent = await source.search({ limit: 20, spss: 3, startS: 0 });
    expect(recent.traces).toHaveLength(2);
  });

  it('asks for a service when Jaeger has too many to ask each', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `svc-${i}`);
    const crowded = await startReplay([{ path: '/api/v3/services', body: json({ services: many }) }]);
    const err = await createJaegerSource('prod', httpUpstream('prod', crowded.base))
      .search({ limit: 20, spss: 3 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TraceQLError);
    expect(err.message).toContain(
      'Jaeger searches one service at a time, and it has 21: add resource.service.name',
    );
    expect(err.message).toContain('svc-0, svc-1');
    expect(crowded.requests.map((u) => u.pathname)).toEqual(['/api/v3/services', '/api/v3/services']);
    await crowded.close();
  });

  it("lists services and a service's operations for autocomplete, and says which tags it has", async () => {
    replay.requests.length = 0;
    expect(await source.tags()).toEqual({
      scopes: [
        { name: 'resource', tags: ['service.name'] },
        { name: 'span', tags: [] },
        { name: 'intrinsic', tags: ['duration', 'name', 'span:duration', 'span:name'] },
      ],
    });
    expect(await source.tags('resource')).toEqual({ scopes: [{ name: 'resource', tags: ['service.name'] }] });
    expect(await source.tagValues('resource.service.name')).toEqual({
      tagValues: [
        { type: 'string', value: 'frontend' },
        { type: 'string', value: 'service-x' },
      ],
    });
    expect(await source.tagValues('name', '{ resource.service.name = "frontend" && name = ')).toEqual({
      tagValues: [
        { type: 'string', value: 'a' },
        { type: 'string', value: 'get_users' },
      ],
    });
    expect(asked(replay, '/api/v3/operations')[0].searchParams.get('service')).toBe('frontend');
    expect(await source.tagValues('name')).toEqual({ tagValues: [] });
    expect(await source.tagValues('span.http.method')).toEqual({ tagValues: [] });
    expect(asked(replay, '/api/v3/operations')).toHaveLength(1);
  });
});

describe.skipIf(!fixturesPresent)('Jaeger source, v1 fallback', () => {
  let replay: ReplayServer;
  let source: TraceSource;
  beforeAll(async () => {
    replay = await startReplay(v1Routes());
    source = createJaegerSource('legacy', httpUpstream('legacy', replay.base));
  });
  afterAll(() => replay.close());

  it('falls back to v1 when api_v3 is not there, and keeps to it', async () => {
    const file = comparableSpans(tablesOfFile(readFixture(V1_TRACE)));
    expect(await columnarSpans(source, V1_TRACE_ID)).toEqual(file);
    expect(await source.getTrace('0000000000000000000000000000abcd', 'tempo-v2')).toBeNull();
    await source.tagValues('resource.service.name');
    expect(asked(replay, '/api/v3/services')).toHaveLength(1);
    expect(asked(replay, '/api/services')).toHaveLength(2);
    expect(asked(replay, `/api/v3/traces/${V1_TRACE_ID}`)).toEqual([]);
  });

  it('searches through /api/traces with µs times, Go durations and tags as JSON', async () => {
    replay.requests.length = 0;
    const q =
      '{ resource.service.name = "telemetrygen" && name = "okey-dokey-0" && .peer.service = "x" && duration >= 100us }';
    const answer = await source.search({ q, limit: 3, spss: 1, startS: 1706678900, endS: 1706678999 });
    expect(Object.fromEntries(asked(replay, '/api/traces')[0].searchParams)).toEqual({
      service: 'telemetrygen',
      operation: 'okey-dokey-0',
      tags: '{"peer.service":"x"}',
      minDuration: '100000ns',
      start: '1706678900000000',
      end: '1706679000000000',
      limit: '3',
    });
    // The recorded answer's spans have no peer.service: the query does not match them.
    expect(answer.traces).toEqual([]);
    const all = await source.search({
      q: '{ resource.service.name = "telemetrygen" }',
      limit: 3,
      spss: 1,
      startS: 0,
    });
    const [table] = tablesOfFile(readFixture(V1_FOUND));
    expect({ ...all.traces[0], spanSets: [] }).toEqual(summarise(table));
    // Its two spans are copies of one span: one span in the tree, as in the local store's answer.
    expect(all.traces[0].spanSets[0]).toMatchObject({ matched: 1 });
  });

  it('lists operations by name from either shape', async () => {
    expect(await source.tagValues('span:name', '{ .service.name = "loki-all" }')).toEqual({
      tagValues: [
        { type: 'string', value: 'CAS' },
        { type: 'string', value: 'HTTP GET' },
      ],
    });
  });
});

/** An Upstream answering one fixed answer to every GET (and counting them). */
function fixed(answer: Partial<UpstreamAnswer> & { body: Uint8Array | string }) {
  const body = typeof answer.body === 'string' ? new TextEncoder().encode(answer.body) : answer.body;
  return { get: async () => ({ status: 200, headers: {}, ...answer, body }) };
}

describe('Jaeger source errors', () => {
  const ID = '0123456789abcdef0123456789abcdef';

  it('says to check the credentials on 401 and 403, and probes again next time', async () => {
    const replay = await startReplay([{ path: '/api/v3/services', status: 401, body: 'Unauthorized' }]);
    const source = createJaegerSource('prod', httpUpstream('prod', replay.base));
    const err = await failure(source.getTrace(ID, 'tempo-v2'));
    expect(err.failure).toBe('unauthorized');
    expect(err.message).toMatch(
      /^source 'prod': GET \/api\/v3\/services was refused \(HTTP 401\); check the source's credentials/,
    );
    replay.routes = [
      { path: '/api/v3/services', body: json({ services: [] }) },
      { path: `/api/v3/traces/${ID}`, status: 403, body: 'Forbidden' },
    ];
    expect((await failure(source.getTrace(ID, 'tempo-v2'))).failure).toBe('unauthorized');
    await replay.close();
  });

  it('says the URL is not Jaeger when neither API answers', async () => {
    const replay = await startReplay([{ path: /.*/, body: '<html>an app</html>', contentType: 'text/html' }]);
    const err = await failure(
      createJaegerSource('prod', httpUpstream('prod', replay.base)).tagValues('name'),
    );
    expect(err.failure).toBe('unsupported');
    expect(err.message).toContain("check that the URL is Jaeger's query service");
    expect(replay.requests.map((u) => u.pathname)).toEqual(['/api/v3/services', '/api/services']);
    await replay.close();
  });

  it('calls an answer that is not a trace malformed', async () => {
    const replay = await startReplay([
      { path: '/api/v3/services', body: json({ services: ['a'] }) },
      { path: `/api/v3/traces/${ID}`, body: '{"result": {"resourceSpans": [' },
      { path: '/api/v3/traces/00000000000000000000000000000002', body: json({ data: [] }) },
      { path: '/api/v3/operations', body: json({ operations: 'get' }) },
    ]);
    const source = createJaegerSource('prod', httpUpstream('prod', replay.base));
    const cut = await failure(source.getTrace(ID, 'tempo-v2'));
    expect(cut.failure).toBe('malformed');
    expect(cut.message).toContain(
      'GET /api/v3/traces/{id} answered something that is not what that endpoint returns',
    );
    const other = await failure(source.getTrace('00000000000000000000000000000002', 'tempo-v2'));
    expect(other.message).toContain('jaeger-json instead of otlp-json');
    const ops = await failure(source.tagValues('name', '{ resource.service.name = "a" }'));
    expect(ops.message).toContain('operations is not a list');
    await replay.close();
  });

  it("passes the store's own error on, and refuses an answer too large to decode", async () => {
    const replay = await startReplay([
      { path: '/api/v3/services', body: json({ services: ['a'] }) },
      { path: `/api/v3/traces/${ID}`, status: 500, body: 'storage: elasticsearch is down' },
    ]);
    const err = await failure(
      createJaegerSource('prod', httpUpstream('prod', replay.base)).getTrace(ID, 'tempo-v2'),
    );
    expect(err.failure).toBe('upstream-error');
    expect(err.message).toContain(
      'GET /api/v3/traces/{id} failed (HTTP 500): storage: elasticsearch is down',
    );
    await replay.close();

    const huge = new TextEncoder().encode(json({ services: ['a'] }));
    Object.defineProperty(huge, 'byteLength', { value: 600 * 1024 * 1024 });
    const large = await failure(
      createJaegerSource('prod', fixed({ body: huge })).tagValues('resource.service.name'),
    );
    expect(large.failure).toBe('too-large');
    expect(large.message).toContain('narrow the search');
  });

  it('passes an unreachable upstream on as it is', async () => {
    const replay = await startReplay([]);
    const base = replay.base;
    await replay.close();
    const err = await failure(
      createJaegerSource('prod', httpUpstream('prod', base)).getTrace(ID, 'columnar'),
    );
    expect(err.failure).toBe('unreachable');
  });
});
