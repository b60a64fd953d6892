import { describe, expect, it } from 'vitest';
import { readFixture } from '../../testing/fixtures.ts';
import { otlpComparable } from '../../testing/otlp-comparable.ts';
import { decodeOtlpJson } from '../formats/otlp-json/decode.ts';
import { parseInput } from '../formats/parse-input.ts';
import { type SpanTable, TraceSetBuilder } from '../model/span-table.ts';
import { DetailsNotLoadedError, decodeColumnarTrace } from './decode-columnar.ts';
import { DeferredDetails } from './deferred-details.ts';
import { decodeDetailBatch, encodeDetailBatch } from './detail-batch.ts';
import { type ColumnarTrace, columnarFromTable, encodeColumnar } from './encode-columnar.ts';

function fixtureTable(rel: string): SpanTable {
  const sink = new TraceSetBuilder();
  const input = parseInput(readFixture(rel));
  if (input.kind !== 'json') throw new Error(`${rel} is not one JSON document`);
  decodeOtlpJson(input.value, sink);
  return sink.build().reduce((a, b) => (b.count > a.count ? b : a));
}

const utf8 = new TextEncoder();
const table = fixtureTable('otlp-json/grafana-tsdb-tempo-trace-snake_case.json');
const columnar: ColumnarTrace = columnarFromTable(table);
const n = table.count;
/** Keys as a store would give them: ascending, with gaps (other traces' rows in between). */
const keys = Uint32Array.from({ length: n }, (_, i) => i * 3 + (i % 2));
const keyBase = 2n ** 40n;

function deferredBody() {
  return decodeColumnarTrace(encodeColumnar(columnar, { keys, keyBase }));
}

/** What a store answers for spans [from, to): their detail blobs, in key order. */
function batchOf(from: number, to: number): Uint8Array {
  return encodeDetailBatch(columnar.detailJson.slice(from, to).map((text) => utf8.encode(text)));
}

describe('columnar body with deferred details', () => {
  it('has a table big enough to split', () => {
    expect(n).toBeGreaterThan(10);
  });

  it('carries the hot columns and the keys, and no details', () => {
    const inline = encodeColumnar(columnar);
    const body = encodeColumnar(columnar, { keys, keyBase });
    const { table: t, deferred } = deferredBody();
    expect(body.byteLength).toBeLessThan(
      inline.byteLength - columnar.detailJson.join('').length + n * 4 + 64,
    );
    expect(t.spanIds).toEqual(table.spanIds);
    expect(t.parentIds).toEqual(table.parentIds);
    expect(Array.from(t.startNs)).toEqual(Array.from(table.startNs));
    expect(deferred?.count).toBe(n);
    expect(deferred?.keyOf(5)).toBe(keyBase + 15n + 1n);
    expect(deferred?.complete).toBe(false);
  });

  it('throws DetailsNotLoadedError for a span whose details have not arrived', () => {
    const { table: t } = deferredBody();
    expect(() => t.details(3)).toThrow(DetailsNotLoadedError);
    expect(() => t.details(n)).toThrow(RangeError);
  });

  it('gives every span its details whichever batch boundaries they arrive in', () => {
    const expected = Array.from({ length: n }, (_, i) => otlpComparable(table.details(i)));
    for (let cut = 0; cut <= n; cut++) {
      const { table: t, deferred } = deferredBody();
      // The later batch first: batches may arrive in any order.
      deferred?.fill(cut, decodeDetailBatch(batchOf(cut, n), n - cut));
      expect(deferred?.nextMissing(0)).toBe(cut === 0 ? n : 0);
      deferred?.fill(0, decodeDetailBatch(batchOf(0, cut), cut));
      expect(deferred?.complete).toBe(true);
      for (let i = 0; i < n; i++) expect(otlpComparable(t.details(i))).toEqual(expected[i]);
    }
  });

  it('keeps the first arrival of a span and finds the gaps', () => {
    const { table: t, deferred } = deferredBody();
    const d = deferred as DeferredDetails;
    d.fill(4, decodeDetailBatch(batchOf(4, 5), 1));
    expect(d.has(4)).toBe(true);
    expect(d.nextMissing(4)).toBe(5);
    expect(otlpComparable(t.details(4))).toEqual(otlpComparable(table.details(4)));
    d.fill(0, decodeDetailBatch(batchOf(0, n), n));
    expect(d.complete).toBe(true);
    expect(() => d.fill(n - 1, decodeDetailBatch(batchOf(0, 2), 2))).toThrow(RangeError);
  });

  it('refuses a deferred body cut at any length, naming the problem', () => {
    const body = encodeColumnar(columnar, { keys, keyBase });
    const step = Math.max(1, Math.floor(body.byteLength / 500));
    for (let cut = 0; cut < body.byteLength; cut += step)
      expect(() => decodeColumnarTrace(body.subarray(0, cut)), `cut at ${cut}`).toThrow(/^columnar trace: /);
  });

  it('refuses a header whose details mode is missing or malformed', () => {
    const body = encodeColumnar(columnar, { keys, keyBase });
    const headerLength = new DataView(body.buffer).getUint32(8, true);
    const header = new TextDecoder().decode(body.subarray(16, 16 + headerLength));
    for (const [from, to] of [
      [`"mode":"deferred"`, `"mode":"later!!!"`],
      [`"keyBase":"${keyBase}"`, `"keyBase":"-${String(keyBase).slice(1)}"`],
    ]) {
      const changed = utf8.encode(header.replace(from, to.padEnd(from.length, ' ')));
      expect(changed.byteLength).toBe(headerLength);
      const bad = body.slice();
      bad.set(changed, 16);
      expect(() => decodeColumnarTrace(bad)).toThrow(/^columnar trace: bad details mode/);
    }
  });

  it('refuses keys that do not ascend', () => {
    const bad = keys.slice();
    bad[3] = bad[2];
    expect(() => decodeColumnarTrace(encodeColumnar(columnar, { keys: bad, keyBase }))).toThrow(
      /detailKeys\[3\] is not ascending/,
    );
  });
});

describe('finding text in raw details', () => {
  const list = (...texts: string[]) =>
    decodeDetailBatch(encodeDetailBatch(texts.map((t) => utf8.encode(t))), texts.length);
  const marked = (d: DeferredDetails, needle: string) => {
    const marks = new Uint8Array(d.count);
    d.markContaining(utf8.encode(needle), marks);
    return Array.from(marks);
  };

  it('marks spans whose text holds the needle in any ASCII case, never across two spans', () => {
    const d = new DeferredDetails(Uint32Array.of(0, 1, 2, 3, 4), 0n);
    d.fill(0, list('{"k":"Card Processor"}', 'abc', 'ab', 'c', 'ünï CARD'));
    expect(marked(d, 'card')).toEqual([1, 0, 0, 0, 1]);
    expect(marked(d, 'abc')).toEqual([0, 1, 0, 0, 0]);
    expect(marked(d, 'bc')).toEqual([0, 1, 0, 0, 0]);
    expect(marked(d, 'zzz')).toEqual([0, 0, 0, 0, 0]);
  });

  it('looks at each span in the batch that holds its details only, and skips spans not arrived', () => {
    const d = new DeferredDetails(Uint32Array.of(0, 1, 2, 3), 0n);
    d.fill(1, list('needle here'));
    // Span 1 is filled already: this batch's copy of it is not the one kept.
    d.fill(0, list('no', 'stale needle', 'needle too'));
    expect(marked(d, 'needle')).toEqual([0, 1, 1, 0]);
  });
});

describe('details batch on hostile bytes', () => {
  const good = batchOf(0, 4);

  it('round-trips texts, empty ones and multi-byte ones included', () => {
    const texts = ['', '{"a":"ü✓"}', '{}'];
    const list = decodeDetailBatch(encodeDetailBatch(texts.map((t) => utf8.encode(t))), 3);
    const d = new DeferredDetails(Uint32Array.of(1, 2, 3), 0n);
    d.fill(0, list);
    expect([0, 1, 2].map((i) => d.text(i))).toEqual(texts);
  });

  it('refuses a batch cut at any length, naming the problem', () => {
    for (let cut = 0; cut < good.byteLength; cut++)
      expect(() => decodeDetailBatch(good.subarray(0, cut), 4), `cut at ${cut}`).toThrow(
        /^span details batch: (only \d+ bytes|offsets run past the end|text is \d+ bytes, offsets say \d+)/,
      );
  });

  it('refuses a wrong magic number, version, count or offsets', () => {
    expect(() => decodeDetailBatch(utf8.encode('{"trace":{"resourceSpans":[]}}'), 4)).toThrow(/magic/);
    const wrong = (at: number, value: number) => {
      const copy = good.slice();
      new DataView(copy.buffer).setUint32(at, value, true);
      return copy;
    };
    expect(() => decodeDetailBatch(wrong(4, 7), 4)).toThrow(/version 7/);
    expect(() => decodeDetailBatch(good, 5)).toThrow(/holds 4 spans, expected 5/);
    expect(() => decodeDetailBatch(wrong(8, 0xffffffff), 0xffffffff)).toThrow(/offsets run past/);
    expect(() => decodeDetailBatch(wrong(16, 3), 4)).toThrow(/start at 0/);
    expect(() => decodeDetailBatch(wrong(24, 0), 4)).toThrow(/offset 2 is out of order/);
  });

  it('reads a batch that does not start on a 4-byte boundary', () => {
    const shifted = new Uint8Array(good.byteLength + 1);
    shifted.set(good, 1);
    expect(decodeDetailBatch(shifted.subarray(1), 4).offsets.length).toBe(5);
  });
});
