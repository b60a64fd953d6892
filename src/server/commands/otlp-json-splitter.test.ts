import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../testing/fixtures.ts';
import { NotOtlpJson, OtlpJsonSplitter, OtlpJsonStreamError, type RawSpan } from './otlp-json-splitter.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON.parse output walked by hand in assertions
type Json = Record<string, any>;
const text = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('utf8') : null);

function split(bytes: Uint8Array, chunkBytes: number): RawSpan[] {
  const s = new OtlpJsonSplitter();
  const out: RawSpan[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) out.push(...s.push(bytes.subarray(i, i + chunkBytes)));
  out.push(...s.end());
  return out;
}

/** Each span as "resource | scope | span" JSON, parsed from the raw pieces. */
function described(spans: RawSpan[]): string[] {
  return spans.map((s) =>
    JSON.stringify([
      JSON.parse(text(s.context.resource.resource) ?? 'null'),
      JSON.parse(text(s.context.scope) ?? 'null'),
      JSON.parse(text(s.bytes)!),
    ]),
  );
}

/** The same, from JSON.parse of the whole document(s). */
function expectedOf(docs: Json[]): string[] {
  const out: string[] = [];
  for (let doc of docs) {
    while (doc.trace || doc.result) doc = doc.trace ?? doc.result;
    for (const rs of doc.resourceSpans ?? doc.resource_spans ?? doc.batches ?? [])
      for (const ss of rs.scopeSpans ?? rs.scope_spans ?? rs.instrumentationLibrarySpans ?? [])
        for (const span of ss.spans ?? [])
          out.push(
            JSON.stringify([rs.resource ?? null, ss.scope ?? ss.instrumentationLibrary ?? null, span]),
          );
  }
  return out;
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('OtlpJsonSplitter on the real OTLP JSON fixtures', () => {
  const files = listFixtures().filter(
    (f) => f.startsWith('otlp-json/') || f.startsWith('tempo-api/tempo-api-v'),
  );
  it('finds fixtures', () => expect(files.length).toBeGreaterThan(15));
  for (const file of files) {
    it(`${file}: yields every span with its resource and scope, whatever the chunking`, () => {
      const bytes = readFixture(file);
      const str = Buffer.from(bytes).toString('utf8');
      const docs = file.endsWith('.jsonl')
        ? str
            .split('\n')
            .filter((l) => l.trim())
            .map((l) => JSON.parse(l))
        : [JSON.parse(str)];
      const want = expectedOf(docs);
      expect(want.length).toBeGreaterThan(0);
      for (const chunk of [1, 13, 4096, bytes.length])
        expect(described(split(bytes, chunk)), `${chunk}`).toEqual(want);
    });
  }
});

describe('OtlpJsonSplitter', () => {
  it('holds spans until a resource or scope written after them is known', () => {
    const doc =
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"1"},{"spanId":"2"}],"scope":{"name":"late"}}],"resource":{"attributes":[]},"schemaUrl":"u"}]}';
    const spans = split(enc(doc), 5);
    expect(spans.map((s) => text(s.bytes))).toEqual(['{"spanId":"1"}', '{"spanId":"2"}']);
    expect(text(spans[0].context.scope)).toBe('{"name":"late"}');
    expect(text(spans[0].context.resource.resource)).toBe('{"attributes":[]}');
    expect(text(spans[0].context.resource.schemaUrl)).toBe('"u"');
    expect(spans[0].context).toBe(spans[1].context);
  });

  it('keeps numbers and escapes exactly as written', () => {
    const span =
      '{"startTimeUnixNano":1763870400123456789,"name":"a \\"quoted\\" \\\\ name}]","attributes":[{"key":"k","value":{"intValue":9223372036854775807}}]}';
    const spans = split(enc(`\uFEFF{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`), 3);
    expect(text(spans[0].bytes)).toBe(span);
  });

  it('skips unknown keys, also large ones, and accepts JSON Lines', () => {
    const line = (id: string) =>
      `{"resourceSpans":[{"x":{"deep":[1,{"s":"]}"}]},"scopeSpans":[{"spans":[{"spanId":"${id}"}],"extra":"${'z'.repeat(200_000)}"}]}]}`;
    const spans = split(enc(`${line('a')}\n${line('b')}\n`), 1000);
    expect(spans.map((s) => text(s.bytes))).toEqual(['{"spanId":"a"}', '{"spanId":"b"}']);
  });

  it('says when the input is not OTLP JSON', () => {
    for (const doc of ['[{"traceId":"a"}]', '{"data":[{"traceID":"a","spans":[]}]}', '"text"', '{}']) {
      expect(() => split(enc(doc), 4), doc).toThrow(NotOtlpJson);
    }
  });

  it('names the byte offset of broken JSON', () => {
    const cases: [string, RegExp][] = [
      ['{"resourceSpans":[{"scopeSpans":[{"spans":[{"a":1}', /^unexpected end of input at byte 50$/],
      ['{"resourceSpans":[1]}', /^expected a resourceSpans object at byte 18$/],
      ['{"resourceSpans":[{"scopeSpans":[{"spans":["x"]}]}]}', /^expected a span object at byte 43$/],
      ['{"resourceSpans":[{"scopeSpans":[]} {}]}', /^expected ',' or '\]' at byte 36$/],
      ['{"resourceSpans":[{"resource":}]}', /^expected a value at byte 30$/],
      ['{"resourceSpans" []}', /^expected ':' at byte 17$/],
    ];
    for (const [doc, message] of cases) {
      for (const chunk of [1, 1000]) {
        let err: unknown;
        try {
          split(enc(doc), chunk);
        } catch (e) {
          err = e;
        }
        expect(err, doc).toBeInstanceOf(OtlpJsonStreamError);
        expect((err as Error).message, `${doc} / ${chunk}`).toMatch(message);
      }
    }
  });
});
