/**
 * The search routes on bad and hostile input (in process, fake store): malformed queries are 400s
 * with the message naming line:column and the offsets the editor marks, type errors and
 * unsupported forms say so, metrics queries are 501s, bounds and times are checked, a search past
 * the time limit is a 504, and nothing crashes the server or reaches the store unchecked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { MAX_QUERY_CHARS } from './search-routes.ts';

const TRACE = '00000000000000000123456789abcdef';

describe('search routes (in process, fake store)', () => {
  let server: InProcessServer;
  const get = (path: string) => fetch(`${server.base}${path}`);
  const search = (q: string, rest = '') => get(`/api/search?q=${encodeURIComponent(q)}${rest}`);
  /** A query with bytes no encodeURIComponent writes (a lone surrogate's UTF-8, overlong forms). */
  const rawSearch = (encoded: string) => get(`/api/search?q=${encoded}`);
  beforeAll(async () => {
    server = await startInProcess({ searchTimeoutMs: 200 });
    server.store.spans.push({ traceId: TRACE, spanId: 'aaaaaaaaaaaaaaaa', name: 'root' });
  });
  afterAll(() => server.close());

  it('passes a valid query through as typed, with the time limit', async () => {
    const res = await search('{ resource.service.name = "api" } >> { status = error }', '&limit=5');
    expect(res.status).toBe(200);
    expect(server.store.searches.at(-1)).toEqual({
      q: '{ resource.service.name = "api" } >> { status = error }',
      startS: undefined,
      endS: undefined,
      limit: 5,
      spss: 3,
      timeoutMs: 200,
    });
  });

  it('answers a malformed query 400 with the message (line:column) and the offsets', async () => {
    const cases: [string, RegExp, number, number][] = [
      ['{ .a == 4 }', /^1:7: expected a value after "=", found "="$/, 6, 7],
      ['{ status = }', /^1:12: expected a value after "=", found "}"$/, 11, 12],
      ['{ attr = 4 }', /^1:3: unknown identifier "attr"/, 2, 6],
      ['{\n  .a = "x" &&\n  }', /^3:3: /, 18, 19],
      ['{ .a = "unterminated }', /^1:8: /, 7, 22],
      ['coalesce() | { }', /^1:1: /, 0, 10],
    ];
    for (const [q, message, from, to] of cases) {
      const res = await search(q);
      expect(res.status, q).toBe(400);
      const body = await res.json();
      expect(body.error, q).toMatch(message);
      expect([body.from, body.to], q).toEqual([from, to]);
      expect(body.kind, q).toBe('syntax');
    }
  });

  it('says what is wrong with a query that parses: types, regexes, unsupported forms', async () => {
    const cases: [string, string, RegExp][] = [
      ['{ 1 = "foo" }', 'type', /^1:3: "=" needs two values of one type, not an int and a string/],
      ['{ status > ok }', 'type', /^1:3: ">" does not apply to a status/],
      ['{ span:status = nil }', 'type', /^1:3: span:status = nil can never hold/],
      ['{ .a =~ "(?<=x)y" }', 'regex', /^1:9: RE2 refuses the pattern/],
      ['{ parent.a != 3 }', 'unsupported', /not supported/],
      ['min(.field) < max(duration)', 'unsupported', /not supported/],
    ];
    for (const [q, kind, message] of cases) {
      const res = await search(q);
      expect(res.status, q).toBe(400);
      const body = await res.json();
      expect([body.kind, body.error], q).toEqual([kind, expect.stringMatching(message)]);
      expect(Number.isInteger(body.from) && body.to > body.from, q).toBe(true);
    }
  });

  it('answers a metrics query 501: not supported yet', async () => {
    for (const q of [
      '{ status = error } | rate()',
      '{ } | count_over_time() by (resource.service.name) | topk(10)',
    ]) {
      const res = await search(q);
      expect(res.status, q).toBe(501);
      expect((await res.json()).error, q).toMatch(/metrics queries .* are not supported yet/);
    }
  });

  it('refuses over-long queries, limits out of range, start after end, times that are no numbers', async () => {
    const cases: [string, RegExp][] = [
      [
        `q=${'{'.repeat(MAX_QUERY_CHARS + 1)}`,
        /^invalid q: the query is 4097 characters long; the limit is 4096$/,
      ],
      ['limit=0', /^invalid limit '0'/],
      ['limit=1001', /^invalid limit 1001: at most 1000$/],
      ['limit=99999999999999999', /^invalid limit '99999999999999999'/],
      ['spss=0', /^invalid spss '0'/],
      ['spss=5000', /^invalid spss 5000: at most 1000$/],
      ['start=200&end=100', /^invalid end 100: before start 200$/],
      ['start=now-1h', /^invalid start 'now-1h'/],
      ['end=1e9', /^invalid end '1e9'/],
      ['start=-1', /^invalid start '-1'/],
      ['start=1.5', /^invalid start '1.5'/],
    ];
    const before = server.store.searches.length;
    for (const [query, message] of cases) {
      const res = await get(`/api/search?${query}`);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error, query).toMatch(message);
    }
    expect(server.store.searches.length).toBe(before);
  });

  it('survives hostile query text: controls, NULs, huge numbers, deep nesting, lone surrogates', async () => {
    const hostile = [
      '\u0000',
      '{ .a = "\u0000" }',
      '{ .a = 99999999999999999999999999999 }',
      '{ .a = 1e999999 }',
      `${'('.repeat(1000)}{ }${')'.repeat(1000)}`,
      `{ ${'!'.repeat(2000)}true }`,
      '{ .a =~ "(a+)+$" }',
      '{ .a =~ "[" }',
      '} { ) ( | | ||| &&& >>> ',
      "{ .a = 'x' }",
      '{ .a = "x" } | select(',
      'with(most_recent=true)',
      '{ .a = "x" } with(',
    ];
    for (const q of hostile) {
      const res = await search(q);
      expect([200, 400, 501], q).toContain(res.status);
      const body = await res.json();
      if (res.status !== 200) expect(typeof body.error, q).toBe('string');
    }
    for (const encoded of ['%7B%20.a%20%3D%20%22%ED%A0%80%22%20%7D', '%C0%AF', '%FF%FE', '%']) {
      const res = await rawSearch(encoded);
      expect([200, 400], encoded).toContain(res.status);
    }
    expect((await get('/api/echo')).status).toBe(200);
  });

  it('answers 504 when the store runs past the time limit, and stays up', async () => {
    server.store.searchHook = async (p) => {
      const e = new Error(
        `the search took longer than ${(p.timeoutMs ?? 0) / 1000} s (--search-timeout) and was cancelled`,
      );
      e.name = 'SearchTimeoutError';
      throw e;
    };
    const res = await search('{ status = error }');
    expect(res.status).toBe(504);
    expect((await res.json()).error).toMatch(/took longer than 0.2 s \(--search-timeout\)/);
    // A store that does not even answer: the route gives up a grace period later.
    server.store.searchHook = () => new Promise(() => {});
    const late = await search('{ status = error }');
    expect(late.status).toBe(504);
    expect((await late.json()).error).toMatch(/did not finish within 0.2 s/);
    server.store.searchHook = null;
    expect((await search('{ }')).status).toBe(200);
  }, 15_000);

  it('passes q to tags and tag values as typed (unfinished queries welcome), bounded', async () => {
    const q = '{ resource.service.name = "api" && span.';
    expect((await get(`/api/v2/search/tags?scope=span&q=${encodeURIComponent(q)}`)).status).toBe(200);
    expect((await get(`/api/v2/search/tag/span.http.route/values?q=${encodeURIComponent(q)}`)).status).toBe(
      200,
    );
    expect(server.store.tagQueries.slice(-2)).toEqual([q, q]);
    await get('/api/v2/search/tags?scope=span&q=%20');
    expect(server.store.tagQueries.at(-1)).toBeUndefined();
    const long = await get(`/api/v2/search/tags?q=${'x'.repeat(MAX_QUERY_CHARS + 1)}`);
    expect(long.status).toBe(400);
    expect((await long.json()).error).toMatch(/^invalid q: /);
  });

  it('finds by query in one trace: keys as details/matching gives them; bad queries and ids refused', async () => {
    const ok = await get(
      `/api/v2/traces/${TRACE}/details/query?q=${encodeURIComponent('{ status = error }')}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ keyBase: String(2n ** 60n), offsets: [18] });
    const cases: [string, number, RegExp][] = [
      [`/api/v2/traces/${TRACE}/details/query`, 400, /^missing q/],
      [`/api/v2/traces/${TRACE}/details/query?q=%20`, 400, /^missing q/],
      [`/api/v2/traces/${TRACE}/details/query?q=${encodeURIComponent('{ .a = }')}`, 400, /^1:8: /],
      [`/api/v2/traces/${TRACE}/details/query?q=${encodeURIComponent('{ } | rate()')}`, 501, /metrics/],
      ['/api/v2/traces/xyz/details/query?q=%7B%7D', 400, /^invalid trace id/],
      ['/api/v2/traces/ffffffffffffffffffffffffffffffff/details/query?q=%7B%7D', 404, /not found/],
    ];
    for (const [path, status, message] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect((await res.json()).error, path).toMatch(message);
    }
  });
});
