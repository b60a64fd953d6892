import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturesPresent, readFixture } from '../testing/fixtures.ts';
import { createTagSource, namesOf, tagNamesPath, tagValuesPath, valuesOf } from './tag-source.ts';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('tag answers', () => {
  it.runIf(fixturesPresent)("reads Tempo's documented tags and values answers", () => {
    // The docs' tags example has a trailing comma in a list; JSON.parse wants none.
    const read = (f: string) =>
      JSON.parse(new TextDecoder().decode(readFixture(`tempo-api/${f}`)).replace(/,(\s*[\]}])/g, '$1'));
    const tags = read('tempo-api-search-tags-v2-docs.json');
    expect(namesOf(tags, 'resource')).toEqual(['k6', 'service.name']);
    expect(namesOf(tags, 'span')).toContain('http.status_code');
    const values = valuesOf(read('tempo-api-search-tag-values-v2-docs.json'));
    expect(values).toContainEqual({ type: 'string', value: 'shop-backend' });
  });

  it('keeps names and values only, sorted and distinct', () => {
    expect(
      namesOf(
        {
          scopes: [
            { name: 'span', tags: ['b', 'a', 'b', 3 as never, ''] },
            { name: 'resource', tags: ['c'] },
          ],
        },
        'span',
      ),
    ).toEqual(['a', 'b']);
    expect(namesOf(null, 'span')).toEqual([]);
    expect(
      valuesOf({ tagValues: [{ value: 'x' }, { type: 'int', value: '3' }, { type: 'string' } as never] }),
    ).toEqual([
      { type: 'string', value: 'x' },
      { type: 'int', value: '3' },
    ]);
  });

  it('asks the chosen source, the tag encoded as one path segment', () => {
    expect(tagNamesPath(null, 'resource')).toBe('/api/v2/search/tags?scope=resource');
    expect(tagValuesPath('prod', 'span."a b/c"')).toBe(
      '/api/sources/prod/api/v2/search/tag/span.%22a%20b%2Fc%22/values',
    );
  });

  it('sends the query typed so far when it holds a condition (autocomplete inside a query)', () => {
    const q = '{ resource.service.name = "api" && span.http.route = ';
    expect(tagValuesPath(null, 'span.http.route', q)).toBe(
      `/api/v2/search/tag/span.http.route/values?q=${encodeURIComponent(q.trim())}`,
    );
    expect(tagNamesPath(null, 'span', '{ .a = 1 && ')).toBe(
      `/api/v2/search/tags?scope=span&q=${encodeURIComponent('{ .a = 1 &&')}`,
    );
    // A bare `{ ` narrows nothing: the catalog answer (cached once) serves it.
    expect(tagNamesPath(null, 'span', '{ ')).toBe('/api/v2/search/tags?scope=span');
  });
});

describe('createTagSource', () => {
  it('asks the store once per scope and tag while the answer is fresh', async () => {
    const fetch = vi.fn(async (path: string) =>
      path.includes('/tags')
        ? json({ scopes: [{ name: 'span', tags: ['http.route'] }] })
        : json({ tagValues: [{ type: 'string', value: '/a' }] }),
    );
    vi.stubGlobal('fetch', fetch);
    const tags = createTagSource(new QueryClient(), null);
    expect(await tags.tagNames('span')).toEqual(['http.route']);
    expect(await tags.tagNames('span')).toEqual(['http.route']);
    expect(await tags.tagValues('span.http.route')).toEqual([{ type: 'string', value: '/a' }]);
    expect(await tags.tagValues('span.http.route')).toEqual([{ type: 'string', value: '/a' }]);
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([
      '/api/v2/search/tags?scope=span',
      '/api/v2/search/tag/span.http.route/values',
    ]);
  });

  it('cancels the request when the completion is abandoned, and asks again next time', async () => {
    const seen: AbortSignal[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_path: string, init: RequestInit) =>
          new Promise<Response>((resolve, reject) => {
            seen.push(init.signal!);
            init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
            if (seen.length > 1) resolve(json({ tagValues: [{ type: 'keyword', value: 'error' }] }));
          }),
      ),
    );
    const tags = createTagSource(new QueryClient(), null);
    const abandon = new AbortController();
    const first = tags.tagValues('status', abandon.signal);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    abandon.abort();
    await expect(first).rejects.toThrow();
    expect(seen[0].aborted).toBe(true);
    expect(await tags.tagValues('status')).toEqual([{ type: 'keyword', value: 'error' }]);
  });
});
