/**
 * Files decoded as streams (readFiles) give the same traces as `decodeInput` of the whole file, for
 * every real fixture, gzip'd or not, however the chunks fall; progress; errors naming the file.
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { dumpSpans } from '../core/formats/dump.ts';
import { decodeInput, encodeTraces, FormatError } from '../core/formats/index.ts';
import { utf8Encode } from '../core/formats/text.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import { chunkedFile } from '../testing/chunked-file.ts';
import { listFixtures, readFixture } from '../testing/fixtures.ts';
import { FileFormatError } from './file-format-error.ts';
import type { LoadProgress } from './protocol.ts';
import { readFiles } from './read-files.ts';

const FIXTURES = listFixtures().filter((f) => !f.endsWith('.md'));

/** What a decode gives: each trace's spans (dump lines), details and warnings, or the error's kind. */
function traces(sink: TraceSetBuilder) {
  const tables = sink.build();
  return {
    lines: dumpSpans(tables),
    details: tables.flatMap((t) => Array.from({ length: t.count }, (_, i) => t.details(i))),
    warnings: tables.map((t) => t.warnings),
  };
}

function whole(bytes: Uint8Array) {
  const sink = new TraceSetBuilder();
  try {
    decodeInput(bytes, sink);
  } catch (e) {
    if (e instanceof FormatError) return 'refused';
    throw e;
  }
  return traces(sink);
}

async function streamed(files: Blob[], onProgress: (p: LoadProgress) => void = () => undefined) {
  const sink = new TraceSetBuilder();
  try {
    await readFiles(files, sink, onProgress);
  } catch (e) {
    if (e instanceof FileFormatError) return 'refused';
    throw e;
  }
  return traces(sink);
}

/** Cut points: every offset of a small file, ~60 spread over a larger one. */
function cutsOf(length: number): number[] {
  const step = length <= 600 ? 1 : Math.ceil(length / 60);
  const out: number[] = [];
  for (let c = 1; c < length; c += step) out.push(c);
  return out;
}

describe('readFiles: streamed decoding of every real fixture', () => {
  it.each(FIXTURES)('%s: the same traces as the whole file, at every chunk boundary', async (rel) => {
    const bytes = readFixture(rel);
    const expected = whole(bytes);
    for (const cut of cutsOf(bytes.length))
      expect(await streamed([chunkedFile(bytes, [cut])]), `cut at ${cut}`).toEqual(expected);
    for (const size of [1, 7, 4096])
      expect(await streamed([chunkedFile(bytes, size)]), `chunks of ${size}`).toEqual(expected);
  });

  it.each(FIXTURES)("%s gzip'd: the same traces, whatever the chunks", async (rel) => {
    const bytes = readFixture(rel);
    const gz = gzipSync(bytes);
    const expected = whole(bytes);
    for (const cut of cutsOf(gz.length).filter((_, i) => i % 4 === 0))
      expect(await streamed([chunkedFile(gz, [cut])]), `cut at ${cut}`).toEqual(expected);
    expect(await streamed([chunkedFile(gz, 3)])).toEqual(expected);
  });
});

describe('readFiles: progress and sets of files', () => {
  it('reports bytes read of the total and spans decoded', async () => {
    const bytes = readFixture('otlp-json/tempo-vulture-trace-2022-ils.json');
    const seen: LoadProgress[] = [];
    await streamed([chunkedFile(bytes, 512)], (p) => seen.push(p));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.phase === 'decode' && p.totalBytes === bytes.length)).toBe(true);
    const loaded = seen.map((p) => p.loadedBytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ loadedBytes: bytes.length, spanCount: 25 });
  });

  it('decodes spans before the file is read to its end', async () => {
    // A million-span-like shape in small: several thousand spans, many pieces.
    const sink = new TraceSetBuilder();
    decodeInput(readFixture('zipkin-v2-json/zipkin-lens-netflix.json'), sink);
    const one = sink.build()[0];
    const spans = JSON.parse(encodeTraces([one], 'zipkin-json') as string) as unknown[];
    const many = Array.from({ length: 400 }, () => spans).flat();
    const bytes = utf8Encode(JSON.stringify(many));
    const seen: LoadProgress[] = [];
    await streamed([chunkedFile(bytes, 64 * 1024)], (p) => seen.push(p));
    const firstSpans = seen.find((p) => (p.spanCount ?? 0) > 0)!;
    expect(firstSpans.loadedBytes).toBeLessThan(bytes.length / 2);
  });

  it('makes one trace of the spans of one trace id in several files', async () => {
    const doc = JSON.parse(
      new TextDecoder().decode(readFixture('otlp-json/tempo-vulture-trace-2022-ils.json')),
    ) as { batches?: unknown[]; resourceSpans?: unknown[] };
    const key = doc.batches ? 'batches' : 'resourceSpans';
    const list = (doc[key] ?? []) as unknown[];
    expect(list.length).toBeGreaterThan(1);
    const half = Math.ceil(list.length / 2);
    const a = utf8Encode(JSON.stringify({ [key]: list.slice(0, half) }));
    const b = gzipSync(utf8Encode(JSON.stringify({ [key]: list.slice(half) })));
    const seen: LoadProgress[] = [];
    const got = await streamed([chunkedFile(a, 100, 'a.json'), chunkedFile(b, 100, 'b.json.gz')], (p) =>
      seen.push(p),
    );
    expect(got).toEqual(whole(readFixture('otlp-json/tempo-vulture-trace-2022-ils.json')));
    expect(seen.at(-1)).toMatchObject({ loadedBytes: a.length + b.length });
  });
});

describe('readFiles: files that cannot be read', () => {
  const refusal = async (bytes: Uint8Array, name = 'bad.json') => {
    try {
      await readFiles([chunkedFile(bytes, 100, name)], new TraceSetBuilder(), () => undefined);
    } catch (e) {
      expect(e).toBeInstanceOf(FileFormatError);
      return (e as Error).message;
    }
    throw new Error('the file was read');
  };

  it('names the file, the format, and the byte offset or JSON path', async () => {
    expect(await refusal(utf8Encode('{"resourceSpans": [ {"resource": } ]}'))).toMatch(
      /^bad\.json: JSON: invalid JSON: .* at byte 33/,
    );
    expect(
      await refusal(readFixture('tempo-api/tempo-api-search-traceql-status-error-docs.json'), 's.json'),
    ).toMatch(/^s\.json: .{20,}/);
    expect(
      await refusal(
        utf8Encode('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz","spanId":"01"}]}]}]}'),
      ),
    ).toMatch(/traceId/);
  });

  it('refuses an empty file, a cut-short one and corrupt gzip', async () => {
    expect(await refusal(new Uint8Array(0), 'empty.json')).toMatch(/^empty\.json: .*empty/);
    const bytes = readFixture('jaeger-json/jaeger-anonymizer-trace_success.json');
    expect(await refusal(bytes.subarray(0, bytes.length - 40))).toMatch(/^bad\.json: /);
    const gz = gzipSync(bytes);
    gz[gz.length >> 1] ^= 0xff;
    gz[(gz.length >> 1) + 1] ^= 0xff;
    expect(await refusal(gz, 'x.gz')).toMatch(/^x\.gz: /);
  });

  it('stops at the first bad file of several', async () => {
    const good = readFixture('otlp-json/jaeger-skills-sibling_errors.json');
    await expect(
      readFiles(
        [chunkedFile(good, 50, 'good.json'), chunkedFile(utf8Encode('[1, 2'), 1, 'cut.json')],
        new TraceSetBuilder(),
        () => undefined,
      ),
    ).rejects.toMatchObject({ fileName: 'cut.json' });
  });
});
