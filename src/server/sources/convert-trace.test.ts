/**
 * A trace-by-id answer converted as its body arrives, cut anywhere: the same answer as the trace
 * decoded whole and written out, the same errors for bodies cut short or malformed.
 */
import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../core/formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../../core/model/span-table.ts';
import { decodeColumnarTrace } from '../../core/transfer/decode-columnar.ts';
import { fixturesPresent, listFixtures, readFixture } from '../../testing/fixtures.ts';
import { generatedTable } from '../../testing/generated-table.ts';
import { comparableSpans, tablesOfFile } from '../../testing/span-compare.ts';
import { type TraceConversion, TraceStream } from './convert-trace.ts';
import { columnarParts, encodeTraceAs } from './encode-trace.ts';
import { type ConvertedTrace, type DetailBlobs, detailList } from './source-details.ts';
import { UpstreamError } from './trace-source.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Cuts `body` into chunks of 1 to `max` bytes (a seeded walk, so a failure repeats). */
function chunks(body: Uint8Array, max: number, seed = 1): Uint8Array[] {
  const out: Uint8Array[] = [];
  let x = seed;
  for (let at = 0; at < body.length; ) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (x % max);
    out.push(body.subarray(at, at + size));
    at += size;
  }
  return out;
}

function streamed(c: TraceConversion, parts: readonly Uint8Array[]): Uint8Array | null {
  const stream = new TraceStream(c);
  for (const part of parts) stream.push(part);
  return stream.end()?.body ?? null;
}

const tempo = (traceId: string, encoding: TraceConversion['encoding']): TraceConversion => ({
  source: 'prod',
  what: `trace ${traceId}`,
  traceId,
  reader: 'tempo',
  encoding,
});

/** What the viewer gets of an answer in either encoding. */
function viewed(answer: Uint8Array, encoding: TraceConversion['encoding']): unknown {
  if (encoding === 'columnar') return comparableSpans([decodeColumnarTrace(answer).table]);
  return comparableSpans(tablesOfFile(answer));
}

function failure(run: () => unknown): UpstreamError {
  try {
    run();
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error('no failure');
}

describe('TraceStream', () => {
  it('answers a big trace cut in chunks of any size as the whole trace written out', () => {
    const table = generatedTable(5000);
    const body = encodeTraceAs(table, 'tempo-v2');
    const sink = new TraceSetBuilder();
    decodeInput(body, sink);
    const [whole] = sink.build();
    for (const encoding of ['columnar', 'tempo-v2'] as const) {
      const expected = viewed(encodeTraceAs(whole, encoding), encoding);
      for (const max of [64 * 1024, 4096, 997])
        expect(
          viewed(streamed(tempo(table.traceId, encoding), chunks(body, max)) as Uint8Array, encoding),
        ).toEqual(expected);
    }
  });

  it.skipIf(!fixturesPresent)(
    'answers real Tempo, Jaeger and Zipkin answers cut byte by byte as whole',
    () => {
      const cases: [string, TraceConversion['reader']][] = [
        ['otlp-json/tempo-vulture-trace-2022-ils.json', 'tempo'],
        ['otlp-json/grafana-tsdb-tempo-trace-snake_case.json', 'tempo'],
        ['tempo-api/tempo-api-v2-traces-pushing-spans-docs.json', 'tempo'],
        ['jaeger-json/jui-stats-spansAmongEachOther.json', ['jaeger-json']],
        ['zipkin-v2-json/zipkin-lens-netflix.json', ['zipkin-json']],
      ];
      for (const [file, reader] of cases) {
        const body = readFixture(file);
        const [table] = tablesOfFile(body);
        for (const encoding of ['columnar', 'tempo-v1'] as const) {
          const c = { ...tempo(table.traceId, encoding), reader };
          const expected = viewed(encodeTraceAs(table, encoding), encoding);
          expect(viewed(streamed(c, chunks(body, 1)) as Uint8Array, encoding)).toEqual(expected);
          expect(viewed(streamed(c, chunks(body, 300, 7)) as Uint8Array, encoding)).toEqual(expected);
        }
      }
    },
  );

  it.skipIf(!fixturesPresent)(
    'answers every real Jaeger and Zipkin trace with the details the file gives, inline and deferred',
    () => {
      const files = listFixtures().filter((f) => /^(jaeger-json|zipkin-v2-json)\/.*\.json$/.test(f));
      let traces = 0;
      for (const file of files) {
        const body = readFixture(file);
        let tables: SpanTable[];
        try {
          tables = tablesOfFile(body);
        } catch {
          continue; // broken on purpose: the decoders' tests' business
        }
        const reader: TraceConversion['reader'] = file.startsWith('jaeger')
          ? ['jaeger-json']
          : ['zipkin-json'];
        for (const table of tables) {
          const c = { ...tempo(table.traceId, 'columnar' as const), reader };
          const expected = viewed(encodeTraceAs(table, 'columnar'), 'columnar');
          expect(viewed(streamed(c, chunks(body, 4096)) as Uint8Array, 'columnar')).toEqual(expected);
          // The details kept for a deferred answer: byte for byte those of the table read from the file.
          const deferred = new TraceStream({ ...c, encoding: 'columnar-deferred' });
          for (const part of chunks(body, 4096)) deferred.push(part);
          const kept = detailList((deferred.end() as ConvertedTrace).details?.blobs as DetailBlobs);
          const written = detailList(columnarParts(table).details);
          expect(Array.from(kept.offsets)).toEqual(Array.from(written.offsets));
          expect(Buffer.from(kept.bytes).equals(Buffer.from(written.bytes))).toBe(true);
          traces++;
        }
      }
      expect(traces).toBeGreaterThan(10);
    },
  );

  it("keeps Tempo's PARTIAL status found after a big trace", () => {
    const table = generatedTable(3000);
    const whole = new TextDecoder().decode(encodeTraceAs(table, 'tempo-v2'));
    const body = utf8(`${whole.slice(0, -1)},"status":"PARTIAL","message":"cut at 5MB"}`);
    const answer = streamed(tempo(table.traceId, 'tempo-v2'), chunks(body, 8192)) as Uint8Array;
    const json = JSON.parse(new TextDecoder().decode(answer));
    expect(json).toMatchObject({ status: 'PARTIAL', message: 'cut at 5MB' });
    const columnar = streamed(tempo(table.traceId, 'columnar'), chunks(body, 8192)) as Uint8Array;
    expect(decodeColumnarTrace(columnar).table.warnings).toContain(
      'partial trace: Tempo returned only part of this trace (cut at 5MB)',
    );
  });

  it('answers null for an answer without the trace', () => {
    const id = 'ab'.repeat(16);
    expect(streamed(tempo(id, 'columnar'), [utf8('{"trace":{}}')])).toBeNull();
    const other = encodeTraceAs(generatedTable(10), 'tempo-v2');
    expect(streamed({ ...tempo(id, 'columnar'), reader: ['otlp-json'] }, [other])).toBeNull();
  });

  it('calls a body cut short, malformed, empty or of another format malformed, wherever it is cut', () => {
    const table = generatedTable(2000);
    const body = encodeTraceAs(table, 'tempo-v2');
    const c = tempo(table.traceId, 'columnar');
    for (const cut of [1, 100, body.length / 2, body.length - 1]) {
      const err = failure(() => streamed(c, chunks(body.subarray(0, cut), 4096)));
      expect(err.failure).toBe('malformed');
      expect(err.message).toMatch(
        /^source 'prod': trace [0-9a-f]{32} answered something that is not what that endpoint returns \(not a trace: /,
      );
    }
    const broken = utf8(new TextDecoder().decode(body).replace('"spanId"', '"spanId"]'));
    expect(failure(() => streamed(c, chunks(broken, 4096))).failure).toBe('malformed');
    expect(failure(() => streamed(c, [])).failure).toBe('malformed');
    expect(failure(() => streamed(c, [utf8('{}')])).failure).toBe('malformed');
    expect(failure(() => streamed(c, [utf8('<html>login</html>')])).failure).toBe('malformed');
    expect(failure(() => streamed(c, [utf8(`${'['.repeat(100_000)}`)])).failure).toBe('malformed');
    const jaeger = failure(() =>
      streamed({ ...c, what: 'GET /api/v3/traces/{id}', reader: ['otlp-json'] }, [utf8('{"data":[]}')]),
    );
    expect(jaeger.message).toContain('jaeger-json instead of otlp-json');
  });
});
