import { describe, expect, test } from 'vitest';
import { PreviewCache } from './preview-cache.ts';

describe('preview cache', () => {
  test('bounded by bytes and entries, least recently used out first', () => {
    const c = new PreviewCache<string>({ maxBytes: 10, maxEntries: 3, ttlMs: 1000 }, (v) => v.length);
    c.set('a', 'aaaa');
    c.set('b', 'bbbb');
    expect(c.get('a')).toBe('aaaa');
    c.set('c', 'cccc'); // 12 bytes: b (least recently used) goes
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual(['aaaa', undefined, 'cccc']);
    c.set('d', 'd');
    c.set('e', 'e'); // 4 entries: a goes
    expect(c.size).toBe(3);
    expect(c.get('a')).toBeUndefined();
    expect(c.totalBytes).toBe(6);
    c.set('huge', 'x'.repeat(11));
    expect(c.get('huge')).toBeUndefined();
  });

  test('an entry past its time to live is gone', () => {
    let now = 0;
    const c = new PreviewCache<string>(
      { maxBytes: 100, maxEntries: 10, ttlMs: 50 },
      (v) => v.length,
      () => now,
    );
    c.set('a', 'x');
    now = 49;
    expect(c.get('a')).toBe('x');
    now = 50;
    expect(c.get('a')).toBeUndefined();
    expect(c.totalBytes).toBe(0);
  });
});
