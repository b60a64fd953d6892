import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, selfSignedCert, startReplayServer } from '../../testing/replay-server.ts';
import { parseSourceSpec, type SourceConfig } from './source-config.ts';
import { UpstreamError } from './trace-source.ts';
import { createUpstream } from './upstream.ts';
import { redact, SourceConfigError, upstreamOptions } from './upstream-options.ts';

const TOKEN = 'tok-3f9a-SECRET';
const PASSWORD = 'pw-77-SECRET';
const KEY = 'key-12-SECRET';
const ENV = { TOKEN_VAR: TOKEN, USER_VAR: 'alice', PASS_VAR: PASSWORD, KEY_VAR: KEY };

function config(url: string, more: Partial<SourceConfig> = {}): SourceConfig {
  return { ...parseSourceSpec(`prod=tempo:${url}`), ...more };
}

async function failureOf(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('the upstream HTTP client', () => {
  let replay: ReplayServer;
  beforeAll(async () => {
    replay = await startReplayServer({
      '/ok': { body: '{"a":1}', headers: { 'x-extra': 'y' } },
      '/gz': { body: JSON.stringify({ big: 'x'.repeat(10_000) }), gzip: true },
      '/slow': { hang: true },
      '/401': { status: 401, body: `{"error":"bad token ${TOKEN}"}` },
      '/403': { status: 403, body: 'forbidden' },
      '/500': { status: 500, body: 'boom' },
      '/badgz': { body: 'not gzip', headers: { 'content-encoding': 'gzip' } },
      '/big': { body: 'x'.repeat(5000) },
      '/biggz': { body: 'x'.repeat(5000), gzip: true },
      '/cut': { body: 'y'.repeat(200_000), cutAfter: 70_000 },
    });
  });
  afterAll(() => replay.close());

  it('sends the query and the configured headers, and answers status, headers and inflated body', async () => {
    const up = createUpstream(
      upstreamOptions(
        config(replay.url, {
          auth: { bearerTokenEnv: 'TOKEN_VAR' },
          headers: { 'X-Scope-OrgID': { value: 'tenant-a' }, 'X-Api-Key': { env: 'KEY_VAR' } },
        }),
        ENV,
      ),
    );
    const a = await up.get('/ok', { q: '{ } ', limit: 5, none: undefined });
    expect(a.status).toBe(200);
    expect(a.headers['x-extra']).toBe('y');
    expect(new TextDecoder().decode(a.body)).toBe('{"a":1}');
    const req = replay.requests.at(-1);
    expect(req?.query.get('q')).toBe('{ } ');
    expect(req?.query.get('limit')).toBe('5');
    expect(req?.query.has('none')).toBe(false);
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['x-scope-orgid']).toBe('tenant-a');
    expect(req?.headers['x-api-key']).toBe(KEY);
    expect(req?.headers['accept-encoding']).toContain('gzip');
    const gz = await up.get('/gz');
    expect(JSON.parse(new TextDecoder().decode(gz.body)).big).toHaveLength(10_000);
    // A status other than 401/403 is the adapter's to read.
    expect((await up.get('/500')).status).toBe(500);
    expect((await up.get('/nope')).status).toBe(404);
    up.close();
  });

  it('sends basic auth from the environment or the URL, which is never shown', async () => {
    const fromEnv = createUpstream(
      upstreamOptions(
        config(replay.url, { auth: { usernameEnv: 'USER_VAR', passwordEnv: 'PASS_VAR' } }),
        ENV,
      ),
    );
    await fromEnv.get('/ok');
    const basic = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
    expect(replay.requests.at(-1)?.headers.authorization).toBe(basic);
    const inUrl = upstreamOptions(config(replay.url.replace('//', `//alice:${PASSWORD}@`)), {});
    expect(inUrl.baseUrl).toBe(replay.url);
    const up = createUpstream(inUrl);
    await up.get('/ok');
    expect(replay.requests.at(-1)?.headers.authorization).toBe(basic);
    const err = await failureOf(up.get('/401'));
    expect(err.message).not.toContain(PASSWORD);
    fromEnv.close();
    up.close();
  });

  it('fails each way with its kind, naming the source and the URL, never a secret', async () => {
    const opts = upstreamOptions(
      config(replay.url, { auth: { bearerTokenEnv: 'TOKEN_VAR' }, timeoutMs: 300, maxAnswerBytes: 1000 }),
      ENV,
    );
    const up = createUpstream(opts);
    const cases: [string, string][] = [
      ['/401', 'unauthorized'],
      ['/403', 'unauthorized'],
      ['/slow', 'timeout'],
      ['/badgz', 'malformed'],
      ['/big', 'too-large'],
      ['/biggz', 'too-large'],
    ];
    for (const [path, failure] of cases) {
      const err = await failureOf(up.get(path));
      expect(err.failure, path).toBe(failure);
      expect(err.source).toBe('prod');
      expect(err.message).toContain(`source 'prod'`);
      expect(err.message).toContain(`${replay.url}${path}`);
      expect(err.message).not.toContain(TOKEN);
    }
    const refused = createUpstream(upstreamOptions(config('http://127.0.0.1:9'), {}));
    const err = await failureOf(refused.get('/x'));
    expect(err.failure).toBe('unreachable');
    expect(err.message).toMatch(/connection refused \(ECONNREFUSED\)/);
    up.close();
    refused.close();
  });

  it('sends a GET once more when the kept-alive connection it went out on was closed by the store', async () => {
    // The store answers the first request on a connection and resets the connection at the next, as
    // a server closing an idle connection just as a request arrives does; a fresh connection answers.
    const served: number[] = [];
    const store = net.createServer((socket) => {
      let requests = 0;
      socket.on('data', () => {
        requests += 1;
        served.push(requests);
        if (requests > 1) return socket.resetAndDestroy();
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}');
      });
    });
    await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
    const { port } = store.address() as net.AddressInfo;
    const up = createUpstream(upstreamOptions(config(`http://127.0.0.1:${port}`), {}));
    for (let i = 0; i < 3; i++) expect(new TextDecoder().decode((await up.get('/x')).body)).toBe('{"a":1}');
    // Each reset connection was followed by one on a new connection.
    expect(served).toEqual([1, 2, 1, 2, 1]);
    up.close();
    await new Promise((resolve) => store.close(resolve));
  });

  it('hands a 2xx body on chunk by chunk when asked, within the same limits and failures', async () => {
    const up = createUpstream(upstreamOptions(config(replay.url, { maxAnswerBytes: 300_000 }), {}));
    const received: Uint8Array[] = [];
    const statuses: number[] = [];
    const open = (status: number) => {
      statuses.push(status);
      return status === 200 ? (chunk: Uint8Array) => received.push(chunk) : null;
    };
    const gz = await up.get('/gz', undefined, open);
    expect(gz.body.length).toBe(0);
    expect(JSON.parse(Buffer.concat(received).toString())).toEqual({ big: 'x'.repeat(10_000) });
    // Not a 2xx: the body whole, for the error.
    expect(new TextDecoder().decode((await up.get('/500', undefined, open)).body)).toBe('boom');
    expect(statuses).toEqual([200, 500]);
    expect((await failureOf(up.get('/cut', undefined, open))).failure).toBe('unreachable');
    const small = createUpstream(upstreamOptions(config(replay.url, { maxAnswerBytes: 1000 }), {}));
    expect((await failureOf(small.get('/biggz', undefined, open))).failure).toBe('too-large');
    // The taker's error (a conversion that failed) ends the GET with it.
    const refused = new UpstreamError('prod', 'malformed', 'not a trace');
    const err = await up
      .get('/cut', undefined, () => () => {
        throw refused;
      })
      .catch((e: unknown) => e);
    expect(err).toBe(refused);
    up.close();
    small.close();
  });

  it('names the setting of a missing environment variable or an unreadable CA file', () => {
    const c = { ...config(replay.url), origin: 'sp.yaml: sources.prod' };
    expect(() => upstreamOptions({ ...c, auth: { bearerTokenEnv: 'NOPE' } }, {})).toThrow(
      new SourceConfigError(
        'sp.yaml: sources.prod.auth.bearerTokenEnv',
        'environment variable NOPE is not set',
      ),
    );
    expect(() => upstreamOptions({ ...c, headers: { 'X-A': { env: 'NOPE' } } }, {})).toThrow(
      /sources\.prod\.headers\.X-A: environment variable NOPE is not set/,
    );
    expect(() => upstreamOptions({ ...c, caFile: '/nonexistent/ca.pem' }, {})).toThrow(
      /sources\.prod\.tls\.caFile: cannot read \/nonexistent\/ca\.pem \(ENOENT\)/,
    );
  });

  it('redacts every secret, the longest first', () => {
    expect(redact(`a ${TOKEN} b ${TOKEN}x`, [TOKEN, 'tok'])).toBe('a *** b ***x');
  });
});

describe('the upstream client over TLS', () => {
  let replay: ReplayServer;
  let certFile: string;
  beforeAll(async () => {
    const tls = selfSignedCert();
    certFile = tls.certFile;
    replay = await startReplayServer({ '/ok': { body: '{}' } }, { tls });
  });
  afterAll(() => replay.close());

  it('refuses an unknown certificate, takes it with its CA file or with verification skipped', async () => {
    const plain = createUpstream(upstreamOptions(config(replay.url), {}));
    const err = await failureOf(plain.get('/ok'));
    expect(err.failure).toBe('unreachable');
    expect(err.message).toMatch(/TLS: .*check the source's CA file/);
    const withCa = createUpstream(upstreamOptions(config(replay.url, { caFile: certFile }), {}));
    expect((await withCa.get('/ok')).status).toBe(200);
    const skip = createUpstream(upstreamOptions(config(replay.url, { insecureSkipVerify: true }), {}));
    expect((await skip.get('/ok')).status).toBe(200);
    for (const u of [plain, withCa, skip]) u.close();
  });
});
