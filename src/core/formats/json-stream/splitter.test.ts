import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { TraceSetBuilder } from '../../model/span-table.ts';
import { dumpSpans } from '../dump.ts';
import { decodeInput, decodeParsed } from '../index.ts';
import { utf8Encode } from '../text.ts';
import { FormatError } from '../types.ts';
import { JsonSplitter, type JsonSplitterOptions } from './splitter.ts';

function split(chunks: Uint8Array[], options: JsonSplitterOptions = { maxSpans: 2 }): unknown[] {
  const splitter = new JsonSplitter(options);
  const docs = chunks.flatMap((c) => splitter.push(c));
  return [...docs, ...splitter.end()];
}

/** Spans (dump lines and details) of documents decoded one by one, as an importer would. */
function decodeDocs(docs: unknown[]) {
  const sink = new TraceSetBuilder();
  for (const value of docs) decodeParsed({ kind: 'json', value }, sink);
  return spansOf(sink);
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
    '%s splits into documents that decode to the same spans, at any chunk boundary',
    (rel) => {
      const bytes = readFixture(rel);
      const expected = outcome(() => decodeWhole(bytes));
      const step = bytes.length <= 3000 ? 1 : Math.ceil(bytes.length / 150);
      for (let cut = 0; cut <= bytes.length; cut += step) {
        const got = outcome(() => decodeDocs(split([bytes.subarray(0, cut), bytes.subarray(cut)])));
        expect(got, `cut at ${cut}`).toEqual(expected);
      }
    },
  );

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

  it('reports truncation and bad syntax as FormatError with a byte offset', () => {
    const bytes = readFixture('otlp-json/otelproto-examples-trace.json');
    expect(() => split([bytes.subarray(0, 500)])).toThrow(/unexpected end of input .* at byte 500/);
    expect(() => split([utf8Encode('{"resourceSpans":[{"scopeSpans":[{"spans":[{"a":1}}]}]}')])).toThrow(
      FormatError,
    );
    expect(() => split([utf8Encode('{"a" 1}')])).toThrow("invalid JSON: expected ':' at byte 5");
    expect(() => split([utf8Encode('[1,,2]')])).toThrow('at byte 3');
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
