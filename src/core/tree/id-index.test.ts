import { describe, expect, test } from 'vitest';
import { asciiTrace } from '../../testing/ascii-trace.ts';
import { bytesToHex } from '../model/ids.ts';
import type { SpanTable } from '../model/span-table.ts';
import { decodeColumnar } from '../transfer/decode-columnar.ts';
import { columnarFromTable, encodeColumnar } from '../transfer/encode-columnar.ts';
import { buildTree } from './build-tree.ts';
import { IdHash, slotOf } from './id-hash.ts';
import { buildIdIndex } from './id-index.ts';
import { readHexWords, rowIds, TextId } from './row-ids.ts';

/** A table of these ids as text (no other column is read by the index). */
function textTable(
  spanIds: string[],
  parentIds: string[],
): Pick<SpanTable, 'count' | 'spanIds' | 'parentIds'> {
  return { count: spanIds.length, spanIds, parentIds };
}

/** The id with `value` written as big-endian bytes at byte `at` of 8 (the rest zeros). */
function idWith(value: number, at: number, width: number): string {
  const bytes = new Uint8Array(8);
  for (let b = 0; b < width; b++) bytes[at + width - 1 - b] = (value >>> (8 * b)) & 0xff;
  return bytesToHex(bytes);
}

describe('readHexWords', () => {
  test('reads the 8 bytes of 16 lower-case hex digits as two little-endian words', () => {
    const out = new Int32Array(2);
    expect(readHexWords('0102030405060708', out, 0)).toBe(true);
    expect(Array.from(out)).toEqual([0x04030201, 0x08070605]);
    expect(readHexWords('ffffffffffffffff', out, 0)).toBe(true);
    expect(Array.from(out)).toEqual([-1, -1]);
  });

  test('refuses anything else and leaves the output alone', () => {
    const out = Int32Array.of(7, 7);
    for (const bad of [
      '',
      'abc',
      '0102030405060708a',
      'ABCDEF0123456789',
      '01020304050607g8',
      '010203040506070\u0130',
      'ROOT',
    ])
      expect(readHexWords(bad, out, 0)).toBe(false);
    expect(Array.from(out)).toEqual([7, 7]);
  });
});

describe('IdHash', () => {
  test('finds every id it holds and no other, growing from a tiny table', () => {
    const hash = new IdHash(1);
    const n = 50_000;
    let wrong = 0;
    for (let i = 0; i < n; i++) if (hash.putIfAbsent(i, ~i, i) !== -1) wrong++;
    expect(hash.size).toBe(n);
    for (let i = 0; i < n; i++) if (hash.get(i, ~i) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(hash.get(n, ~n)).toBe(-1);
    expect(hash.get(~0, 0)).toBe(-1);
    // A second put keeps the first value.
    expect(hash.putIfAbsent(3, ~3, 99)).toBe(3);
  });

  test('ids that share a slot (collisions) stay apart', () => {
    const shift = 32 - 4;
    const want = slotOf(1, 2, shift);
    const colliding: [number, number][] = [];
    for (let w = 0; colliding.length < 12; w++)
      if (slotOf(w, w * 7, shift) === want) colliding.push([w, w * 7]);
    const hash = new IdHash(8);
    for (const [i, [a, b]] of colliding.entries()) hash.putIfAbsent(a, b, i);
    expect(colliding.map(([a, b]) => hash.get(a, b))).toEqual(colliding.map((_, i) => i));
  });

  test('ids differing only in one or two bytes, at any position, spread over the table', () => {
    const bits = 17;
    for (let at = 0; at <= 6; at++) {
      const used = new Set<number>();
      const words = new Int32Array(2);
      for (let v = 0; v < 1 << 16; v++) {
        readHexWords(idWith(v, at, 2), words, 0);
        used.add(slotOf(words[0], words[1], 32 - bits));
      }
      // Random ids would fill ~(1 - e^-0.5) ≈ 39% of 2^17 slots; a weak mix fills a few hundred.
      expect(used.size).toBeGreaterThan(0.35 * (1 << bits));
    }
  });

  test('ids differing in only one word are different ids', () => {
    const hash = new IdHash(4);
    hash.putIfAbsent(5, 0, 0);
    hash.putIfAbsent(0, 5, 1);
    hash.putIfAbsent(5, 5, 2);
    expect([hash.get(5, 0), hash.get(0, 5), hash.get(5, 5), hash.get(0, 0)]).toEqual([0, 1, 2, -1]);
  });
});

describe('buildIdIndex', () => {
  test('duplicate ids form groups in input order; the first row answers lookups', () => {
    const a = '00000000000000aa';
    const b = '00000000000000bb';
    const t = textTable([a, b, a, a, b], ['', a, b, '', a]);
    const index = buildIdIndex(rowIds(t), t);
    expect([...index.groups]).toEqual([
      [0, [0, 2, 3]],
      [1, [1, 4]],
    ]);
    expect([0, 1, 2, 3, 4].map(index.parentRow)).toEqual([-1, 0, 1, -1, 0]);
  });

  test('an absent, empty or all-zero parent is none, also when a span has the zero id', () => {
    const zero = '0000000000000000';
    const t = textTable([zero, '0000000000000001'], ['', zero]);
    const ids = rowIds(t);
    expect(ids.text).toBeNull();
    const index = buildIdIndex(ids, t);
    expect([index.parentRow(0), index.parentRow(1)]).toEqual([-1, -1]);
    const tree = buildTree(asciiTrace('a |=|\nb |=|'), { adjustClockSkew: false });
    expect(tree.summary.rootCount).toBe(2);
  });

  test('ids differing only in one half are different spans', () => {
    const ids = ['00000001ffffffff', 'ffffffff00000001', '00000001ffffff00', '00000000ffffffff'];
    const t = textTable(ids, ['', ids[0], ids[1], 'ffffffff00000002']);
    const index = buildIdIndex(rowIds(t), t);
    expect(index.groups.size).toBe(0);
    expect([0, 1, 2, 3].map(index.parentRow)).toEqual([-1, 0, 1, -1]);
  });

  test('ids that are not canonical hex are compared as text, exactly', () => {
    const t = textTable(
      ['ROOT', 'ABCDEF0123456789', 'abcdef0123456789', 'ROOT'],
      ['', 'ROOT', 'ABCDEF0123456789', 'abcdef0123456789'],
    );
    const ids = rowIds(t);
    expect(Array.from(ids.text ?? [])).toEqual([
      TextId.Span,
      TextId.Span | TextId.Parent,
      TextId.Parent,
      TextId.Span,
    ]);
    const index = buildIdIndex(ids, t);
    expect([...index.groups]).toEqual([[0, [0, 3]]]);
    expect([0, 1, 2, 3].map(index.parentRow)).toEqual([-1, 0, 1, 2]);
  });

  test('a million random ids (and a million parent lookups) resolve exactly', () => {
    const n = 1_000_000;
    const hex = (): string =>
      Math.floor(Math.random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0');
    const spanIds = Array.from({ length: n }, () => hex() + hex());
    const parentIds = spanIds.map((_, i) => (i === 0 ? '' : spanIds[(i - 1) >> 1]));
    const t = textTable(spanIds, parentIds);
    const index = buildIdIndex(rowIds(t), t);
    const distinct = new Set(spanIds).size;
    expect(index.groups.size).toBe(n - distinct);
    for (let r = 1; r < n; r++) {
      const p = index.parentRow(r);
      if (spanIds[p] !== parentIds[r]) expect.fail(`row ${r}: parent row ${p}`);
    }
  });

  test('200,000 counter ids (differing in the last bytes only) resolve exactly and quickly', () => {
    const n = 200_000;
    const spanIds = Array.from({ length: n }, (_, i) => idWith(i + 1, 5, 3));
    const parentIds = spanIds.map((_, i) => (i === 0 ? '' : spanIds[(i - 1) >> 1]));
    const t = textTable(spanIds, parentIds);
    const start = performance.now();
    const index = buildIdIndex(rowIds(t), t);
    const parents = Array.from({ length: n }, (_, r) => index.parentRow(r));
    // Linear time takes a few ms; a hash that piles these into few slots takes minutes.
    expect(performance.now() - start).toBeLessThan(5_000);
    expect(parents).toEqual(parentIds.map((_, i) => (i === 0 ? -1 : (i - 1) >> 1)));
  });
});

describe('the ids as bytes', () => {
  test('the tree and its id bytes are built without making any id string', () => {
    const table = asciiTrace(`
      root         |==========|
        a           |===|
        b<gone           |====|
      a             |==|
    `);
    const binary = decodeColumnar(encodeColumnar(columnarFromTable(table)));
    const strict: SpanTable = Object.create(binary, {
      spanIds: { get: () => expect.fail('span id strings were made') },
      parentIds: { get: () => expect.fail('parent id strings were made') },
    });
    const tree = buildTree(strict, { adjustClockSkew: true });
    const bytes = tree.spanIdBytes();
    expect(tree.summary).toEqual(buildTree(table, { adjustClockSkew: true }).summary);
    expect(bytesToHex(bytes)).toBe(
      Array.from({ length: tree.nodeCount }, (_, k) => tree.spanIdOf(k)).join(''),
    );
  });

  test('id bytes of the wrong length are refused', () => {
    const table = asciiTrace('a |=|');
    const bad = { ...table, idBytes: { spanIds: new Uint8Array(7), parentIds: new Uint8Array(8) } };
    expect(() => buildTree(bad, { adjustClockSkew: false })).toThrow(/id bytes/);
  });
});
