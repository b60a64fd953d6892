/**
 * The location store over a stand-in History API: pushes at once, replaces of one page coalesced,
 * a replace that changes the page (a local file's trace becoming `/trace/<id>`) written at once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const writes: { kind: 'push' | 'replace'; url: string }[] = [];
const current = { pathname: '/file/k3y9x0ab12/abc', search: '?span=1' };

beforeAll(() => {
  vi.useFakeTimers();
  const record = (kind: 'push' | 'replace') => (_state: unknown, _title: string, url: string) => {
    writes.push({ kind, url });
    const u = new URL(url, 'http://x');
    current.pathname = u.pathname;
    current.search = u.search;
  };
  vi.stubGlobal('window', {
    location: current,
    history: { state: null, pushState: record('push'), replaceState: record('replace') },
    addEventListener: () => undefined,
    scrollTo: () => undefined,
  });
});

afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('navigate', () => {
  it('coalesces replaces within a page and writes a replace that changes the page at once', async () => {
    const { navigate, useLocation } = await import('./location.ts');
    expect(useLocation.getState()).toEqual({ pathname: '/file/k3y9x0ab12/abc', search: '?span=1' });
    navigate('/file/k3y9x0ab12/abc?span=2', { replace: true });
    navigate('/file/k3y9x0ab12/abc?span=3', { replace: true });
    expect(useLocation.getState().search).toBe('?span=3');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(writes).toEqual([{ kind: 'replace', url: '/file/k3y9x0ab12/abc?span=3' }]);

    writes.length = 0;
    navigate('/file/k3y9x0ab12/abc?span=4', { replace: true });
    navigate('/trace/abc?span=4', { replace: true });
    expect(writes).toEqual([{ kind: 'replace', url: '/trace/abc?span=4' }]);
    expect(useLocation.getState()).toEqual({ pathname: '/trace/abc', search: '?span=4' });
    vi.advanceTimersByTime(200);
    expect(writes).toHaveLength(1);

    writes.length = 0;
    navigate('/search?q=x');
    expect(writes).toEqual([{ kind: 'push', url: '/search?q=x' }]);
  });
});
