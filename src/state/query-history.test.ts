import { afterEach, describe, expect, it, vi } from 'vitest';
import { historyStep, MAX_HISTORY, validEntries, withQuery } from './query-history.ts';

describe('withQuery', () => {
  it('puts the query first, once, trimmed, and keeps the last 50', () => {
    let h: readonly string[] = [];
    h = withQuery(h, '  { status = error } ');
    h = withQuery(h, '{}');
    h = withQuery(h, '{ status = error }');
    expect(h).toEqual(['{ status = error }', '{}']);
    expect(withQuery(h, '   ')).toBe(h);
    expect(withQuery(h, '{ status = error }')).toBe(h);
    for (let i = 0; i < 60; i++) h = withQuery(h, `{ .n = ${i} }`);
    expect(h).toHaveLength(MAX_HISTORY);
    expect(h[0]).toBe('{ .n = 59 }');
    expect(h.at(-1)).toBe('{ .n = 10 }');
  });

  it('refuses a query longer than a URL may hold', () => {
    expect(withQuery([], 'x'.repeat(10_001))).toEqual([]);
  });
});

describe('validEntries', () => {
  it('keeps distinct non-empty strings of a stored value', () => {
    expect(validEntries(['a', 'a', '', 3, null, ' ', 'b'])).toEqual(['a', 'b']);
    expect(validEntries('nope')).toEqual([]);
    expect(validEntries(Array.from({ length: 80 }, (_, i) => `q${i}`))).toHaveLength(MAX_HISTORY);
  });
});

describe('historyStep', () => {
  it('walks from the draft (-1) to older entries and back, stopping at both ends', () => {
    expect(historyStep(3, -1, 'older')).toBe(0);
    expect(historyStep(3, 1, 'older')).toBe(2);
    expect(historyStep(3, 2, 'older')).toBe(2);
    expect(historyStep(3, 0, 'newer')).toBe(-1);
    expect(historyStep(3, -1, 'newer')).toBe(-1);
    expect(historyStep(0, -1, 'older')).toBe(-1);
  });
});

describe('the history store', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('persists to localStorage and reads back only what is valid', async () => {
    const data = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => data.set(k, v),
      removeItem: (k: string) => data.delete(k),
    });
    vi.resetModules();
    data.set(
      'spanscope.query-history',
      JSON.stringify({ state: { entries: ['{}', 42, '{}', 'x'] }, version: 1 }),
    );
    const m = await import('./query-history.ts');
    expect(m.useQueryHistory.getState().entries).toEqual(['{}', 'x']);
    m.recordQuery('{ kind = server }');
    expect(JSON.parse(data.get('spanscope.query-history')!).state.entries).toEqual([
      '{ kind = server }',
      '{}',
      'x',
    ]);
    m.clearQueryHistory();
    expect(m.useQueryHistory.getState().entries).toEqual([]);
  });
});
