import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeInput, FormatError } from '../../core/formats/index.ts';
import { ExportTraceServiceRequest } from '../../core/formats/otlp-proto/schema.ts';
import { hexToBytes } from '../../core/model/ids.ts';
import { listFixtures, readFixture } from '../../testing/fixtures.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { jaegerTraceJson } from '../../testing/json-streams.ts';
import { syntheticRequest } from '../../testing/otlp-requests.ts';
import { rechunk } from '../../testing/proto-streams.ts';
import { streamedBody } from '../../testing/request-body.ts';
import { SpanCollector } from '../store/ingest/decode-body.ts';

const FILES = listFixtures().filter((f) => !f.endsWith('.md'));

/** `bytes` as a request body sent in chunks of `size` bytes. */
const chunked = (bytes: Uint8Array, size: number) => streamedBody(rechunk([bytes], size));

interface Expected {
  readonly traceIds: string[];
  /** "traceId spanId" per span, in order. */
  readonly spans: string[];
  readonly error: FormatError | null;
}

/** What decodeInput makes of a file: its spans and trace ids in order, or its refusal. */
function expected(bytes: Uint8Array): Expected {
  const sink = new SpanCollector();
  try {
    decodeInput(bytes, sink);
  } catch (error) {
    if (error instanceof FormatError) return { traceIds: [], spans: [], error };
    throw error;
  }
  const spans = sink.spans.map((s) => `${s.traceId} ${s.spanId}`);
  return { traceIds: [...new Set(sink.spans.map((s) => s.traceId))], spans, error: null };
}

/** A JSON Lines file of `n` OTLP documents (50 spans, one trace each). */
function jsonLines(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify(syntheticRequest({ traces: 1, spansPerTrace: 50, seed: i + 1, services: 1 })),
  );
}

const traceIdOf = (line: string): string => JSON.parse(line).resourceSpans[0].scopeSpans[0].spans[0].traceId;

describe('POST /api/import (in process, the real decoders behind a fake store)', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess({ maxImportBytes: 64 * 1024 * 1024 });
  });
  afterAll(() => server.close());

  const post = async (init: RequestInit & { duplex?: 'half' }) => {
    const res = await fetch(`${server.base}/api/import`, { method: 'POST', ...init });
    return { status: res.status, answer: await res.json() };
  };

  it.each(FILES)(
    'imports %s streamed in small chunks, gzip’d and not, as decodeInput reads it',
    async (file) => {
      const plain = readFixture(file);
      const want = expected(plain);
      for (const bytes of [plain, new Uint8Array(gzipSync(plain))]) {
        const before = server.store.spans.length;
        const { status, answer } = await post(chunked(bytes, 97));
        if (want.error) {
          expect(status, file).toBe(400);
          // An excerpt of the text at the error ends where the streamed piece ends.
          expect(answer.error).toContain(want.error.problem.replace(/, found ".*"$/s, ''));
          expect(answer.kept).toEqual({ traceIds: [], spanCount: 0 });
          continue;
        }
        expect(status, file).toBe(200);
        expect(answer).toEqual({ traceIds: want.traceIds, spanCount: want.spans.length });
        const stored = server.store.spans.slice(before).map((s) => `${s.traceId} ${s.spanId}`);
        expect(stored).toEqual(want.spans);
      }
    },
  );

  it('answers 400 naming the byte for a body malformed or cut short midway, and says what it kept', async () => {
    const earlier = await post({ body: jsonLines(1)[0] });
    expect(earlier.status).toBe(200);
    const lines = jsonLines(30);
    const start20 = lines.slice(0, 19).join('\n').length + 1;
    lines[19] = `${lines[19].slice(0, 700)}}`;
    const text = lines.join('\n');
    const before = server.store.spans.length;
    const { status, answer } = await post(chunked(new TextEncoder().encode(text), 4096));
    expect(status).toBe(400);
    const at = Number(/^JSON: invalid JSON: .* at byte (\d+)/.exec(answer.error)?.[1]);
    expect(at).toBeGreaterThan(start20);
    expect(at).toBeLessThanOrEqual(start20 + lines[19].length + 1);
    // Kept: every line whose piece was handed on before the chunk where the error was found.
    const kept = answer.kept.traceIds.length;
    expect(kept).toBeGreaterThanOrEqual(17);
    expect(answer.kept).toEqual({ traceIds: lines.slice(0, kept).map(traceIdOf), spanCount: kept * 50 });
    expect(server.store.spans.length - before).toBe(kept * 50);
    expect(server.store.spans.some((s) => s.traceId === traceIdOf(jsonLines(1)[0]))).toBe(true);

    const whole = new TextEncoder().encode(lines.slice(0, 10).join('\n'));
    const cut = await post(chunked(whole.subarray(0, whole.length - 40), 1000));
    expect(cut.status).toBe(400);
    expect(cut.answer.error).toBe(
      `JSON: invalid JSON: unexpected end of input (the document is truncated) at byte ${whole.length - 40}`,
    );
    expect(cut.answer.kept.spanCount).toBeGreaterThanOrEqual(8 * 50);
  });

  it('refuses a Jaeger or OTLP JSON body whose span is invalid midway (spans read as they stream) as decodeInput does, saying what it kept', async () => {
    // A 3,000-span Jaeger trace whose span 2500 has the id "zz" (each span's id sits before its flags).
    const text = [...jaegerTraceJson(3000)].join('');
    const flags = [...text.matchAll(/"flags":\d+,"operationName"/g)][2500].index;
    const jaeger = new TextEncoder().encode(`${text.slice(0, flags - 18)}zz${text.slice(flags - 2)}`);
    const lines = jsonLines(30);
    lines[19] = lines[19].replace(/"spanId":"[0-9a-f]{16}"/, '"spanId":"zz"');
    const otlp = new TextEncoder().encode(lines.join('\n'));
    for (const body of [jaeger, otlp]) {
      const want = expected(body).error as FormatError;
      const before = server.store.spans.length;
      const { status, answer } = await post(chunked(body, 5000));
      expect(status).toBe(400);
      // The JSON path names the span within the piece it was decoded in.
      expect(answer.error.replace(/spans\[\d+\]/, 'spans[i]')).toBe(
        want.message.replace(/spans\[\d+\]/, 'spans[i]'),
      );
      expect(answer.kept.spanCount).toBe(server.store.spans.length - before);
    }
  });

  it('names the span of a protobuf body whose span is invalid midway, as in the whole file', async () => {
    const spans = Array.from({ length: 3000 }, (_, i) => ({
      trace_id: hexToBytes('0af7651916cd43dd8448eb211c80319c'),
      span_id: i === 2500 ? new Uint8Array(3) : hexToBytes((i + 1).toString(16).padStart(16, '0')),
      name: `span ${i}`,
    }));
    const body = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resource_spans: [0, 1, 2].map((r) => ({
          scope_spans: [{ spans: spans.slice(r * 1000, r * 1000 + 1000) }],
        })),
      }),
    ).finish();
    const want = expected(body);
    const { status, answer } = await post(chunked(body, 5000));
    expect(status).toBe(400);
    expect(want.error?.message).toBe(
      'OTLP protobuf: span id has 3 bytes (expected 8) at resource_spans[2].scope_spans[0].spans[500].span_id',
    );
    expect(answer.error).toBe(want.error?.message);
    expect(answer.kept.spanCount).toBeGreaterThanOrEqual(2000);
  });

  it('refuses hostile bodies with the right status, saying what was kept', async () => {
    const limited = await startInProcess({ maxImportBytes: 64 * 1024 });
    try {
      const at = (init: RequestInit & { duplex?: 'half' }, headers: Record<string, string> = {}) =>
        fetch(`${limited.base}/api/import`, { method: 'POST', ...init, headers }).then(async (r) => ({
          status: r.status,
          answer: await r.json(),
        }));
      const big = new TextEncoder().encode(jsonLines(40).join('\n'));
      expect(big.length).toBeGreaterThan(128 * 1024);
      // Declared too large: refused before reading; streamed past the limit: stopped there.
      expect(await at({ body: big })).toEqual({
        status: 413,
        answer: { error: 'file is larger than the limit of 64 KiB' },
      });
      const streamed = await at(chunked(big, 8192));
      expect(streamed.status).toBe(413);
      expect(streamed.answer.error).toBe('file is larger than the limit of 64 KiB');
      expect(streamed.answer.kept.spanCount).toBeGreaterThan(0);
      // A gzip bomb, by its magic bytes or declared: stopped at the limit once inflated.
      const bomb = gzipSync(`{"resourceSpans":[${' '.repeat(50 * 1024 * 1024)}]}`);
      for (const headers of [{}, { 'Content-Encoding': 'gzip' }] as Record<string, string>[]) {
        const r = await at({ body: bomb }, headers);
        expect(r.status).toBe(413);
        expect(r.answer.error).toBe('decompressed file is larger than the limit of 64 KiB');
      }
      expect((await at({ body: '{}' }, { 'Content-Encoding': 'br' })).status).toBe(415);
      const badGzip = await at({ body: 'not gzip at all' }, { 'Content-Encoding': 'gzip' });
      expect(badGzip.status).toBe(400);
      expect(badGzip.answer.error).toMatch(/^invalid gzip body/);
      expect(await at({ body: 'not json at all' })).toEqual({
        status: 400,
        answer: {
          error: 'OTLP protobuf: unsupported wire type 6 (field 13) at byte 0',
          kept: { traceIds: [], spanCount: 0 },
        },
      });
      expect((await at({ body: '' })).answer).toEqual({
        error: 'input: the input is empty',
        kept: { traceIds: [], spanCount: 0 },
      });
      // A gzip'd file sent with Content-Encoding: gzip is inflated twice.
      const twice = await at(
        { body: gzipSync(gzipSync(jsonLines(2).join('\n'))) },
        { 'Content-Encoding': 'gzip' },
      );
      expect(twice).toMatchObject({ status: 200, answer: { spanCount: 100 } });
    } finally {
      await limited.close();
    }
  });

  it('reads the request only as fast as the store takes it', async () => {
    server.store.importDelayMs = 25;
    try {
      let produced = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"resourceSpans":['));
        },
        pull(controller) {
          produced += chunk.length;
          if (produced > 24 * 1024 * 1024) {
            controller.enqueue(new TextEncoder().encode(']}'));
            controller.close();
          } else controller.enqueue(chunk.slice());
        },
      });
      const done = fetch(`${server.base}/api/import`, {
        method: 'POST',
        body,
        duplex: 'half',
      } as RequestInit);
      await new Promise((r) => setTimeout(r, 1000));
      const session = server.store.imports.at(-1)!;
      // At most ~40 chunks taken in 1 s; what the client wrote meanwhile waits in socket buffers only.
      expect(session.bytes).toBeLessThan(4 * 1024 * 1024);
      expect(produced - session.bytes).toBeLessThan(12 * 1024 * 1024);
      server.store.importDelayMs = 0;
      expect((await done).status).toBe(200);
    } finally {
      server.store.importDelayMs = 0;
    }
  });

  it('stops the import when the client goes away mid-body', async () => {
    const sessions = server.store.imports.length;
    const req = request(`${server.base}/api/import`, { method: 'POST' });
    req.on('error', () => undefined);
    req.write(jsonLines(5).join('\n'));
    await new Promise((r) => setTimeout(r, 300));
    req.destroy();
    const deadline = Date.now() + 5000;
    while (server.store.imports[sessions]?.state !== 'aborted' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(server.store.imports[sessions].state).toBe('aborted');
    expect(server.logs.at(-1)).toMatch(
      /^spanscope: import stopped: the client went away \(\d+ spans kept\)$/,
    );
  });
});
