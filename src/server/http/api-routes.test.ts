import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { parseSourceSpec } from '../sources/source-config.ts';

const TRACE = '00000000000000000123456789abcdef';

describe('read API (in process, fake store)', () => {
  let server: InProcessServer;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.base}${path}`, { headers });
  beforeAll(async () => {
    server = await startInProcess({
      sources: [
        parseSourceSpec('prod=tempo:http://user:secret@127.0.0.1:9'),
        parseSourceSpec('legacy=jaeger:http://127.0.0.1:9'),
      ],
    });
    server.store.spans.push({ traceId: TRACE, spanId: 'aaaaaaaaaaaaaaaa', name: 'root' });
  });
  afterAll(() => server.close());

  it('answers echo and ready', async () => {
    expect(await (await get('/api/echo')).text()).toBe('echo');
    const ready = await get('/ready');
    expect([ready.status, await ready.text()]).toEqual([200, 'ready']);
  });

  it('serves a trace in the v1, v2 and columnar shapes; short ids are left-padded', async () => {
    const v1 = await get('/api/traces/123456789ABCDEF');
    expect(v1.status).toBe(200);
    expect(v1.headers.get('content-type')).toBe('application/json');
    expect((await v1.json()).batches[0].scopeSpans[0].spans[0].name).toBe('root');
    const v2 = await get(`/api/v2/traces/${TRACE}`);
    expect(Object.keys(await v2.json())).toEqual(['trace']);
    const columnar = await get(`/api/v2/traces/${TRACE}`, { Accept: 'application/vnd.spanscope.columnar' });
    expect(columnar.headers.get('content-type')).toBe('application/vnd.spanscope.columnar');
    expect([...new Uint8Array(await columnar.arrayBuffer())]).toEqual([1, 2, 3, 1]);
  });

  it('answers 404 JSON for an unknown trace and 400 for a malformed or hostile id', async () => {
    const missing = await get('/api/traces/ffffffffffffffffffffffffffffffff');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'trace ffffffffffffffffffffffffffffffff not found' });
    const hostile = [
      'xyz',
      '0',
      '0'.repeat(33),
      'f'.repeat(33),
      '%E0%A4%A',
      '..%2F..%2Fetc%2Fpasswd',
      '%00',
      `${'a'.repeat(5000)}`,
      "1'%20OR%201=1",
    ];
    for (const id of hostile) {
      for (const prefix of ['/api/traces/', '/api/v2/traces/']) {
        const res = await get(prefix + id);
        expect(res.status, prefix + id).toBe(400);
        const body = await res.json();
        expect(body.error, id).toMatch(/^invalid trace id/);
        expect(body.error.length).toBeLessThan(200);
      }
    }
    expect((await get('/api/traces/')).status).toBe(400);
  });

  it('passes search parameters through, with defaults and the time limit', async () => {
    await get('/api/search');
    await get('/api/search?start=1700000000&end=1700003600&limit=1000&spss=2&q=%7B%20%7D');
    expect(server.store.searches.slice(-2)).toEqual([
      { startS: undefined, endS: undefined, limit: 20, spss: 3, timeoutMs: 30_000 },
      { q: '{ }', startS: 1700000000, endS: 1700003600, limit: 1000, spss: 2, timeoutMs: 30_000 },
    ]);
  });

  it('answers 400 naming the bad search parameter', async () => {
    const cases: [string, RegExp][] = [
      ['limit=0', /^invalid limit '0'/],
      ['limit=abc', /^invalid limit 'abc'/],
      ['limit=-5', /^invalid limit '-5'/],
      ['start=yesterday', /^invalid start 'yesterday'/],
      ['end=1.5', /^invalid end '1.5'/],
      ['start=200&end=100', /^invalid end 100: before start 200/],
      ['spss=%00', /^invalid spss '\\u0000'/],
      ['limit=5000', /^invalid limit 5000: at most 1000$/],
    ];
    for (const [query, message] of cases) {
      const res = await get(`/api/search?${query}`);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error, query).toMatch(message);
    }
  });

  it('answers tags by scope and refuses an unknown scope', async () => {
    expect(await (await get('/api/v2/search/tags?scope=resource')).json()).toEqual({
      scopes: [{ name: 'resource', tags: ['http.method'] }],
    });
    await get('/api/v2/search/tags');
    expect(server.store.tagCalls.slice(-2)).toEqual(['resource', undefined]);
    const bad = await get('/api/v2/search/tags?scope=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^invalid scope '<script>'/);
  });

  it('answers tag values, with the tag percent-decoded, and refuses hostile tags', async () => {
    const res = await get('/api/v2/search/tag/resource.service.name/values');
    expect(await res.json()).toEqual({ tagValues: [{ type: 'string', value: 'resource.service.name' }] });
    const spaced = await get('/api/v2/search/tag/span.my%20tag/values');
    expect((await spaced.json()).tagValues[0].value).toBe('span.my tag');
    for (const tag of ['%E0%A4%A', 'a%0Ab', 'x'.repeat(2000)]) {
      expect((await get(`/api/v2/search/tag/${tag}/values`)).status, tag).toBe(400);
    }
  });

  it('lists the sources with their health, without credentials', async () => {
    const text = await (await get('/api/sources')).text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toEqual({
      sources: [
        { name: 'local', kind: 'local' },
        {
          name: 'prod',
          kind: 'tempo',
          url: 'http://127.0.0.1:9',
          health: expect.objectContaining({ reachable: false, failure: 'unreachable' }),
        },
        {
          name: 'legacy',
          kind: 'jaeger',
          url: 'http://127.0.0.1:9',
          health: expect.objectContaining({ reachable: false, failure: 'unreachable' }),
        },
      ],
    });
  });

  it('answers unknown API paths with 404 JSON and wrong methods with 405', async () => {
    for (const path of ['/api/nope', '/api', '/api/traces', '/api/v3/traces/abc']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error).toMatch(/^no such endpoint/);
    }
    const del = await fetch(`${server.base}/api/search`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET');
  });
});
