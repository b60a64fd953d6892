import { describe, expect, it } from 'vitest';
import { asciiTrace, dedent, drawTree } from '../../testing/ascii-trace.ts';
import { checkTree } from '../../testing/check-tree.ts';
import { frameStarts, framesByRows } from '../../testing/columnar-frames.ts';
import { deferredColumnar, generatedTable } from '../../testing/generated-table.ts';
import { cutAt } from '../../testing/stream-decode.ts';
import type { SpanTable } from '../model/span-table.ts';
import { buildTree } from '../tree/build-tree.ts';
import { FRAME_HEADER_BYTES } from './columnar-stream.ts';
import { ColumnarStreamReader } from './columnar-stream-reader.ts';
import { DetailsNotLoadedError, decodeColumnarTrace, readHeader } from './decode-columnar.ts';
import { columnarFromTable, encodeColumnar } from './encode-columnar.ts';

function reading(pieces: readonly Uint8Array[]): ColumnarStreamReader {
  const reader = new ColumnarStreamReader();
  for (const piece of pieces) reader.push(piece);
  return reader;
}

/** The prefix holds exactly the first `k` rows of the whole table. */
function expectFirstRows(prefix: SpanTable, whole: SpanTable, k: number): void {
  expect(prefix.count).toBe(k);
  expect(prefix.baseNs).toBe(whole.baseNs);
  expect(prefix.strings).toEqual(whole.strings);
  expect(prefix.spanIds).toEqual(whole.spanIds.slice(0, k));
  expect(prefix.parentIds).toEqual(whole.parentIds.slice(0, k));
  for (const col of ['startNs', 'durNs', 'names', 'services', 'kinds', 'statuses', 'flags'] as const)
    expect(Array.from(prefix[col]), col).toEqual(Array.from(whole[col].subarray(0, k)));
  expect(prefix.eventStart.length).toBe(k + 1);
}

describe('the rows of a streamed body that have arrived, as a table', () => {
  // Stored as an exporter sends them: children end, and are exported, before their parents.
  const drawing = `
    b<a          |=|
    a<root      |===|
    c<root            |==|
    root       |==========|
  `;
  const table = asciiTrace(drawing);
  const body = encodeColumnar(columnarFromTable(table));
  const frames = framesByRows(body, 1);

  it('children before their parents: orphans under a missing parent until the parent comes', () => {
    const cuts = [...frameStarts(frames), frames.byteLength];
    const treeOf = (k: number) => {
      const at = cuts.find((cut) => reading([frames.subarray(0, cut)]).rowsIn === k) as number;
      return drawTree(buildTree(reading([frames.subarray(0, at)]).prefix()!, { adjustClockSkew: false }));
    };
    const trees = [1, 2, 3, 4].map(treeOf);
    expect(trees[0]).toBe(
      dedent(`
        ?a           |=|
          b [orphan] |=|
      `),
    );
    expect(trees[1]).toBe(
      dedent(`
        ?root        |===|
          a [orphan] |===|
            b         |=|
      `),
    );
    expect(trees[3]).toBe(
      dedent(`
        root  |==========|
          a    |===|
            b   |=|
          c          |==|
      `),
    );
  });

  it('cut at every frame boundary: the rows in are a prefix, and their tree holds', () => {
    const whole = generatedTable(400, 3);
    const streamed = framesByRows(deferredColumnar(whole), 37);
    let last = 0;
    for (const at of frameStarts(streamed)) {
      const reader = reading([streamed.subarray(0, at)]);
      const k = reader.rowsIn;
      expect(k).toBeGreaterThanOrEqual(last);
      last = k;
      const prefix = reader.prefix();
      if (!prefix) continue;
      expectFirstRows(prefix, whole, k);
      checkTree(prefix, buildTree(prefix, { adjustClockSkew: true }));
    }
    expect(last).toBe(whole.count);
  });

  it('views the id bytes of its rows only (the tree reads them; hex lists made when asked)', () => {
    const whole = generatedTable(100, 5);
    const streamed = framesByRows(deferredColumnar(whole), 16);
    const starts = frameStarts(streamed);
    const reader = reading([streamed.subarray(0, starts[Math.floor(starts.length / 2)])]);
    expect(reader.rowsIn).toBeGreaterThan(0);
    const prefix = reader.prefix()!;
    expect(prefix.idBytes?.spanIds.byteLength).toBe(8 * reader.rowsIn);
    expect(prefix.idBytes?.parentIds.byteLength).toBe(8 * reader.rowsIn);
    expectFirstRows(prefix, whole, reader.rowsIn);
  });

  it('the whole stream: the prefix is the decoded table, and its tree the same', () => {
    const whole = generatedTable(300, 9);
    const reader = reading([framesByRows(deferredColumnar(whole), 64)]);
    expect(reader.done).toBe(true);
    const prefix = reader.prefix()!;
    const decoded = decodeColumnarTrace(reader.bytes()).table;
    expectFirstRows(prefix, decoded, whole.count);
    expect(drawTree(buildTree(prefix, { adjustClockSkew: true }))).toBe(
      drawTree(buildTree(decoded, { adjustClockSkew: true })),
    );
  });

  it('has no details: asking for one says they have not arrived', () => {
    const reader = reading([frames]);
    expect(() => reader.prefix()!.details(0)).toThrow(DetailsNotLoadedError);
  });
});

describe('prefixes of malformed, truncated, hostile and huge streams', () => {
  it('nothing before the head, and no table before a whole row is in', () => {
    const body = deferredColumnar(generatedTable(50, 1));
    const streamed = framesByRows(body, 8);
    const empty = new ColumnarStreamReader();
    expect(empty.rowsIn).toBe(0);
    expect(empty.prefix()).toBeNull();
    // Cut inside the first row's frames and inside a frame: nothing counts until the frame is whole.
    for (const cut of [FRAME_HEADER_BYTES, 300, 301, 1001]) {
      const reader = reading([streamed.subarray(0, Math.min(cut, streamed.byteLength))]);
      expect(reader.rowsIn).toBeLessThanOrEqual(8);
      expect(reader.prefix()?.count ?? 0).toBe(reader.rowsIn);
    }
  });

  it('refuses a row whose name points past the string table', () => {
    const body = deferredColumnar(generatedTable(40, 2)).slice();
    const { header, bodyStart } = readHeader(body);
    new DataView(body.buffer, bodyStart + header.sections.names.offset).setUint32(0, 0xffffffff, true);
    const streamed = framesByRows(body, 8);
    const reader = reading([streamed.subarray(0, frameStarts(streamed).at(-3))]);
    expect(reader.rowsIn).toBeGreaterThan(0);
    expect(() => reader.prefix()).toThrow(/points past the string table/);
  });

  it('a stream whose rows come before its string table gives no rows', () => {
    const body = deferredColumnar(generatedTable(20, 4));
    const streamed = framesByRows(body, 4);
    const starts = frameStarts(streamed);
    // Drop the frames of the text lists (after the head, before eventStart[0]).
    const listEnd = starts.findIndex((at) => {
      const index = new DataView(streamed.buffer, streamed.byteOffset + at + 4, 4).getUint32(0, true);
      return Object.keys(readHeader(body).header.sections)[index] === 'eventStart';
    });
    const reader = new ColumnarStreamReader();
    reader.push(streamed.subarray(0, starts[1]));
    reader.push(streamed.subarray(starts[listEnd], starts.at(-3)));
    expect(reader.rowsIn).toBe(0);
    expect(reader.prefix()).toBeNull();
  });

  it('a 100k-span stream cut in pieces: each prefix is built quickly and grows', () => {
    const whole = generatedTable(100_000);
    const streamed = framesByRows(deferredColumnar(whole), 2048);
    const reader = new ColumnarStreamReader();
    let rows = 0;
    for (const piece of cutAt(streamed, [1 << 20, 3 << 20, 5 << 20])) {
      reader.push(piece);
      expect(reader.rowsIn).toBeGreaterThanOrEqual(rows);
      rows = reader.rowsIn;
      const prefix = reader.prefix()!;
      expect(prefix.count).toBe(rows);
      expect(buildTree(prefix, { adjustClockSkew: true }).summary.spanCount).toBe(rows);
    }
    expect(rows).toBe(100_000);
  });
});
