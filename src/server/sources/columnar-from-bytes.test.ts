import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../core/formats/index.ts';
import { decodePiece } from '../../core/formats/stream/decode-piece.ts';
import { InputSplitter } from '../../core/formats/stream/input-splitter.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import { decodeColumnarTrace } from '../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../core/transfer/detail-batch.ts';
import { encodeColumnarWith } from '../../core/transfer/encode-columnar.ts';
import { fixturesPresent, listFixtures, readFixture } from '../../testing/fixtures.ts';
import { generatedTable } from '../../testing/generated-table.ts';
import { comparableSpans } from '../../testing/span-compare.ts';
import { columnarFromBytes, DetailKeySink } from './columnar-from-bytes.ts';
import { encodeTraceAs } from './encode-trace.ts';
import { columnarAnswer, detailBatchOf, detailList } from './source-details.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function read(bytes: Uint8Array): { tables: SpanTable[]; sink: DetailKeySink } {
  const sink = new DetailKeySink();
  decodeInput(bytes, sink);
  return { tables: sink.build(), sink };
}

/** Everything a columnar answer gives the viewer: hot fields, details, resources and scopes per span. */
function viewed(body: Uint8Array): unknown {
  const { table } = decodeColumnarTrace(body);
  return { spans: comparableSpans([table]), warnings: table.warnings };
}

/** The columnar body of `table` with its spans' bytes as details, or null where that is not taken. */
function fastAnswer(table: SpanTable, sink: DetailKeySink): Uint8Array | null {
  const parts = columnarFromBytes(table, sink);
  return parts && encodeColumnarWith(parts.hot, detailList(parts.details));
}

/** The fast answer of every trace in `bytes` (null where it is not taken) against the written-out one. */
function expectSameAnswers(bytes: Uint8Array): (Uint8Array | null)[] {
  const { tables, sink } = read(bytes);
  return tables.map((table) => {
    const fast = fastAnswer(table, sink);
    if (fast) expect(viewed(fast)).toEqual(viewed(encodeTraceAs(table, 'columnar')));
    return fast;
  });
}

const otlpFiles = fixturesPresent
  ? listFixtures().filter((f) => /^(otlp-json\/.*|tempo-api\/.*-traces-.*)\.json$/.test(f))
  : [];

const span = (id: string, extra = '') =>
  `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"${id}","name":"n","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000"${extra}}`;
const doc = (...spans: string[]) =>
  `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},"scopeSpans":[{"scope":{"name":"s"},"spans":[${spans.join(',')}]}]}]}`;

/** The table's Tempo answer read as the proxy reads one while it streams (its splitter's pieces, 64 KiB chunks). */
function readAsStreamed(table: SpanTable) {
  const answer = encodeTraceAs(table, 'tempo-v2');
  const sink = new DetailKeySink();
  const splitter = new InputSplitter({ jsonOutput: 'bytes', readSpans: true });
  for (let at = 0; at < answer.length; at += 65_536)
    for (const piece of splitter.push(answer.subarray(at, at + 65_536))) decodePiece(piece, sink);
  for (const piece of splitter.end()) decodePiece(piece, sink);
  const [streamed] = sink.build();
  return { streamed, sink };
}

describe('columnarFromBytes', () => {
  it.skipIf(!fixturesPresent)('answers every real OTLP JSON trace as the written-out details do', () => {
    expect(otlpFiles.length).toBeGreaterThan(8);
    let taken = 0;
    for (const file of otlpFiles) taken += expectSameAnswers(readFixture(file)).filter(Boolean).length;
    // Tempo's own answers (base64 ids, enum names, snake_case keys) included.
    expect(taken).toBeGreaterThan(8);
  });

  it('answers a generated trace (errors, events, links, several services) the same', () => {
    const table = generatedTable(3000);
    const [fast] = expectSameAnswers(encodeTraceAs(table, 'tempo-v2'));
    expect(fast).not.toBeNull();
  });

  it('answers a pretty-printed document the same', () => {
    const pretty = JSON.stringify(
      JSON.parse(doc(span('00f067aa0ba902b7'), span('00f067aa0ba902b8'))),
      null,
      2,
    );
    expect(expectSameAnswers(utf8(pretty))[0]).not.toBeNull();
  });

  it('keeps wide integers written as JSON numbers exact, as the byte reader reads them', () => {
    const wide = doc(
      span(
        '00f067aa0ba902b7',
        ',"attributes":[{"key":"n","value":{"intValue":1234567890123456789}}],"events":[{"timeUnixNano":1700000000123456789,"name":"e"}]',
      ),
    );
    const [fast] = expectSameAnswers(utf8(wide));
    const details = decodeColumnarTrace(fast as Uint8Array).table.details(0);
    expect(details.attributes[0]?.value).toEqual({ type: 'int', value: 1234567890123456789n });
    expect(details.events[0]?.timeNs).toBe(1700000000123456789n);
  });

  it('answers gzip the same; declines JSON Lines and documents the byte reader gives up on', () => {
    const plain = doc(span('00f067aa0ba902b7'));
    expect(expectSameAnswers(gzipSync(utf8(plain)))[0]).not.toBeNull();
    // JSON Lines are read by the JSON.parse decoder.
    expect(expectSameAnswers(utf8(`${plain}\n${plain}\n`))).toEqual([null]);
    // A repeated container key: the JSON.parse decoder reads it.
    const repeated = plain.replace('"scopeSpans":', '"scopeSpans":[],"scopeSpans":');
    expect(expectSameAnswers(utf8(repeated))).toEqual([null]);
  });

  it('answers spans read as the answer streams (the pieces of the proxy’s splitter) the same', () => {
    const table = generatedTable(5000);
    const { streamed, sink } = readAsStreamed(table);
    const fast = fastAnswer(streamed, sink);
    expect(fast).not.toBeNull();
    expect(viewed(fast as Uint8Array)).toEqual(viewed(encodeTraceAs(streamed, 'columnar')));
  });

  it('keeps the spans of streamed pieces where they lie for a deferred answer, whose batches give the same details', () => {
    const table = generatedTable(3000);
    const { streamed, sink } = readAsStreamed(table);
    const parts = columnarFromBytes(streamed, sink);
    if (!parts) throw new Error('not taken');
    expect(parts.details.documents.length).toBeGreaterThan(1);
    const { body, details } = columnarAnswer(streamed, parts, 'columnar-deferred');
    const { table: viewedTable, deferred } = decodeColumnarTrace(body);
    if (!details || !deferred) throw new Error('not deferred');
    for (let first = 0; first < deferred.count; first += 1000) {
      const end = Math.min(deferred.count, first + 1000);
      const batch = detailBatchOf(details, deferred.keyOf(first), deferred.keyOf(end - 1));
      deferred.fill(first, decodeDetailBatch(batch as Uint8Array, end - first));
    }
    expect({ spans: comparableSpans([viewedTable]), warnings: viewedTable.warnings }).toEqual(
      viewed(encodeTraceAs(streamed, 'columnar')),
    );
  });

  it('keeps each trace to its own spans when a document holds several', () => {
    const other = span('00f067aa0ba902b9').replace(
      '0af7651916cd43dd8448eb211c80319c',
      '1af7651916cd43dd8448eb211c80319c',
    );
    const answers = expectSameAnswers(utf8(doc(span('00f067aa0ba902b7'), other, span('00f067aa0ba902b8'))));
    expect(answers.map((a) => a && decodeColumnarTrace(a).table.count)).toEqual([2, 1]);
  });
});
