import { describe, expect, it } from 'vitest';
import { errorMessageOf } from '../core/api/errors.ts';
import { sourcePath } from '../core/api/paths.ts';
import { fixturesPresent, readFixture } from '../testing/fixtures.ts';
import { type SearchResponse, toSources, toTraceRows } from './api-types.ts';
import { searchPath } from './queries.ts';

describe('toTraceRows', () => {
  it.runIf(fixturesPresent)('reads a real Tempo search answer', () => {
    const json = JSON.parse(
      new TextDecoder().decode(readFixture('tempo-api/tempo-api-search-pushing-spans-docs.json')),
    ) as SearchResponse;
    expect(toTraceRows(json)).toEqual([
      {
        traceId: '5b8efff798038103d269b633813fc700',
        rootService: 'my.service',
        rootName: 'I am a span!',
        startMs: 1694718625557,
        durationMs: 10000,
        spanCount: null,
        errorCount: null,
        services: [],
      },
    ]);
  });

  it('pads trimmed ids, sums serviceStats, sorts newest first, drops unreadable hits', () => {
    const rows = toTraceRows({
      traces: [
        { traceID: 'abc', startTimeUnixNano: '1000000000000000000', durationMs: 3 },
        {
          traceID: 'DEF',
          startTimeUnixNano: '2000000000000000000',
          serviceStats: { b: { spanCount: 3, errorCount: 1 }, a: { spanCount: 2 } },
        },
        { traceID: 'not hex!' },
        { traceID: 42 as unknown as string },
        { traceID: 'f'.repeat(40) },
      ],
    });
    expect(rows.map((r) => r.traceId)).toEqual([`${'0'.repeat(29)}def`, `${'0'.repeat(29)}abc`]);
    expect(rows[0]).toMatchObject({ spanCount: 5, errorCount: 1, services: ['a', 'b'], durationMs: null });
    expect(rows[1]).toMatchObject({ startMs: 1e12, rootService: null, spanCount: null });
  });

  it('survives empty and hostile answers', () => {
    expect(toTraceRows(null)).toEqual([]);
    expect(toTraceRows({})).toEqual([]);
    expect(toTraceRows({ traces: [{ traceID: 'a', startTimeUnixNano: '-5' }] })[0].startMs).toBeNull();
  });
});

describe('sources and paths', () => {
  it('always offers the local store first', () => {
    expect(toSources(undefined)).toEqual([{ name: 'local', kind: 'local' }]);
    expect(toSources({ sources: [{ name: 'prod', kind: 'tempo' }] }).map((s) => s.name)).toEqual([
      'local',
      'prod',
    ]);
  });

  it('routes external sources through the server', () => {
    expect(sourcePath(null, '/api/search')).toBe('/api/search');
    expect(sourcePath('local', '/api/search')).toBe('/api/search');
    expect(sourcePath('a b/c', '/api/search')).toBe('/api/sources/a%20b%2Fc/api/search');
    expect(searchPath({ source: 'prod', startS: 10.7, endS: 20.2, limit: null })).toBe(
      '/api/sources/prod/api/search?start=10&end=21&limit=20',
    );
  });

  it('takes the server message from an error body', () => {
    expect(errorMessageOf(400, 'Bad Request', '{"error":"otlp-json: bad span id at $.x"}')).toBe(
      'otlp-json: bad span id at $.x',
    );
    expect(errorMessageOf(413, '', 'body too large')).toBe('body too large');
    expect(errorMessageOf(502, 'Bad Gateway', '<html>proxy</html>')).toBe('HTTP 502 Bad Gateway');
    expect(errorMessageOf(500, '', '{broken')).toBe('{broken');
    expect(errorMessageOf(500, '', 'x'.repeat(1000)).length).toBe(301);
  });
});
