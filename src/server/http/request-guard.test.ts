import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { rawRequest } from '../../testing/raw-http.ts';
import { EXPORT_PATH } from '../otlp/grpc-receiver.ts';
import { SESSION_COOKIE } from './auth.ts';
import { DEFAULT_SECURITY } from './request-guard.ts';

const TOKEN = 'a-token-of-32-characters-0123456';

function grpcExport(address: string, metadata: grpc.Metadata): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      EXPORT_PATH,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      metadata,
      (err) => {
        client.close();
        resolve(err ?? null);
      },
    );
  });
}

describe('request guard: headers, limits, origins (no token)', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess({
      security: { ...DEFAULT_SECURITY, corsOrigins: ['https://grafana.example.com'] },
    });
  });
  afterAll(() => server.close());

  it('puts the security headers on every answer: API, errors, app, OTLP port', async () => {
    for (const [base, path, method] of [
      [server.base, '/api/echo', 'GET'],
      [server.base, '/api/nope', 'GET'],
      [server.base, '/trace/abc', 'GET'],
      [server.base, '/v1/traces', 'GET'],
      [server.otlpBase, '/v1/traces', 'POST'],
    ] as const) {
      const a = await rawRequest(base, path, { method });
      expect(a.headers['content-security-policy'], path).toContain("script-src 'self';");
      expect(a.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(a.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(a.headers['content-security-policy']).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      expect(a.headers['x-content-type-options']).toBe('nosniff');
      expect(a.headers['referrer-policy']).toBe('no-referrer');
    }
    // A worker's script alone may eval (protobufjs compiles its decoders): security-headers.ts.
    const worker = await rawRequest(server.base, '/assets/trace.worker.js', {
      headers: { 'Sec-Fetch-Dest': 'worker' },
    });
    expect(worker.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-eval';");
    const script = await rawRequest(server.base, '/assets/index.js', {
      headers: { 'Sec-Fetch-Dest': 'script' },
    });
    expect(script.headers['content-security-policy']).not.toContain('unsafe-eval');
    const notFound = await rawRequest(server.base, '/api/nope');
    expect(notFound.headers['content-type']).toBe('application/json');
    expect(JSON.parse(notFound.body).error).toContain('no such endpoint');
  });

  it('answers 414 past the URL limit and 431 past the header limit', async () => {
    const long = await rawRequest(server.base, `/api/search?q=${'x'.repeat(17 * 1024)}`);
    expect(long.status).toBe(414);
    expect(JSON.parse(long.body).error).toMatch(/request target over 16384 bytes/);
    const headers = await rawRequest(server.base, '/api/echo', {
      headers: { 'X-Big': 'y'.repeat(40 * 1024) },
    });
    expect(headers.status).toBe(431);
  });

  it('refuses a cross-origin request before it does anything, unless its origin is allowed', async () => {
    const body = '{"resourceSpans":[]}';
    const evil = await rawRequest(server.base, '/api/import', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      body,
    });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toContain('--cors-origin https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect(await server.store.spanCount()).toBe(0);

    const same = await rawRequest(server.base, '/api/echo', { headers: { Origin: server.base } });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();

    const preflight = await rawRequest(server.base, '/api/search', {
      method: 'OPTIONS',
      headers: { Origin: 'https://grafana.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://grafana.example.com');
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
    const allowed = await rawRequest(server.base, '/api/echo', {
      headers: { Origin: 'https://grafana.example.com' },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://grafana.example.com');
    expect(allowed.headers.vary).toBe('Origin');
  });

  it('refuses a Host that is not a loopback name while listening on loopback (DNS rebinding)', async () => {
    const rebound = await rawRequest(server.base, '/api/search', { headers: { Host: 'evil.example:7070' } });
    expect(rebound.status).toBe(403);
    for (const host of ['localhost:7070', '127.0.0.1', '[::1]:7070', 'app.localhost'])
      expect((await rawRequest(server.base, '/api/echo', { headers: { Host: host } })).status, host).toBe(
        200,
      );
  });
});

describe('request guard: concurrency', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess({
      security: { ...DEFAULT_SECURITY, limits: { ...DEFAULT_SECURITY.limits, maxConcurrentRequests: 1 } },
    });
  });
  afterAll(() => server.close());

  it('answers 503 with Retry-After past the requests in progress, and takes requests again after', async () => {
    const { request } = await import('node:http');
    const url = new URL(server.base);
    const slow = request({ host: url.hostname, port: url.port, path: '/api/import', method: 'POST' });
    slow.on('error', () => {});
    slow.write('{"resourceSpans":[');
    await new Promise((r) => setTimeout(r, 100));
    const refused = await rawRequest(server.base, '/api/echo');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    slow.destroy();
    await expect.poll(async () => (await rawRequest(server.base, '/api/echo')).status).toBe(200);
  });
});

describe('request guard: the bearer token', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess({ security: { ...DEFAULT_SECURITY, authToken: TOKEN } });
  });
  afterAll(() => server.close());

  it('refuses the API, the app, OTLP/HTTP and Zipkin (both ports) without the token; /ready and /api/echo stay open', async () => {
    for (const [base, path, method] of [
      [server.base, '/api/search', 'GET'],
      [server.base, '/api/import', 'POST'],
      [server.base, '/v1/traces', 'POST'],
      [server.otlpBase, '/v1/traces', 'POST'],
      [server.base, '/api/v2/spans', 'POST'],
      [server.zipkinBase as string, '/api/v2/spans', 'POST'],
      [server.base, '/trace/abc', 'GET'],
    ]) {
      const a = await rawRequest(base, path, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(a.status, path).toBe(401);
      expect(a.headers['www-authenticate']).toBe('Bearer realm="spanscope"');
      expect(JSON.parse(a.body).error).toContain('Bearer');
    }
    const wrong = await rawRequest(server.base, '/api/search', {
      headers: { Authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    expect((await rawRequest(server.base, '/ready')).status).toBe(200);
    expect((await rawRequest(server.base, '/api/echo')).status).toBe(200);
  });

  it('lets the token in as a bearer on the API and OTLP/HTTP', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    expect((await rawRequest(server.base, '/api/search', { headers: auth })).status).toBe(200);
    const otlp = await rawRequest(server.otlpBase, '/v1/traces', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(otlp.status).toBe(200);
  });

  it('exchanges ?token= for an HttpOnly SameSite=Strict cookie and takes the token out of the address', async () => {
    const exchange = await rawRequest(server.base, `/trace/abc?span=1&token=${TOKEN}&view=flame`);
    expect(exchange.status).toBe(303);
    expect(exchange.headers.location).toBe('/trace/abc?span=1&view=flame');
    const [cookie] = exchange.headers['set-cookie'] as string[];
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]+; HttpOnly; SameSite=Strict; Path=/$`));
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0];
    expect((await rawRequest(server.base, '/api/search', { headers: { Cookie: session } })).status).toBe(200);
    const forged = `${SESSION_COOKIE}=${'A'.repeat(43)}`;
    expect((await rawRequest(server.base, '/api/search', { headers: { Cookie: forged } })).status).toBe(401);
    expect((await rawRequest(server.base, `/?token=nope-${TOKEN}`)).status).toBe(401);
  });

  it('answers a navigation with a page: a reload when it came from another site, else how to get in', async () => {
    const navigate = (site: string) =>
      rawRequest(server.base, '/trace/abc', {
        headers: { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Site': site },
      });
    const fromChat = await navigate('cross-site');
    expect(fromChat.status).toBe(401);
    expect(fromChat.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(fromChat.body).toContain('http-equiv="refresh"');
    const direct = await navigate('none');
    expect(direct.body).not.toContain('refresh');
    expect(direct.body).toContain('?token=');
  });

  it('refuses OTLP/gRPC calls without the token (UNAUTHENTICATED) and takes them with it', async () => {
    const none = await grpcExport(server.grpcAddress, new grpc.Metadata());
    expect(none?.code).toBe(grpc.status.UNAUTHENTICATED);
    const wrong = new grpc.Metadata();
    wrong.set('authorization', 'Bearer not-the-token-at-all-0000');
    expect((await grpcExport(server.grpcAddress, wrong))?.code).toBe(grpc.status.UNAUTHENTICATED);
    const right = new grpc.Metadata();
    right.set('authorization', `Bearer ${TOKEN}`);
    expect(await grpcExport(server.grpcAddress, right)).toBeNull();
  });
});
