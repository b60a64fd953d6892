import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../testing/fixtures.ts';
import { keepWideIntegers, parseInput, parseJsonText } from './parse-input.ts';
import { utf8Decode, utf8Encode } from './text.ts';
import { FormatError } from './types.ts';

function formatError(run: () => unknown): FormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseJsonText', () => {
  it('keeps OTLP nanosecond numbers above 2^53 exact (Grafana snake_case file)', () => {
    const text = utf8Decode(readFixture('otlp-json/grafana-tsdb-tempo-trace-snake_case.json'));
    const value = parseJsonText(text) as {
      resourceSpans: {
        scope_spans: { spans: { start_time_unix_nano: unknown; end_time_unix_nano: unknown }[] }[];
      }[];
    };
    const span = value.resourceSpans[0].scope_spans[0].spans[0];
    expect(span.start_time_unix_nano).toBe('1616072924071839000');
    expect(span.end_time_unix_nano).toBe('1616072924071843000');
    expect(JSON.parse(text).resourceSpans[0].scope_spans[0].spans[0].start_time_unix_nano).not.toBe(
      1616072924071839000n,
    );
  });

  it('quotes wide integers of time and int keys only, and never inside strings', () => {
    expect(keepWideIntegers('{"intValue": 12345678901234567890, "other": 12345678901234567890}')).toBe(
      '{"intValue": "12345678901234567890", "other": 12345678901234567890}',
    );
    const tricky = '{"s":"{\\"intValue\\": 12345678901234567890}","time_unix_nano":1616072924071994000}';
    const parsed = parseJsonText(tricky) as Record<string, unknown>;
    expect(parsed.s).toBe('{"intValue": 12345678901234567890}');
    expect(parsed.time_unix_nano).toBe('1616072924071994000');
    expect(keepWideIntegers('{"intValue":1234}')).toBe('{"intValue":1234}');
  });

  it.each([
    ['{"a":1,}', 'byte 7 (line 1, column 8)', 'expected a double-quoted property name'],
    ['{\n  "a": tru\n}', 'byte 9 (line 2, column 8)', 'expected a value'],
    ['{"é": x}', 'byte 7 (line 1, column 7)', 'expected a value'],
    ['[1, 2', 'byte 5 (line 1, column 6)', 'unexpected end of input'],
    ['"abc', 'byte 4 (line 1, column 5)', 'unterminated string'],
    ['{"a":"\\x"}', 'byte 6 (line 1, column 7)', 'invalid escape'],
  ])('names the byte offset of a syntax error in %j', (text, where, problem) => {
    const e = formatError(() => parseJsonText(text));
    expect(e.where).toBe(where);
    expect(e.problem).toContain(problem);
  });

  it('reports the invalid-as-published Tempo docs files with a position', () => {
    const tags = formatError(() => parseInput(readFixture('tempo-api/tempo-api-search-tags-v2-docs.json')));
    expect(tags.message).toMatch(/^JSON: invalid JSON: expected a value, found "\]/);
    expect(tags.where).toMatch(/^byte \d+ \(line \d+, column \d+\)$/);
    const search = formatError(() =>
      parseInput(readFixture('tempo-api/tempo-api-search-traceql-status-error-docs.json')),
    );
    expect(search.problem).toContain("expected ',' or '}'");
  });
});

describe('parseInput', () => {
  it('classifies JSON, JSON Lines and binary protobuf', () => {
    expect(parseInput(readFixture('otlp-json/otelproto-examples-trace.json')).kind).toBe('json');
    const lines = parseInput(readFixture('otlp-json/jui-otlp2jaeger-multi-in.jsonl'));
    expect(lines.kind === 'jsonl' && lines.values.length).toBe(4);
    expect(parseInput(readFixture('otlp-protobuf/otlp2parquet-trace.pb')).kind).toBe('binary');
  });

  it('gunzips by magic bytes', () => {
    const raw = readFixture('otlp-json/otelproto-examples-trace.json');
    const input = parseInput(gzipSync(raw));
    expect(input.kind === 'json' && (input.value as { resourceSpans: unknown[] }).resourceSpans).toHaveLength(
      1,
    );
    expect(() => parseInput(gzipSync(raw), { maxBytes: 100 })).toThrow('more than the limit of 100');
    expect(() => parseInput(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]))).toThrow(FormatError);
  });

  it('names the line of a bad JSON Lines record by byte offset', () => {
    const text = '{"a":1}\n{"b":2}\n{"c":}\n';
    const e = formatError(() => parseInput(utf8Encode(text)));
    expect(e.where).toBe('byte 21 (line 1, column 6)');
  });

  it('refuses empty input and skips a BOM', () => {
    expect(() => parseInput(utf8Encode('  \n'))).toThrow('the input is empty');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8Encode('{"a":}')]);
    expect(formatError(() => parseInput(bom)).where).toBe('byte 8 (line 1, column 6)');
  });
});
