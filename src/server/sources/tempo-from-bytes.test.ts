import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../core/formats/index.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import { fixturesPresent, listFixtures, readFixture } from '../../testing/fixtures.ts';
import { generatedTable } from '../../testing/generated-table.ts';
import { comparableSpans, tablesOfFile } from '../../testing/span-compare.ts';
import { DetailKeySink } from './columnar-from-bytes.ts';
import { convertTrace } from './convert-trace.ts';
import { encodeTraceAs } from './encode-trace.ts';
import { tempoFromBytes } from './tempo-from-bytes.ts';
import { transfersOf } from './trace-converter.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const VERSIONS = ['tempo-v1', 'tempo-v2'] as const;
const HEX_TRACE = /^[0-9a-f]{32}$/;
const HEX_SPAN = /^[0-9a-f]{16}$/;

/** Every span, with its details, resource and scope, of a Tempo answer as our readers decode it. */
const decoded = (body: Uint8Array) => comparableSpans(tablesOfFile(body));

/** The spans of a Tempo answer's JSON (v1 `batches` or v2 `trace.resourceSpans`). */
function spansOf(body: Uint8Array): Record<string, unknown>[] {
  const json = JSON.parse(text(body));
  const resources = json.batches ?? json.trace.resourceSpans;
  return resources.flatMap((r: { scopeSpans: { spans: unknown[] }[] }) =>
    r.scopeSpans.flatMap((s) => s.spans),
  );
}

/** Ids of the answer's spans and links are hex, as the local store answers them. */
function expectHexIds(body: Uint8Array): void {
  for (const span of spansOf(body)) {
    expect(span.traceId).toMatch(HEX_TRACE);
    expect(span.spanId).toMatch(HEX_SPAN);
    if (span.parentSpanId !== undefined) expect(span.parentSpanId).toMatch(HEX_SPAN);
    for (const link of (span.links ?? []) as { traceId: string; spanId: string }[]) {
      expect(link.traceId).toMatch(HEX_TRACE);
      expect(link.spanId).toMatch(HEX_SPAN);
    }
  }
}

/** The spliced answers of every trace in `bytes` (null where not taken), each checked against the re-encoded one. */
function expectSameAnswers(bytes: Uint8Array): (Uint8Array | null)[] {
  const sink = new DetailKeySink();
  decodeInput(bytes, sink);
  return sink.build().flatMap((table: SpanTable) =>
    VERSIONS.map((version) => {
      const fast = tempoFromBytes(table, sink, version);
      if (fast) {
        const before = encodeTraceAs(table, version);
        expect(decoded(fast)).toEqual(decoded(before));
        expect(Object.keys(JSON.parse(text(fast)))).toEqual(Object.keys(JSON.parse(text(before))));
        expectHexIds(fast);
      }
      return fast;
    }),
  );
}

const otlpFiles = fixturesPresent
  ? listFixtures().filter((f) => /^(otlp-json\/.*|tempo-api\/.*-traces-.*)\.json$/.test(f))
  : [];

describe('tempoFromBytes', () => {
  it.skipIf(!fixturesPresent)(
    'answers every real OTLP JSON and Tempo trace with the same spans, ids hex',
    () => {
      expect(otlpFiles.length).toBeGreaterThan(8);
      let taken = 0;
      for (const file of otlpFiles) taken += expectSameAnswers(readFixture(file)).filter(Boolean).length;
      // Tempo's own answers (base64 ids, enum names, snake_case keys, instrumentationLibrarySpans) included.
      expect(taken).toBeGreaterThan(16);
    },
  );

  it.skipIf(!fixturesPresent)(
    "splices Tempo's v1 answer (instrumentationLibrarySpans, base64 ids) into scopeSpans",
    () => {
      const file = 'tempo-api/tempo-api-v1-traces-batches-ils-docs-2023.json';
      const [v1] = expectSameAnswers(readFixture(file));
      const json = JSON.parse(text(v1 as Uint8Array));
      const [span] = json.batches[0].scopeSpans[0].spans;
      expect(span).toMatchObject({ traceId: '00000000000000000123456789abcdef', spanId: '0000000000001234' });
      // Its own members as written: the attributes are the upstream's bytes.
      expect(text(v1 as Uint8Array)).toContain(
        '"attributes":[{"key":"http.path","value":{"stringValue":"/api"}}',
      );
    },
  );

  it.skipIf(!fixturesPresent)('keeps snake_case members as the upstream wrote them', () => {
    const [v2] = expectSameAnswers(readFixture('otlp-json/grafana-tsdb-tempo-trace-snake_case.json'));
    expect(text(v2 as Uint8Array)).toContain('"string_value"');
  });

  it('answers a generated trace (errors, several services) the same', () => {
    const answers = expectSameAnswers(encodeTraceAs(generatedTable(3000), 'tempo-v2'));
    expect(answers.every(Boolean)).toBe(true);
  });

  it('writes base64 link ids as hex', () => {
    const span = `{"traceId":"W47/95gDgQPSabYzgT/HAA==","spanId":"7uGbfsPBsQA=","name":"n","kind":2,"startTimeUnixNano":"1","endTimeUnixNano":"2","links":[{"traceId":"W47/95gDgQPSabYzgT/HAA==","spanId":"7uGbfsPBsQE="}],"status":{"code":"STATUS_CODE_ERROR"}}`;
    const doc = `{"trace":{"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[${span}]}]}]}}`;
    const [v1, v2] = expectSameAnswers(utf8(doc));
    expect(v1).not.toBeNull();
    expect(spansOf(v2 as Uint8Array)[0]?.links).toEqual([
      { traceId: '5b8efff798038103d269b633813fc700', spanId: 'eee19b7ec3c1b101' },
    ]);
  });

  it('keeps members written among or before the hot ones, and after a repeated hot one', () => {
    const hot = '"traceId":"5b8efff798038103d269b633813fc700","spanId":"eee19b7ec3c1b100"';
    const spans = [
      `{"traceState":"a=b",${hot},"flags":257,"name":"x","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"5","endTimeUnixNano":"7","attributes":[{"key":"k","value":{"intValue":"3"}}]}`,
      `{ "attributes" : [ ] , ${hot.replace('b100', 'b101')} , "name" : "y" , "startTimeUnixNano" : 5 , "dropped_attributes_count" : 2 , "name" : "z" }`,
      `{${hot.replace('b100', 'b102')},"name":"w","startTimeUnixNano":"5"}`,
    ];
    const doc = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]},"scopeSpans":[{"spans":[${spans.join(',')}]}]}]}`;
    const [, v2] = expectSameAnswers(utf8(doc));
    const written = spansOf(v2 as Uint8Array);
    expect(written.map((s) => s.name)).toEqual(['x', 'z', 'w']);
    expect(written[0]).toMatchObject({ traceState: 'a=b', flags: 257, kind: 3 });
    expect(written[1]).toMatchObject({ attributes: [], dropped_attributes_count: 2 });
  });

  it('answers in a buffer of its own, which the worker transfers to the HTTP thread instead of copying', () => {
    const [v2] = expectSameAnswers(encodeTraceAs(generatedTable(200), 'tempo-v2')).slice(1);
    const body = v2 as Uint8Array;
    expect(transfersOf({ body, details: null })).toEqual([body.buffer]);
  });

  it('declines documents the byte reader gives up on (their spans re-encoded)', () => {
    const span = `{"traceId":"5b8efff798038103d269b633813fc700","spanId":"eee19b7ec3c1b100","name":"n","startTimeUnixNano":"1"}`;
    // A repeated container key: the JSON.parse decoder reads it.
    const doc = `{"resourceSpans":[{"scopeSpans":[],"scopeSpans":[{"spans":[${span}]}]}]}`;
    expect(expectSameAnswers(utf8(doc))).toEqual([null, null]);
  });

  it('is what a streamed conversion answers, PARTIAL kept', () => {
    const table = generatedTable(2500);
    const whole = text(encodeTraceAs(table, 'tempo-v2'));
    const body = utf8(`${whole.slice(0, -1)},"status":"PARTIAL","message":"cut"}`);
    const c = { source: 's', what: 'w', traceId: table.traceId, reader: 'tempo' } as const;
    const v2 = convertTrace({ ...c, encoding: 'tempo-v2' }, body)?.body as Uint8Array;
    expect(JSON.parse(text(v2))).toMatchObject({ status: 'PARTIAL', message: 'cut' });
    expect(decoded(v2)).toEqual(decoded(utf8(whole)));
    const v1 = convertTrace({ ...c, encoding: 'tempo-v1' }, body)?.body as Uint8Array;
    expect(decoded(v1)).toEqual(decoded(utf8(whole)));
    expectHexIds(v1);
  });
});
