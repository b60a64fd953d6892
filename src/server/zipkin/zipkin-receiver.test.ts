import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTraceStore } from '../../testing/fake-trace-store.ts';
import { fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';

const TRACE = '463ac35c9f6413ad48485a3953bb6124';
const span = (id: string, extra: Record<string, unknown> = {}) => ({
  traceId: TRACE,
  id,
  name: 'get /x',
  timestamp: 1_700_000_000_000_000,
  duration: 1500,
  localEndpoint: { serviceName: 'frontend' },
  ...extra,
});
const body = (spans: unknown) => JSON.stringify(spans);

function post(base: string, data: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/v2/spans`, {
    method: 'POST',
    body: typeof data === 'string' ? data : new Blob([data as BlobPart]),
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('POST /api/v2/spans', () => {
  let server: InProcessServer;
  let zipkin: string;
  beforeAll(async () => {
    server = await startInProcess({ maxRequestBytes: 64 * 1024 });
    zipkin = server.zipkinBase as string;
  });
  afterAll(() => server.close());
  const stored = () => server.store.spans.map((s) => s.spanId);

  it('answers 202 with no body once stored, on the Zipkin port and the main port', async () => {
    const res = await post(
      zipkin,
      body([span('0000000000000001'), span('0000000000000002', { parentId: '0000000000000001' })]),
    );
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    const main = await post(server.base, body([span('0000000000000003')]));
    expect(main.status).toBe(202);
    expect(stored()).toEqual(['0000000000000001', '0000000000000002', '0000000000000003']);
  });

  it('takes gzip, a charset, no content type at all, and an empty list', async () => {
    server.store.spans.length = 0;
    expect(
      (await post(zipkin, gzipSync(body([span('0000000000000004')])), { 'Content-Encoding': 'gzip' })).status,
    ).toBe(202);
    expect(
      (
        await post(zipkin, body([span('0000000000000005')]), {
          'Content-Type': 'application/json; charset=utf-8',
        })
      ).status,
    ).toBe(202);
    const bare = await fetch(`${zipkin}/api/v2/spans`, {
      method: 'POST',
      body: new Blob([body([span('0000000000000006')])]),
    });
    expect(bare.status).toBe(202);
    expect((await post(zipkin, '[]')).status).toBe(202);
    expect(stored()).toEqual(['0000000000000004', '0000000000000005', '0000000000000006']);
  });

  it.each([
    ['truncated', body([span('0000000000000007')]).slice(0, 40), /Could not decode spans: .*/],
    ['not JSON', 'hello', /Could not decode spans: .*/],
    ['empty', '', /Could not decode spans: .*/],
    ['a number', '42', /Could not decode spans: .*/],
    [
      'OTLP JSON',
      body({ resourceSpans: [] }),
      /OTLP JSON, not a JSON list of Zipkin v2 spans \(OTLP goes to POST \/v1\/traces\)/,
    ],
    ['Jaeger JSON', body({ data: [] }), /Jaeger JSON, not a JSON list of Zipkin v2 spans/],
    ['an invalid id', body([span('0000000000000008'), span('zz')]), /Could not decode spans: .*id/],
    ['a span without a trace id', body([{ id: '0000000000000009', name: 'x' }]), /Could not decode spans: /],
    ['a span that is a string', body(['span']), /Could not decode spans: /],
  ])('refuses a body that is %s with 400 and a message, storing nothing of it', async (_, data, message) => {
    server.store.spans.length = 0;
    const res = await post(zipkin, data);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(message);
    expect(stored()).toEqual([]);
  });

  it.skipIf(!fixturesPresent)('refuses Zipkin v1 JSON, saying so', async () => {
    const res = await post(zipkin, readFixture('zipkin-v2-json/zipkin-lens-test-v1-format.json'));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/v1/);
  });

  it('refuses bad gzip with 400, and a body over the limit with 413, also once inflated', async () => {
    const bad = await post(zipkin, new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]), {
      'Content-Encoding': 'gzip',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/invalid gzip body/);
    const huge = body(Array.from({ length: 800 }, (_, i) => span(String(i + 1).padStart(16, '0'))));
    expect(huge.length).toBeGreaterThan(64 * 1024);
    const over = await post(zipkin, huge);
    expect(over.status).toBe(413);
    expect(await over.text()).toMatch(/request body is larger than the limit of 64 KiB/);
    const bomb = await post(zipkin, gzipSync(huge), { 'Content-Encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    expect(await bomb.text()).toMatch(/decompressed request body is larger than the limit/);
    expect(stored()).toEqual([]);
  });

  it('refuses the encodings it does not take with 415', async () => {
    for (const type of ['application/x-protobuf', 'application/x-thrift', 'text/plain']) {
      const res = await post(zipkin, body([span('000000000000000a')]), { 'Content-Type': type });
      expect(res.status).toBe(415);
      expect(await res.text()).toContain(
        `unsupported content type '${type}'; Spanscope takes Zipkin v2 JSON`,
      );
    }
    const br = await post(zipkin, body([span('000000000000000a')]), { 'Content-Encoding': 'br' });
    expect(br.status).toBe(415);
  });

  it('answers other methods and paths as such', async () => {
    const get = await fetch(`${zipkin}/api/v2/spans`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const other = await fetch(`${zipkin}/api/v2/traces`);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('Zipkin spans go to POST /api/v2/spans');
    // The main port's own routes are still there.
    expect((await fetch(`${server.base}/api/echo`)).status).toBe(200);
  });

  it('asks to retry later when the store is busy', async () => {
    server.store.overloaded = true;
    const res = await post(zipkin, body([span('000000000000000b')]));
    server.store.overloaded = false;
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
  });
});

describe('the Zipkin port', () => {
  it('answers 503 with Retry-After while the store is starting', async () => {
    let open = () => {};
    const server = await startInProcess({
      storeGate: new Promise<void>((r) => (open = r)),
      store: new FakeTraceStore(),
    });
    const res = await post(server.zipkinBase as string, body([span('000000000000000c')]));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    open();
    await server.runtime.ready;
    await server.close();
  });

  it('is not opened with zipkinPort null, and the main port still takes spans', async () => {
    const server = await startInProcess({ zipkinPort: null });
    expect(server.zipkinBase).toBeNull();
    expect((await post(server.base, body([span('000000000000000d')]))).status).toBe(202);
    await server.close();
  });
});
