import { describe, expect, it } from 'vitest';
import { decodeColumnarTrace } from '../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../core/transfer/detail-batch.ts';
import { decodeUtf8Entry, encodeUtf8List } from '../../core/transfer/utf8-list.ts';
import { generatedTable } from '../../testing/generated-table.ts';
import { comparableSpans } from '../../testing/span-compare.ts';
import { columnarParts } from './encode-trace.ts';
import {
  blobsOfList,
  columnarAnswer,
  detailBatchOf,
  keyBaseOf,
  SOURCE_DEFERRED_MAX_SPANS,
  type SourceDetails,
} from './source-details.ts';

const texts = (batch: Uint8Array, count: number) => {
  const list = decodeDetailBatch(batch, count);
  return Array.from({ length: count }, (_, i) => decodeUtf8Entry(list, i));
};

describe('keyBaseOf', () => {
  it('names the rows of one read: the same ids in the same order give the same base, past every key', () => {
    const ids = ['00f067aa0ba902b7', '00f067aa0ba902b8', '00f067aa0ba902b9'];
    const base = keyBaseOf({ count: 3, spanIds: ids });
    expect(keyBaseOf({ count: 3, spanIds: [...ids] })).toBe(base);
    expect(keyBaseOf({ count: 3, spanIds: [ids[1], ids[0], ids[2]] })).not.toBe(base);
    expect(keyBaseOf({ count: 2, spanIds: ids.slice(0, 2) })).not.toBe(base);
    for (const b of [base, keyBaseOf({ count: 0, spanIds: [] })]) {
      expect(b % (1n << 32n)).toBe(0n);
      expect(b > 0n && b + 0xffffffffn < 2n ** 63n).toBe(true);
    }
  });
});

describe('columnarAnswer', () => {
  it('defers the details when asked, and the batches give back what the inline answer holds', () => {
    const table = generatedTable(500);
    const parts = columnarParts(table);
    const inline = columnarAnswer(table, parts, 'columnar');
    expect(inline.details).toBeNull();
    const deferred = columnarAnswer(table, parts, 'columnar-deferred');
    expect(deferred.body.length).toBeLessThan(inline.body.length / 2);
    const { details } = deferred;
    if (!details) throw new Error('no details kept');
    const decoded = decodeColumnarTrace(deferred.body);
    expect(decoded.deferred?.keyBase).toBe(details.keyBase);
    const d = decoded.deferred;
    if (!d) throw new Error('not deferred');
    for (let first = 0; first < d.count; first += 170) {
      const end = Math.min(d.count, first + 170);
      const batch = detailBatchOf(details, d.keyOf(first), d.keyOf(end - 1));
      d.fill(first, decodeDetailBatch(batch as Uint8Array, end - first));
    }
    expect(comparableSpans([decoded.table])).toEqual(
      comparableSpans([decodeColumnarTrace(inline.body).table]),
    );
  });

  it('answers a trace over the limit with its details inline', () => {
    const table = generatedTable(11);
    const parts = columnarParts(table);
    expect(columnarAnswer(table, parts, 'columnar-deferred', 10)).toEqual(
      columnarAnswer(table, parts, 'columnar'),
    );
    expect(columnarAnswer(table, parts, 'columnar-deferred', 11).details).not.toBeNull();
    expect(SOURCE_DEFERRED_MAX_SPANS).toBe(100_000);
  });
});

describe('detailBatchOf', () => {
  const base = 5n << 32n;
  const d: SourceDetails = { keyBase: base, blobs: blobsOfList(encodeUtf8List(['a', 'bb', 'ccc', 'dddd'])) };

  it('answers the spans of the range, clamped to the trace as the local store does', () => {
    expect(texts(detailBatchOf(d, base + 1n, base + 2n) as Uint8Array, 2)).toEqual(['bb', 'ccc']);
    expect(texts(detailBatchOf(d, 0n, base) as Uint8Array, 1)).toEqual(['a']);
    expect(texts(detailBatchOf(d, base + 3n, 2n ** 63n - 1n) as Uint8Array, 1)).toEqual(['dddd']);
    expect(texts(detailBatchOf(d, 0n, 2n ** 63n - 1n) as Uint8Array, 4)).toEqual(['a', 'bb', 'ccc', 'dddd']);
  });

  it('answers null for ranges that hold none of its keys (another read of the trace), or reversed', () => {
    for (const [from, to] of [
      [0n, base - 1n],
      [base + 4n, base + 9n],
      [base + 2n, base + 1n],
      [6n << 32n, (6n << 32n) + 3n],
      [-1n, -1n],
    ])
      expect(detailBatchOf(d, from, to), `${from}..${to}`).toBeNull();
    const empty: SourceDetails = { keyBase: base, blobs: blobsOfList(encodeUtf8List([])) };
    expect(detailBatchOf(empty, base, base)).toBeNull();
  });

  it('answers a big range in one batch', () => {
    const many: SourceDetails = {
      keyBase: base,
      blobs: blobsOfList(encodeUtf8List(Array.from({ length: 100_000 }, (_, i) => `{"i":${i}}`))),
    };
    const batch = detailBatchOf(many, base, base + 99_999n) as Uint8Array;
    expect(texts(batch, 100_000).at(-1)).toBe('{"i":99999}');
  });
});
