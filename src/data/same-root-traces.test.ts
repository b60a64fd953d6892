import { afterEach, describe, expect, it, vi } from 'vitest';
import { sameRootTraces } from './same-root-traces.ts';

const hit = (id: number, service: string, name: string, startS: number) => ({
  traceID: id.toString(16).padStart(32, '0'),
  rootServiceName: service,
  rootTraceName: name,
  startTimeUnixNano: `${startS}000000000`,
  durationMs: 5,
});

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('sameRootTraces', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the store with TraceQL, B left out, newest first, at most the limit', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return answer(200, {
        traces: [hit(1, 'web', 'GET /', 10), hit(2, 'web', 'GET /', 30), hit(3, 'web', 'GET /', 20)],
      });
    });
    const found = await sameRootTraces({
      source: null,
      rootService: 'web',
      rootName: 'GET /',
      limit: 2,
      exclude: hit(2, '', '', 0).traceID,
    });
    expect(found.by).toBe('traceql');
    expect(found.rows.map((r) => Number.parseInt(r.traceId, 16))).toEqual([3, 1]);
    const q = new URL(urls[0], 'http://x').searchParams;
    expect(q.get('q')).toBe('{ trace:rootService = "web" && trace:rootName = "GET /" }');
    expect(q.get('limit')).toBe('3');
  });

  it('filters the recent traces by their root when the store refuses the query', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      if (url.includes('q=')) return answer(400, { error: 'TraceQL search is not yet supported' });
      return answer(200, {
        traces: [
          hit(1, 'web', 'GET /', 10),
          hit(2, 'api', 'GET /', 30),
          hit(3, 'web', 'POST /', 20),
          hit(4, 'web', 'GET /', 40),
        ],
      });
    });
    const found = await sameRootTraces({ source: 'prod', rootService: 'web', rootName: 'GET /', limit: 20 });
    expect(found.by).toBe('recent');
    expect(found.rows.map((r) => Number.parseInt(r.traceId, 16))).toEqual([4, 1]);
    expect(urls[1]).toBe('/api/sources/prod/api/search?limit=1000');
  });

  it('passes any other failure on', async () => {
    vi.stubGlobal('fetch', async () => answer(503, { error: 'the store is not ready' }));
    await expect(
      sameRootTraces({ source: null, rootService: 'web', rootName: 'x', limit: 5 }),
    ).rejects.toMatchObject({
      status: 503,
    });
  });
});
