/**
 * The splitter on every real fixture and on generated traces of each JSON format, cut into chunks
 * anywhere, gzip'd or not: its documents, decoded one by one, give the spans (details and warnings
 * included) of the whole input decoded at once, whether they come out as parsed values, as bytes, or
 * as bytes with the spans read as they streamed (`read`).
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { generateLargeTrace } from '../../demo/index.ts';
import { TraceSetBuilder } from '../../model/span-table.ts';
import { dumpSpans } from '../dump.ts';
import { decodeInput, decodeParsed, encodeTraces, type FormatId, parseJsonText } from '../index.ts';
import { utf8Decode, utf8Encode } from '../text.ts';
import { FormatError } from '../types.ts';
import { JsonSplitter, type JsonSplitterOptions, ReadDocument, type SplitDocument } from './splitter.ts';

function split(chunks: Uint8Array[], options: JsonSplitterOptions = { maxSpans: 2 }): unknown[] {
  const splitter = new JsonSplitter(options);
  const docs = chunks.flatMap((c) => splitter.push(c));
  return [...docs, ...splitter.end()];
}

function splitBytes(
  chunks: Uint8Array[],
  options: JsonSplitterOptions = { maxSpans: 2 },
): SplitDocument<'bytes'>[] {
  const splitter = new JsonSplitter({ ...options, output: 'bytes' });
  const docs = chunks.flatMap((c) => splitter.push(c));
  return [...docs, ...splitter.end()];
}

/** Spans (dump lines and details) of documents decoded one by one, as an importer would. */
function decodeDocs(docs: unknown[]) {
  const sink = new TraceSetBuilder();
  for (const value of docs) decodeParsed({ kind: 'json', value }, sink);
  return spansOf(sink);
}

/** The same for documents given as bytes, through decodeInput (and its byte readers), as the worker does. */
function decodeByteDocs(docs: SplitDocument<'bytes'>[]) {
  const sink = new TraceSetBuilder();
  for (const d of docs) {
    if (d instanceof ReadDocument) d.spans.commit(d.bytes, sink);
    else decodeInput(d, sink);
  }
  return spansOf(sink);
}

/** Every output of the splitter, decoded. */
function splitEveryWay(chunks: Uint8Array[], options?: JsonSplitterOptions) {
  return {
    values: outcome(() => decodeDocs(split(chunks, options))),
    bytes: outcome(() => decodeByteDocs(splitBytes(chunks, options))),
    read: outcome(() => decodeByteDocs(splitBytes(chunks, { ...options, read: true }))),
  };
}

/** `bytes` cut at `cuts` (sorted offsets). */
function chunksAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [0, ...cuts, bytes.length];
  return points.slice(1).map((p, k) => bytes.subarray(points[k], p));
}

function spansOf(sink: TraceSetBuilder) {
  const tables = sink.build();
  const details = tables.flatMap((t) => Array.from({ length: t.count }, (_, i) => t.details(i)));
  return { lines: dumpSpans(tables), details, warnings: tables.map((t) => t.warnings) };
}

function decodeWhole(bytes: Uint8Array) {
  const sink = new TraceSetBuilder();
  decodeInput(bytes, sink);
  return spansOf(sink);
}

const JSON_FIXTURES = listFixtures().filter(
  (f) => !f.endsWith('.md') && !f.endsWith('.pb') && !f.includes('smartthings'),
);

function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    if (error instanceof FormatError) return `FormatError`;
    throw error;
  }
}

describe('JsonSplitter on the real fixtures', () => {
  it.each(JSON_FIXTURES)(
    '%s splits into documents (values and bytes) that decode to the same spans, at any chunk boundary',
    (rel) => {
      const bytes = readFixture(rel);
      const whole = outcome(() => decodeWhole(bytes));
      const expected = { values: whole, bytes: whole, read: whole };
      const step = bytes.length <= 3000 ? 1 : Math.ceil(bytes.length / 150);
      for (let cut = 0; cut <= bytes.length; cut += step)
        expect(splitEveryWay(chunksAt(bytes, [cut])), `cut at ${cut}`).toEqual(expected);
      const gz = gzipSync(bytes);
      for (let cut = 0; cut <= gz.length; cut += Math.ceil(gz.length / 20))
        expect(splitEveryWay(chunksAt(gz, [cut])), `gzip cut at ${cut}`).toEqual(expected);
    },
  );

  it.each(JSON_FIXTURES.filter((f) => readFixture(f).length <= 3000))(
    '%s in chunks of one to five bytes',
    (rel) => {
      const bytes = readFixture(rel);
      const whole = outcome(() => decodeWhole(bytes));
      for (let size = 1; size <= 5; size++) {
        const cuts = Array.from({ length: Math.ceil(bytes.length / size) - 1 }, (_, k) => (k + 1) * size);
        expect(splitEveryWay(chunksAt(bytes, cuts), { maxSpans: 1 })).toEqual({
          values: whole,
          bytes: whole,
          read: whole,
        });
      }
    },
  );

  it('gives bytes documents that are the value documents as JSON text', () => {
    for (const rel of JSON_FIXTURES) {
      const bytes = readFixture(rel);
      const values = outcome(() => split([bytes], { maxSpans: 3 }));
      const texts = outcome(() =>
        splitBytes([bytes], { maxSpans: 3 }).map((d) => parseJsonText(utf8Decode(d as Uint8Array))),
      );
      if (values === 'FormatError') expect(texts, rel).toBe('FormatError');
      else expect(JSON.parse(JSON.stringify(values)), rel).toEqual(texts);
    }
  });

  it('splits OTLP into documents of at most maxSpans spans, keeping resource and scope', () => {
    const docs = split([readFixture('otlp-json/tempo-vulture-trace-2022-ils.json')], { maxSpans: 10 }) as {
      resourceSpans: { resource: unknown; scopeSpans: { spans: unknown[] }[] }[];
    }[];
    const count = (d: (typeof docs)[number]) =>
      d.resourceSpans.reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0);
    expect(docs.map(count)).toEqual([10, 10, 5]);
    for (const d of docs)
      expect(d.resourceSpans[0].resource).toEqual({
        attributes: [{ key: 'service.name', value: { stringValue: 'tempo-vulture' } }],
      });
  });

  it('splits Jaeger traces with their processes, and Zipkin arrays of arrays', () => {
    const jaeger = split([readFixture('jaeger-json/jui-genaiTestTrace.json')], { maxSpans: 20 }) as {
      data: { spans: unknown[]; processes: object; traceID: string }[];
    }[];
    expect(jaeger.map((d) => d.data[0].spans.length)).toEqual([20, 20, 17]);
    expect(Object.keys(jaeger[2].data[0].processes)).toHaveLength(10);
    const zipkin = split([
      utf8Encode('[[{"traceId":"1","id":"1"},{"traceId":"1","id":"2"}],[{"traceId":"2","id":"3"}]]'),
    ]);
    expect(zipkin).toEqual([
      [
        { traceId: '1', id: '1' },
        { traceId: '1', id: '2' },
      ],
      [{ traceId: '2', id: '3' }],
    ]);
  });

  it('flattens arrays of arrays mixed with spans, in order, as bytes too', () => {
    const mixed = utf8Encode(
      '[{"traceId":"1","id":"1"} , [ {"traceId":"1","id":"2"},{"traceId":"1","id":"3"} ],{"traceId":"1","id":"4"},\n{"traceId":"1","id":"5"}]',
    );
    for (const maxSpans of [1, 2, 5]) {
      const values = split([mixed], { maxSpans });
      expect(values.flat()).toHaveLength(5);
      expect(splitBytes([mixed], { maxSpans }).map((d) => JSON.parse(utf8Decode(d as Uint8Array)))).toEqual(
        values,
      );
    }
  });

  it('keeps nanosecond numbers above 2^53 exact in split documents', () => {
    const docs = split([readFixture('otlp-json/grafana-tsdb-tempo-trace-snake_case.json')]) as {
      resourceSpans: { scopeSpans: { spans: { start_time_unix_nano: unknown }[] }[] }[];
    }[];
    expect(docs[0].resourceSpans[0].scopeSpans[0].spans[0].start_time_unix_nano).toBe('1616072924071839000');
  });

  it('splits JSON Lines record by record, and single-byte chunks work', () => {
    const bytes = readFixture('otlp-json/jui-otlp2jaeger-multi-in.jsonl');
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(decodeDocs(split(chunks))).toEqual(decodeWhole(bytes));
  });

  it('inflates gzip input as it streams', () => {
    const bytes = readFixture('zipkin-v2-json/zipkin-lens-yelp.json');
    const gz = gzipSync(bytes);
    const chunks = [gz.subarray(0, 1), gz.subarray(1, 100), gz.subarray(100)];
    expect(decodeDocs(split(chunks))).toEqual(decodeWhole(bytes));
    expect(() => split([gz.subarray(0, 200)])).toThrow(FormatError);
  });

  it.each([
    ['values', split],
    ['bytes', splitBytes],
  ])('reports truncation and bad syntax as FormatError with a byte offset (%s)', (_, run) => {
    const bytes = readFixture('otlp-json/otelproto-examples-trace.json');
    expect(() => run([bytes.subarray(0, 500)])).toThrow(/unexpected end of input .* at byte 500/);
    expect(() => run([utf8Encode('{"resourceSpans":[{"scopeSpans":[{"spans":[{"a":1}}]}]}')])).toThrow(
      FormatError,
    );
    expect(() => run([utf8Encode('{"a" 1}')])).toThrow("invalid JSON: expected ':' at byte 5");
    expect(() => run([utf8Encode('[1,,2]')])).toThrow('at byte 3');
    // Inside a span, within one chunk or across two: the offset is the input's, not a document's.
    const bad = utf8Encode('[{"traceId":"a","id":"b"},{"traceId":"a","id":"c","x":[1,]}]');
    expect(() => run([bad])).toThrow(/invalid JSON: .* at byte 57/);
    expect(() => run([bad.subarray(0, 40), bad.subarray(40)])).toThrow(/invalid JSON: .* at byte 57/);
  });

  it('splits random chunkings of a random-size OTLP request identically', () => {
    const spans = Array.from({ length: 7 }, (_, i) => ({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: `00000000000000${(i + 16).toString(16)}`,
      name: `s"\\${i}\u00e9`,
      startTimeUnixNano: String(1700000000000000000n + BigInt(i)),
    }));
    const text = JSON.stringify(
      { resourceSpans: [{ resource: {}, scopeSpans: [{ scope: { name: 'x' }, spans }] }] },
      null,
      1,
    );
    const bytes = utf8Encode(text);
    const expected = decodeWhole(bytes);
    fc.assert(
      fc.property(
        fc.array(fc.nat(bytes.length), { maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (cuts, maxSpans) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const chunks = points.slice(1).map((p, k) => bytes.subarray(points[k], p));
          expect(decodeDocs(split(chunks, { maxSpans }))).toEqual(expected);
        },
      ),
    );
  });
});

describe('JsonSplitter reading Jaeger spans as they stream', () => {
  const file = readFixture('jaeger-json/jui-genaiTestTrace.json');
  const chunked = (bytes: Uint8Array, size: number) =>
    chunksAt(
      bytes,
      Array.from({ length: Math.ceil(bytes.length / size) - 1 }, (_, k) => (k + 1) * size),
    );

  it('hands out the spans read, in runs of at most maxSpans, however the input is chunked', () => {
    for (const size of [1, 333, 4096, file.length]) {
      const docs = splitBytes(chunked(file, size), { maxSpans: 20, read: true });
      expect(
        docs.map((d) => (d instanceof ReadDocument ? d.spans.format : 'bytes')),
        `${size}`,
      ).toEqual(['jaeger-json', 'jaeger-json', 'jaeger-json']);
      const read = docs as ReadDocument[];
      expect(read.map((d) => d.spans.commit(d.bytes, new TraceSetBuilder()))).toEqual([20, 20, 17]);
      expect(decodeByteDocs(docs)).toEqual(decodeWhole(file));
    }
  });

  it('puts a trace in documents again when the reader gives up on one of its spans (an escaped key)', () => {
    const text = utf8Decode(file);
    const last = text.lastIndexOf('"operationName"');
    const escaped = utf8Encode(`${text.slice(0, last)}"operation\\u004eame"${text.slice(last + 15)}`);
    for (const size of [1, 4096, escaped.length]) {
      const docs = splitBytes(chunked(escaped, size), { maxSpans: 20, read: true });
      expect(docs.some((d) => d instanceof ReadDocument)).toBe(false);
      expect(docs).toHaveLength(3);
      expect(decodeByteDocs(docs)).toEqual(decodeWhole(escaped));
    }
  });
});

describe('JsonSplitter reading OTLP spans as they stream', () => {
  const file = readFixture('otlp-json/tempo-vulture-trace-2022-ils.json');
  const chunked = (bytes: Uint8Array, size: number) =>
    chunksAt(
      bytes,
      Array.from({ length: Math.ceil(bytes.length / size) - 1 }, (_, k) => (k + 1) * size),
    );
  const kinds = (docs: SplitDocument<'bytes'>[]) =>
    docs.map((d) => (d instanceof ReadDocument ? d.spans.format : 'bytes'));

  it('hands out documents with their spans read, however the input is chunked', () => {
    for (const size of [1, 333, file.length]) {
      const docs = splitBytes(chunked(file, size), { maxSpans: 10, read: true });
      expect(docs.length).toBeGreaterThan(1);
      expect(new Set(kinds(docs)), `${size}`).toEqual(new Set(['otlp-json']));
      expect(decodeByteDocs(docs)).toEqual(decodeWhole(file));
    }
  });

  it('stops reading at a span the reader gives up on (an escaped key): it and the rest come as bytes', () => {
    const text = utf8Decode(file);
    const at = text.indexOf('"name"', text.length / 2);
    const escaped = utf8Encode(`${text.slice(0, at)}"n\\u0061me"${text.slice(at + 6)}`);
    for (const size of [1, 4096, escaped.length]) {
      const docs = kinds(splitBytes(chunked(escaped, size), { maxSpans: 10, read: true }));
      const firstBytes = docs.indexOf('bytes');
      expect(firstBytes, `${size}`).toBeGreaterThan(0);
      expect(docs.slice(firstBytes).every((k) => k === 'bytes')).toBe(true);
      const all = splitBytes(chunked(escaped, size), { maxSpans: 10, read: true });
      expect(decodeByteDocs(all)).toEqual(decodeWhole(escaped));
    }
  });
});

describe('JsonSplitter on generated traces', () => {
  const sink = new TraceSetBuilder();
  for (const value of generateLargeTrace({ seed: 3, nowMs: Date.UTC(2026, 0, 1), spanCount: 3000 }))
    decodeParsed({ kind: 'json', value }, sink);
  const tables = sink.build();

  it.each<FormatId>(['jaeger-json', 'zipkin-json', 'otlp-json'])(
    '%s of 3000 spans, in chunks of 64 KiB and of odd sizes, gzip’d or not',
    (format) => {
      const bytes = utf8Encode(encodeTraces(tables, format) as string);
      const whole = decodeWhole(bytes);
      const expected = { values: whole, bytes: whole, read: whole };
      for (const input of [bytes, gzipSync(bytes)])
        for (const size of [65536, 9973]) {
          const cuts = Array.from({ length: Math.ceil(input.length / size) - 1 }, (_, k) => (k + 1) * size);
          expect(splitEveryWay(chunksAt(input, cuts), { maxSpans: 400 })).toEqual(expected);
        }
    },
  );
});
