import { describe, expect, it } from 'vitest';
import { dumpSpans } from '../../core/formats/dump.ts';
import { decodeInput } from '../../core/formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../../core/model/span-table.ts';
import { decodeColumnarTrace } from '../../core/transfer/decode-columnar.ts';
import { fixturesPresent, listFixtures, readFixture } from '../../testing/fixtures.ts';
import { encodeTraceAs } from './encode-trace.ts';

/** One line per span, sorted: the encoders regroup spans by resource. */
const lines = (tables: SpanTable[]) => dumpSpans(tables).sort();

function decode(bytes: Uint8Array): SpanTable[] {
  const sink = new TraceSetBuilder();
  decodeInput(bytes, sink);
  return sink.build();
}

const traceFiles = fixturesPresent
  ? listFixtures().filter((f) => /^(otlp-json|jaeger-json|zipkin-v2-json)\/.*\.json$/.test(f))
  : [];

describe.skipIf(!fixturesPresent)('encodeTraceAs', () => {
  it('has real trace files to read', () => expect(traceFiles.length).toBeGreaterThan(10));

  it.each(traceFiles)('answers %s in every encoding with the same spans', (file) => {
    let tables: SpanTable[];
    try {
      tables = decode(readFixture(file));
    } catch {
      return; // files that are not traces (or are broken on purpose) are the decoders' tests' business
    }
    for (const table of tables) {
      const expected = lines([table]);
      expect(lines(decode(encodeTraceAs(table, 'tempo-v2')))).toEqual(expected);
      expect(lines(decode(encodeTraceAs(table, 'tempo-v1')))).toEqual(expected);
      expect(lines([decodeColumnarTrace(encodeTraceAs(table, 'columnar')).table])).toEqual(expected);
    }
  });

  it('writes the shapes Tempo answers', () => {
    const [table] = decode(readFixture(traceFiles[0] as string));
    const v1 = JSON.parse(new TextDecoder().decode(encodeTraceAs(table as SpanTable, 'tempo-v1')));
    const v2 = JSON.parse(new TextDecoder().decode(encodeTraceAs(table as SpanTable, 'tempo-v2')));
    expect(Array.isArray(v1.batches)).toBe(true);
    expect(v2.trace.resourceSpans).toEqual(v1.batches);
  });
});
