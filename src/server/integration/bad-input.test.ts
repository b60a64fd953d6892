/**
 * Bad input against the real built server: every refused request gets the OTLP status it should,
 * stores nothing, and the server keeps serving (`/api/echo` after each). Hostile read parameters.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportTraceServiceRequest } from '../../core/formats/otlp-proto/schema.ts';
import { hexToBytes } from '../../core/model/ids.ts';
import { fetchSpans } from '../../testing/otlp-readback.ts';
import { type HarnessServer, startServer } from '../../testing/server-harness.ts';
import { decodeStatusBody } from '../otlp/otlp-response.ts';

/** 1 MiB of spaces, gzip'd (~1 KiB); gzip members may be concatenated. */
const SPACES_MIB_GZ = gzipSync(Buffer.alloc(1024 ** 2, 32), { level: 9 });

let counter = 0;
/** A fresh, valid trace id (so that "nothing was stored" is a 404 on it). */
function newTraceId(): string {
  counter++;
  return `${Date.now().toString(16)}${counter.toString(16).padStart(4, '0')}`.padStart(32, 'a').slice(-32);
}

function span(traceId: string, spanId: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    traceId,
    spanId,
    name,
    kind: 2,
    startTimeUnixNano: '1763870400000000000',
    endTimeUnixNano: '1763870401000000000',
    ...extra,
  };
}

function jsonBody(spans: unknown[], padding = 0): string {
  const attrs = padding ? [{ key: 'pad', value: { stringValue: 'x'.repeat(padding) } }] : [];
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: attrs }, scopeSpans: [{ scope: { name: 's' }, spans }] }],
  });
}

function protoBody(traceId: string): Uint8Array {
  return ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject({
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                {
                  trace_id: hexToBytes(traceId),
                  span_id: hexToBytes('00000000000000a1'),
                  name: 'proto-span',
                  start_time_unix_nano: 1,
                  end_time_unix_nano: 2,
                },
              ],
            },
          ],
        },
      ],
    }),
  ).finish();
}

describe('bad input against the real server', () => {
  let server: HarnessServer;
  beforeAll(async () => {
    server = await startServer({ args: ['--max-request-size', '1MiB'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (body: Uint8Array | string, headers: Record<string, string>, base = server.otlpBase) =>
    fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : Buffer.from(body),
    });

  async function expectStillServing() {
    const echo = await fetch(`${server.base}/api/echo`);
    expect(echo.status).toBe(200);
  }

  it('refuses undecodable, unsupported, oversized and bomb requests; stores nothing of them', async () => {
    const cases: {
      what: string;
      make: (t: string) => [Uint8Array | string, Record<string, string>];
      status: number;
    }[] = [
      {
        what: 'malformed JSON',
        make: (t) => [
          jsonBody([span(t, '00000000000000b1', 'x')]).slice(0, -3),
          { 'Content-Type': 'application/json' },
        ],
        status: 400,
      },
      {
        what: 'JSON that is not an export request',
        make: (t) => [JSON.stringify([{ traceId: t }]), { 'Content-Type': 'application/json' }],
        status: 400,
      },
      {
        what: 'malformed protobuf',
        make: (t) => [protoBody(t).subarray(0, 30), { 'Content-Type': 'application/x-protobuf' }],
        status: 400,
      },
      {
        what: 'JSON sent as protobuf',
        make: (t) => [
          jsonBody([span(t, '00000000000000b2', 'x')]),
          { 'Content-Type': 'application/x-protobuf' },
        ],
        status: 400,
      },
      {
        what: 'wrong content type',
        make: (t) => [jsonBody([span(t, '00000000000000b3', 'x')]), { 'Content-Type': 'text/plain' }],
        status: 415,
      },
      {
        what: 'truncated gzip',
        make: (t) => {
          const gz = gzipSync(jsonBody([span(t, '00000000000000b4', 'x')]));
          return [
            gz.subarray(0, gz.length - 10),
            { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
          ];
        },
        status: 400,
      },
      {
        what: 'body over the limit',
        make: (t) => [
          jsonBody([span(t, '00000000000000b5', 'x')], 1_100_000),
          { 'Content-Type': 'application/json' },
        ],
        status: 413,
      },
      {
        what: 'gzip bomb (small on the wire, 200 MiB inflated)',
        make: (t) => {
          const head = Buffer.from(jsonBody([span(t, '00000000000000b6', 'x')]).slice(0, -1));
          return [
            Buffer.concat([
              gzipSync(head),
              ...Array.from({ length: 200 }, () => SPACES_MIB_GZ),
              gzipSync('}'),
            ]),
            { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
          ];
        },
        status: 413,
      },
    ];
    for (const c of cases) {
      const traceId = newTraceId();
      const [body, headers] = c.make(traceId);
      const res = await post(body, headers);
      expect(res.status, c.what).toBe(c.status);
      const encoding = headers['Content-Type'] === 'application/x-protobuf' ? 'protobuf' : 'json';
      const status = decodeStatusBody(encoding, new Uint8Array(await res.arrayBuffer()));
      expect(status.message.length, c.what).toBeGreaterThan(0);
      expect((await fetch(`${server.base}/api/traces/${traceId}`)).status, `${c.what} stored nothing`).toBe(
        404,
      );
      await expectStillServing();
    }
  });

  it('rejects spans with invalid ids one by one and stores the rest', async () => {
    const traceId = newTraceId();
    const spans = [
      span(traceId, '00000000000000c1', 'good-1'),
      span('not-a-trace-id', '00000000000000c2', 'bad-trace-id'),
      span(traceId, '0000000000000000', 'zero-span-id'),
      span(traceId, '00000000000000c4', 'good-2', { parentSpanId: '00000000000000c1' }),
      span(traceId, 'not-hex!', 'odd-span-id'),
    ];
    const res = await post(jsonBody(spans), { 'Content-Type': 'application/json' }, server.base);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.partialSuccess.rejectedSpans).toBe('3');
    expect(answer.partialSuccess.errorMessage).toMatch(/not-a-trace-id/);
    const stored = await fetchSpans(server.base, traceId);
    expect([...stored.values()].map((s) => s.span.name).sort()).toEqual(['good-1', 'good-2']);
    await expectStillServing();
  });

  it('takes empty requests as successes that store nothing', async () => {
    for (const [body, type] of [
      ['', 'application/json'],
      ['', 'application/x-protobuf'],
      ['{}', 'application/json'],
      ['{"resourceSpans":[]}', 'application/json'],
    ] as const) {
      const res = await post(body, { 'Content-Type': type });
      expect(res.status, `${type} ${body}`).toBe(200);
    }
    await expectStillServing();
  });

  it('answers hostile read parameters with 400 or 404, never 500', async () => {
    const paths = [
      '/api/traces/..%2F..%2Fetc%2Fpasswd',
      "/api/v2/traces/1'%20OR%20'1'='1",
      `/api/traces/${'f'.repeat(10_000)}`,
      '/api/v2/traces/%FF%FE',
      '/api/search?limit=1e9',
      '/api/search?start=-1',
      '/api/search?end=99999999999999999999999',
      '/api/search?q=%7B%20span.x%20%3D%20%22%27%3B%20DROP%20TABLE%20spans%3B--%22%20%7D',
      '/api/v2/search/tags?scope=span%27%3B--',
      '/api/v2/search/tag/%27%3B%20DROP%20TABLE%20spans%3B--/values',
      '/api/v2/search/tag/span.%25%25%25/values',
      `/api/v2/search/tag/${'x'.repeat(5000)}/values`,
    ];
    for (const path of paths) {
      const res = await fetch(`${server.base}${path}`);
      expect(res.status, path).toBeLessThan(500);
      if (res.status !== 200) expect((await res.json()).error, path).toBeTruthy();
      await expectStillServing();
    }
    const search = await fetch(`${server.base}/api/search?limit=5`);
    expect(search.status).toBe(200);
  });
});
