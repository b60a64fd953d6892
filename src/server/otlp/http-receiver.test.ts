import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExportTraceServiceRequest,
  ExportTraceServiceResponse,
} from '../../core/formats/otlp-proto/schema.ts';
import { hexToBytes } from '../../core/model/ids.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { decodeStatusBody } from './otlp-response.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';

function jsonExport(spans: { traceId: string; spanId: string; name: string }[]) {
  return JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans }] }] });
}

function protoExport(spans: { traceId: string; spanId: string; name: string }[]): Uint8Array {
  const message = {
    resource_spans: [
      {
        scope_spans: [
          {
            spans: spans.map((s) => ({
              trace_id: hexToBytes(s.traceId),
              span_id: hexToBytes(s.spanId),
              name: s.name,
            })),
          },
        ],
      },
    ],
  };
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(message)).finish();
}

const post = (url: string, body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers });

describe('OTLP/HTTP receiver (in process, fake store)', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess({ maxRequestBytes: 64 * 1024 });
  });
  afterAll(() => server.close());

  it('takes JSON on both ports, with a charset parameter, and answers an empty JSON response', async () => {
    for (const base of [server.base, server.otlpBase]) {
      const res = await post(
        `${base}/v1/traces`,
        jsonExport([{ traceId: TRACE, spanId: 'a'.repeat(16), name: base }]),
        {
          'Content-Type': 'application/json; charset=utf-8',
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({});
    }
    expect(server.store.spans.filter((s) => s.traceId === TRACE).map((s) => s.name)).toEqual([
      server.base,
      server.otlpBase,
    ]);
  });

  it('takes protobuf, gzip-compressed, and answers an ExportTraceServiceResponse', async () => {
    const body = gzipSync(protoExport([{ traceId: TRACE, spanId: 'b'.repeat(16), name: 'proto' }]));
    const res = await post(`${server.otlpBase}/v1/traces`, body, {
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const decoded = ExportTraceServiceResponse.toObject(
      ExportTraceServiceResponse.decode(new Uint8Array(await res.arrayBuffer())),
    );
    expect(decoded).toEqual({});
    expect(server.store.spans.some((s) => s.name === 'proto')).toBe(true);
  });

  it('takes a chunked body', async () => {
    const text = jsonExport([{ traceId: TRACE, spanId: 'c'.repeat(16), name: 'chunked' }]);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.otlpBase}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < text.length; i += 10) req.write(text.slice(i, i + 10));
      req.end();
    });
    expect(status).toBe(200);
    expect(server.store.spans.some((s) => s.name === 'chunked')).toBe(true);
  });

  it('reports rejected spans as a partial success in the request encoding', async () => {
    const spans = [
      { traceId: TRACE, spanId: 'd'.repeat(16), name: 'good' },
      { traceId: 'zz', spanId: 'e'.repeat(16), name: 'bad-trace-id' },
    ];
    const res = await post(`${server.base}/v1/traces`, jsonExport(spans), {
      'Content-Type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: { rejectedSpans: '1', errorMessage: "span 'bad-trace-id': invalid id" },
    });
    const proto = protoExport([
      { traceId: TRACE, spanId: 'f'.repeat(16), name: 'good' },
      { traceId: TRACE, spanId: 'ab', name: 'short-span-id' },
    ]);
    const res2 = await post(`${server.base}/v1/traces`, proto, { 'Content-Type': 'application/x-protobuf' });
    const answer = ExportTraceServiceResponse.toObject(
      ExportTraceServiceResponse.decode(new Uint8Array(await res2.arrayBuffer())),
      { longs: Number },
    );
    expect(answer).toEqual({
      partial_success: { rejected_spans: 1, error_message: "span 'short-span-id': invalid id" },
    });
  });

  it('answers an empty request with success and stores nothing', async () => {
    const before = server.store.spans.length;
    for (const type of ['application/json', 'application/x-protobuf']) {
      const res = await post(`${server.base}/v1/traces`, '', { 'Content-Type': type });
      expect(res.status).toBe(200);
    }
    const gzEmpty = await post(`${server.base}/v1/traces`, '', {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    expect(gzEmpty.status).toBe(200);
    expect(server.store.spans.length).toBe(before);
  });

  it('refuses what it cannot take with the OTLP status and a google.rpc.Status body', async () => {
    const cases: [string, Uint8Array | string, Record<string, string>, number, RegExp][] = [
      ['malformed JSON', '{"resourceSpans":[', { 'Content-Type': 'application/json' }, 400, /JSON/],
      [
        'malformed protobuf',
        new Uint8Array([0x0a, 0xff, 0xff, 0x01]),
        { 'Content-Type': 'application/x-protobuf' },
        400,
        /./,
      ],
      [
        'wrong content type',
        '{}',
        { 'Content-Type': 'text/plain' },
        415,
        /unsupported content type 'text\/plain'/,
      ],
      ['no content type', '{}', {}, 415, /unsupported content type/],
      [
        'unknown content encoding',
        '{}',
        { 'Content-Type': 'application/json', 'Content-Encoding': 'br' },
        415,
        /content encoding 'br'/,
      ],
      [
        'truncated gzip',
        gzipSync(jsonExport([])).subarray(0, 15),
        { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        400,
        /invalid gzip body/,
      ],
      [
        'over the limit',
        'x'.repeat(65 * 1024),
        { 'Content-Type': 'application/json' },
        413,
        /larger than the limit of 64 KiB/,
      ],
      [
        'gzip bomb',
        gzipSync(Buffer.alloc(8 * 1024 ** 2)),
        { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        413,
        /decompressed request body is larger/,
      ],
    ];
    const before = server.store.spans.length;
    for (const [what, body, headers, status, message] of cases) {
      const res = await post(`${server.otlpBase}/v1/traces`, body, headers);
      expect(res.status, what).toBe(status);
      const encoding = headers['Content-Type'] === 'application/x-protobuf' ? 'protobuf' : 'json';
      const decoded = decodeStatusBody(encoding, new Uint8Array(await res.arrayBuffer()));
      expect(decoded.message, what).toMatch(message);
      expect(decoded.code, what).toBeGreaterThan(0);
      expect((await fetch(`${server.base}/api/echo`)).status, `echo after ${what}`).toBe(200);
    }
    expect(server.store.spans.length).toBe(before);
  });

  it('answers 429 with Retry-After while the store is overloaded, in the request encoding', async () => {
    server.store.overloaded = true;
    try {
      const res = await post(`${server.otlpBase}/v1/traces`, protoExport([]), {
        'Content-Type': 'application/x-protobuf',
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(decodeStatusBody('protobuf', new Uint8Array(await res.arrayBuffer()))).toEqual({
        code: 8,
        message: 'the store is busy; retry later',
      });
    } finally {
      server.store.overloaded = false;
    }
  });

  it('serves only /v1/traces on the OTLP port, and 405 for other methods', async () => {
    const other = await fetch(`${server.otlpBase}/api/echo`);
    expect(other.status).toBe(404);
    const get = await fetch(`${server.otlpBase}/v1/traces`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('OTLP/HTTP receiver before the store is open', () => {
  it('answers 503 with Retry-After, and /ready 503, until it is', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const server = await startInProcess({ storeGate: gate });
    try {
      const res = await post(`${server.otlpBase}/v1/traces`, '{}', { 'Content-Type': 'application/json' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect((await fetch(`${server.base}/ready`)).status).toBe(503);
      open();
      await server.runtime.ready;
      expect((await fetch(`${server.base}/ready`)).status).toBe(200);
      const ok = await post(`${server.otlpBase}/v1/traces`, '{}', { 'Content-Type': 'application/json' });
      expect(ok.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
