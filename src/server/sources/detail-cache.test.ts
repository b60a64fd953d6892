import { describe, expect, it } from 'vitest';
import { encodeUtf8List } from '../../core/transfer/utf8-list.ts';
import { DetailCache } from './detail-cache.ts';
import { blobsOfList, type SourceDetails } from './source-details.ts';

/** Details of `spans` spans of `bytes` bytes each (4 bytes of offsets per span, plus one). */
const details = (spans: number, bytes: number, keyBase = 1n << 32n): SourceDetails => ({
  keyBase,
  blobs: blobsOfList(encodeUtf8List(Array.from({ length: spans }, () => 'x'.repeat(bytes)))),
});
/** What the cache counts for details(spans, bytes): the text, and two ranges and a document index per span. */
const size = (spans: number, bytes: number) => spans * bytes + spans * 12;

describe('DetailCache', () => {
  it('keeps details by source and trace, replacing an earlier read', () => {
    const cache = new DetailCache();
    const a = details(3, 10);
    cache.put('prod', 'ab', a);
    expect(cache.get('prod', 'ab')).toBe(a);
    expect(cache.get('other', 'ab')).toBeNull();
    expect(cache.get('prod', 'cd')).toBeNull();
    const b = details(2, 10, 2n << 32n);
    cache.put('prod', 'ab', b);
    expect(cache.get('prod', 'ab')).toBe(b);
    expect(cache.bytes).toBe(size(2, 10));
  });

  it('drops the least recently used entries past its size, never one larger than itself', () => {
    const cache = new DetailCache({ maxBytes: 3 * size(10, 100) });
    for (const id of ['a', 'b', 'c']) cache.put('s', id, details(10, 100));
    expect(cache.get('s', 'a')).not.toBeNull();
    cache.put('s', 'd', details(10, 100));
    expect(cache.get('s', 'b')).toBeNull();
    expect(['a', 'c', 'd'].map((id) => cache.get('s', id) !== null)).toEqual([true, true, true]);
    cache.put('s', 'huge', details(40, 100));
    expect(cache.get('s', 'huge')).toBeNull();
    expect(cache.bytes).toBe(3 * size(10, 100));
  });

  it('drops an entry past its age', () => {
    let now = 1_000;
    const cache = new DetailCache({ ttlMs: 500, nowMs: () => now });
    cache.put('s', 'a', details(1, 1));
    now = 1_500;
    expect(cache.get('s', 'a')).not.toBeNull();
    now = 1_501;
    expect(cache.get('s', 'a')).toBeNull();
    expect(cache.bytes).toBe(0);
  });

  it('keeps the traces of hostile names apart', () => {
    const cache = new DetailCache();
    cache.put('a\u0000b', 'c', details(1, 1));
    expect(cache.get('a', 'b\u0000c')).toBeNull();
  });
});
