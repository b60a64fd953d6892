/**
 * Contract tests of the Tempo source through the whole server: a replay server answers Tempo's
 * recorded answers (the real fixtures) per endpoint, and what `/api/sources/{name}/…` answers is
 * compared field by field with the same file read directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNAR_MEDIA_TYPE, DETAILS_MEDIA_TYPE } from '../../../core/api/media-types.ts';
import { decodeColumnarTrace } from '../../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../../core/transfer/detail-batch.ts';
import { fixturesPresent, readFixture } from '../../../testing/fixtures.ts';
import { type InProcessServer, startInProcess } from '../../../testing/in-process-server.ts';
import { type ReplayServer, startReplayServer } from '../../../testing/replay-server.ts';
import { comparableSpans, tablesOfFile } from '../../../testing/span-compare.ts';
import { parseSourceSpec, type SourceConfig } from '../source-config.ts';

/** Trace-by-id answers Tempo wrote: v2 `{trace}`, v1 `batches` with `instrumentationLibrarySpans`, v1 `resourceSpans` (2.6+). */
const TRACE_ANSWERS: readonly [file: string, endpoint: 'v1' | 'v2'][] = [
  ['tempo-api/tempo-api-v2-traces-pushing-spans-docs.json', 'v2'],
  ['tempo-api/tempo-api-v1-traces-batches-ils-docs-2023.json', 'v1'],
  ['otlp-json/tempo-vulture-trace-2022-ils.json', 'v1'],
  ['otlp-json/tempo-sg-trace-with-failed-requests.json', 'v1'],
  ['otlp-json/tempo-sg-trace-with-virtual-nodes.json', 'v1'],
  ['otlp-json/grafana-tsdb-tempo-trace-snake_case.json', 'v1'],
];
const SEARCH = 'tempo-api/tempo-api-search-pushing-spans-docs.json';
/** Published invalid (a trailing comma): repaired here for the success case, as published for `malformed`. */
const TAGS_V2 = 'tempo-api/tempo-api-search-tags-v2-docs.json';
const repairedTagsV2 = () => new TextDecoder().decode(readFixture(TAGS_V2)).replace(/,(\s*\])/g, '$1');
const TOKEN = 'tempo-token-5ecret-value';

const json = (file: string) => JSON.parse(new TextDecoder().decode(readFixture(file)));
const traceIdOf = (file: string) => tablesOfFile(readFixture(file))[0]?.traceId as string;

describe.skipIf(!fixturesPresent)('Tempo through /api/sources/{name}', () => {
  let tempo: ReplayServer;
  let oldTempo: ReplayServer;
  let server: InProcessServer;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.base}${path}`, { headers });
  const source = (spec: string, more: Partial<SourceConfig> = {}): SourceConfig => ({
    ...parseSourceSpec(spec),
    ...more,
  });

  beforeAll(async () => {
    tempo = await startReplayServer({
      '/api/echo': { body: 'echo', headers: { 'content-type': 'text/plain' } },
      '/api/search': { body: readFixture(SEARCH), gzip: true },
      '/api/v2/search/tags': { body: repairedTagsV2() },
      '/api/v2/search/tag/resource.service.name/values': {
        body: readFixture('tempo-api/tempo-api-search-tag-values-v2-docs.json'),
      },
    });
    for (const [file, endpoint] of TRACE_ANSWERS)
      tempo.route(`/api/${endpoint === 'v2' ? 'v2/' : ''}traces/${traceIdOf(file)}`, {
        body: readFixture(file),
      });
    // A Tempo before 2.x's v2 endpoints: only v1 tags and tag values.
    oldTempo = await startReplayServer({
      '/api/search/tags': { body: readFixture('tempo-api/tempo-api-search-tags-v1-docs-2023.json') },
      '/api/search/tag/service.name/values': {
        body: readFixture('tempo-api/tempo-api-search-tag-values-v1-docs.json'),
      },
    });
    server = await startInProcess({
      env: { TEMPO_TOKEN: TOKEN },
      sources: [
        source(`prod=tempo:${tempo.url}`, { auth: { bearerTokenEnv: 'TEMPO_TOKEN' } }),
        source(`old=tempo:${oldTempo.url}`),
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
    await tempo?.close();
    await oldTempo?.close();
  });

  it.each(TRACE_ANSWERS)('answers %s (Tempo %s) as the file reads, in every shape', async (file) => {
    const id = traceIdOf(file);
    const expected = comparableSpans(tablesOfFile(readFixture(file)).filter((t) => t.traceId === id));
    expect(expected.length).toBeGreaterThan(0);
    for (const path of [`/api/v2/traces/${id}`, `/api/traces/${id}`]) {
      const res = await get(`/api/sources/prod${path}`);
      expect(res.status, path).toBe(200);
      expect(comparableSpans(tablesOfFile(new Uint8Array(await res.arrayBuffer()))), path).toEqual(expected);
    }
    const columnar = await get(`/api/sources/prod/api/v2/traces/${id}`, {
      Accept: `${COLUMNAR_MEDIA_TYPE}; details=deferred`,
    });
    expect(columnar.headers.get('content-type')).toBe(COLUMNAR_MEDIA_TYPE);
    // The hot columns only, as the local store answers; the details follow, asked by key range.
    const { table, deferred } = decodeColumnarTrace(new Uint8Array(await columnar.arrayBuffer()));
    if (!deferred) throw new Error('the details were not deferred');
    const half = Math.floor(deferred.count / 2);
    for (const [first, end] of [
      [half, deferred.count],
      [0, half],
    ]) {
      if (first === end) continue;
      const res = await get(
        `/api/sources/prod/api/v2/traces/${id}/details?from=${deferred.keyOf(first)}&to=${deferred.keyOf(end - 1)}`,
      );
      expect(res.headers.get('content-type')).toBe(DETAILS_MEDIA_TYPE);
      deferred.fill(first, decodeDetailBatch(new Uint8Array(await res.arrayBuffer()), end - first));
    }
    expect(deferred.complete).toBe(true);
    expect(comparableSpans([table])).toEqual(expected);
    const inline = await get(`/api/sources/prod/api/v2/traces/${id}`, { Accept: COLUMNAR_MEDIA_TYPE });
    const whole = decodeColumnarTrace(new Uint8Array(await inline.arrayBuffer()));
    expect(whole.deferred).toBeNull();
    expect(comparableSpans([whole.table])).toEqual(expected);
  });

  it('answers details asked with keys the trace does not have now (it changed) with a 404 that says so', async () => {
    const id = traceIdOf(TRACE_ANSWERS[0][0]);
    for (const [from, to] of [
      ['0', '1'],
      ['9223372036854775807', '9223372036854775807'],
    ]) {
      const res = await get(`/api/sources/prod/api/v2/traces/${id}/details?from=${from}&to=${to}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        error: expect.stringMatching(/changed since it was opened\): open the trace again$/),
        source: 'prod',
        failure: 'not-found',
      });
    }
    for (const query of ['', 'from=1', 'from=2&to=1', 'from=-1&to=2', `from=1&to=${'9'.repeat(40)}`]) {
      const res = await get(`/api/sources/prod/api/v2/traces/${id}/details?${query}`);
      expect(res.status, query).toBe(400);
    }
    const unknown = await get(`/api/sources/prod/api/v2/traces/${'ab'.repeat(16)}/details?from=0&to=1`);
    expect(unknown.status).toBe(404);
  });

  it('asks v2 first and falls back to v1 when this Tempo has no v2 answer', async () => {
    const [v1File] = TRACE_ANSWERS[1];
    const id = traceIdOf(v1File);
    const before = tempo.requests.length;
    await get(`/api/sources/prod/api/v2/traces/${id}`);
    expect(tempo.requests.slice(before).map((r) => r.path)).toEqual([
      `/api/v2/traces/${id}`,
      `/api/traces/${id}`,
    ]);
    expect(tempo.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('answers 404 naming the source for a trace Tempo does not have', async () => {
    const res = await get(`/api/sources/prod/api/v2/traces/${'ab'.repeat(16)}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: `source 'prod': trace ${'ab'.repeat(16)} not found`,
      source: 'prod',
      failure: 'not-found',
    });
  });

  it('passes a TraceQL search through with its parameters and answers what Tempo answered', async () => {
    const q = '{ status = error }';
    const res = await get(
      `/api/sources/prod/api/search?q=${encodeURIComponent(q)}&start=1684778000&end=1684779000&limit=7&spss=5`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(json(SEARCH));
    const asked = tempo.requests.at(-1);
    expect(asked?.path).toBe('/api/search');
    expect(Object.fromEntries(asked?.query ?? [])).toEqual({
      q,
      start: '1684778000',
      end: '1684779000',
      limit: '7',
      spss: '5',
    });
  });

  it('checks the query before asking Tempo: a bad one is the same 400 as the local store gives', async () => {
    const before = tempo.requests.length;
    const res = await get(`/api/sources/prod/api/search?q=${encodeURIComponent('{ .a = }')}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'syntax', from: 7 });
    expect(tempo.requests.length).toBe(before);
  });

  it("answers Tempo's own objection to a query as a 400 query error", async () => {
    tempo.route('/api/search', { status: 400, body: 'invalid TraceQL query: parse error at line 1, col 3' });
    const res = await get(`/api/sources/prod/api/search?q=${encodeURIComponent('{ .a = 1 }')}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/Tempo refused the query: invalid TraceQL query/);
    tempo.route('/api/search', { body: readFixture(SEARCH), gzip: true });
  });

  it('answers tags and tag values from the v2 endpoints as Tempo wrote them', async () => {
    const tags = await get('/api/sources/prod/api/v2/search/tags?scope=span&q=%7B%20.a%20%3D%201%20%7D');
    expect(await tags.json()).toEqual(JSON.parse(repairedTagsV2()));
    expect(Object.fromEntries(tempo.requests.at(-1)?.query ?? [])).toEqual({
      scope: 'span',
      q: '{ .a = 1 }',
    });
    const values = await get('/api/sources/prod/api/v2/search/tag/resource.service.name/values');
    expect(await values.json()).toEqual(json('tempo-api/tempo-api-search-tag-values-v2-docs.json'));
  });

  it('falls back to the v1 tags and tag values of an older Tempo, in the v2 shapes', async () => {
    const v1Tags: string[] = json('tempo-api/tempo-api-search-tags-v1-docs-2023.json').tagNames;
    const tags = await get('/api/sources/old/api/v2/search/tags?scope=resource');
    expect(await tags.json()).toEqual({ scopes: [{ name: 'resource', tags: v1Tags }] });
    const all = await get('/api/sources/old/api/v2/search/tags');
    expect((await all.json()).scopes.map((s: { name: string }) => s.name)).toEqual(['span', 'resource']);
    const values = await get('/api/sources/old/api/v2/search/tag/resource.service.name/values');
    const v1Values: string[] = json('tempo-api/tempo-api-search-tag-values-v1-docs.json').tagValues;
    expect(await values.json()).toEqual({ tagValues: v1Values.map((value) => ({ type: 'string', value })) });
    expect(oldTempo.requests.map((r) => r.path)).toContain('/api/search/tag/service.name/values');
  });

  it('shows a PARTIAL answer as a warning on the trace, and keeps it in the v2 answer', async () => {
    const file = TRACE_ANSWERS[0][0];
    const id = traceIdOf(file);
    const body = new TextDecoder().decode(readFixture(file)).trim();
    const message = 'Trace exceeds maximum size of 5000000 bytes, a partial trace is returned';
    tempo.route(`/api/v2/traces/${id}`, {
      body: `${body.slice(0, -1)},"status":"PARTIAL","message":${JSON.stringify(message)}}`,
    });
    const columnar = await get(`/api/sources/prod/api/v2/traces/${id}`, { Accept: COLUMNAR_MEDIA_TYPE });
    const { table } = decodeColumnarTrace(new Uint8Array(await columnar.arrayBuffer()));
    expect(table.warnings).toEqual([`partial trace: Tempo returned only part of this trace (${message})`]);
    const v2 = await (await get(`/api/sources/prod/api/v2/traces/${id}`)).json();
    expect([v2.status, v2.message]).toEqual(['PARTIAL', message]);
    expect(v2.trace.resourceSpans.length).toBeGreaterThan(0);
    tempo.route(`/api/v2/traces/${id}`, { body: readFixture(file) });
  });

  it('answers the reads only the local store has with a 400 that says so', async () => {
    const id = traceIdOf(TRACE_ANSWERS[0][0]);
    for (const rest of ['details/matching?text=a', 'details/keys', 'details/values?key=a']) {
      const res = await get(`/api/sources/prod/api/v2/traces/${id}/${rest}`);
      expect(res.status, rest).toBe(400);
      expect((await res.json()).error).toMatch(
        /^source 'prod': details.* is answered by the local store only/,
      );
    }
  });

  it('reports the health of each source, the credentials nowhere', async () => {
    const text = await (await get('/api/sources')).text();
    expect(text).not.toContain(TOKEN);
    const { sources } = JSON.parse(text);
    expect(sources[1]).toMatchObject({
      name: 'prod',
      kind: 'tempo',
      url: tempo.url,
      health: { reachable: true },
    });
    expect(sources[1].health.latencyMs).toBeGreaterThanOrEqual(0);
    // The old Tempo has no /api/echo: it answered (404), so it is reachable.
    expect(sources[2].health.reachable).toBe(true);
  });
});
