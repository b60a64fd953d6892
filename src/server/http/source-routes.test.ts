/**
 * `/api/sources/{name}/…` when a source fails: each failure answered with its status and kind, the
 * source named, no credential in any answer or log line; a slow source holding up nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { type ReplayServer, startReplayServer } from '../../testing/replay-server.ts';
import { parseSourceSpec, type SourceConfig } from '../sources/source-config.ts';

const TOKEN = 'bearer-5ecret-token-value';
const PASSWORD = 'url-5ecret-password';
const TENANT_KEY = 'tenant-5ecret-key';
const SECRETS = [TOKEN, PASSWORD, TENANT_KEY, Buffer.from(`u:${PASSWORD}`).toString('base64')];
const ID = 'ab'.repeat(16);

describe.skipIf(!fixturesPresent)('source failures', () => {
  let replay: ReplayServer;
  let server: InProcessServer;
  const answers: string[] = [];
  const get = async (path: string) => {
    const res = await fetch(`${server.base}${path}`);
    const text = await res.text();
    answers.push(text);
    return { status: res.status, body: JSON.parse(text) };
  };

  beforeAll(async () => {
    replay = await startReplayServer({
      // A store that echoes what it was sent: a careless one would leak the credentials this way.
      [`/locked/api/v2/traces/${ID}`]: (req) => ({
        status: 401,
        body: `{"error":"bad credentials: ${req.headers.authorization} ${req.headers['x-api-key']}"}`,
      }),
      [`/boom/api/v2/traces/${ID}`]: (req) => ({ status: 500, body: `panic: ${req.headers.authorization}` }),
      [`/html/api/v2/traces/${ID}`]: { body: '<html>login</html>', headers: { 'content-type': 'text/html' } },
      // Tempo's documentation publishes these two answers as invalid JSON.
      '/html/api/search': { body: readFixture('tempo-api/tempo-api-search-traceql-status-error-docs.json') },
      '/html/api/v2/search/tags': { body: readFixture('tempo-api/tempo-api-search-tags-v2-docs.json') },
      [`/big/api/v2/traces/${ID}`]: {
        body: readFixture('otlp-json/tempo-sg-trace-with-failed-requests.json'),
        gzip: true,
      },
      '/slow/api/search': { hang: true },
      '/slow/api/echo': { hang: true },
    });
    const at = (name: string, path: string, more: Partial<SourceConfig> = {}) => ({
      ...parseSourceSpec(`${name}=tempo:${replay.url}${path}`),
      ...more,
    });
    const credentials: Partial<SourceConfig> = {
      auth: { bearerTokenEnv: 'TOKEN' },
      headers: { 'X-Api-Key': { env: 'KEY' } },
    };
    server = await startInProcess({
      env: { TOKEN, KEY: TENANT_KEY },
      sources: [
        at('locked', '/locked', credentials),
        at('boom', '/boom', credentials),
        { ...parseSourceSpec(`html=tempo:${replay.url.replace('//', `//u:${PASSWORD}@`)}/html`) },
        at('big', '/big', { maxAnswerBytes: 4096 }),
        at('slow', '/slow', { timeoutMs: 400 }),
        parseSourceSpec('down=tempo:http://127.0.0.1:9'),
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
    await replay?.close();
  });

  it.each([
    ['locked', `/api/v2/traces/${ID}`, 502, 'unauthorized', /answered 401 \(credentials refused\)/],
    ['boom', `/api/v2/traces/${ID}`, 502, 'upstream-error', /failed \(HTTP 500\): panic: Bearer \[hidden\]/],
    [
      'html',
      `/api/v2/traces/${ID}`,
      502,
      'malformed',
      /answered something that is not what that endpoint returns \(not a trace: /,
    ],
    [
      'html',
      '/api/search',
      502,
      'malformed',
      /search answered something that is not what that endpoint returns \(not JSON: /,
    ],
    [
      'html',
      '/api/v2/search/tags',
      502,
      'malformed',
      /tags answered something that is not what that endpoint returns \(not JSON: /,
    ],
    ['big', `/api/v2/traces/${ID}`, 502, 'too-large', /over 4096 bytes/],
    ['slow', '/api/search', 504, 'timeout', /no answer within 0.4 s/],
    ['down', `/api/v2/traces/${ID}`, 502, 'unreachable', /connection refused/],
  ])('%s %s → %i %s', async (name, path, status, failure, message) => {
    const res = await get(`/api/sources/${name}${path}`);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ source: name, failure });
    expect(res.body.error).toMatch(new RegExp(`^source '${name}': `));
    expect(res.body.error).toMatch(message);
  });

  it('answers an unknown source or path under a source with 404, a write with 405', async () => {
    expect(await get('/api/sources/nope/api/search')).toEqual({
      status: 404,
      body: { error: expect.stringMatching(/^no source named 'nope' \(configured: local, locked, boom/) },
    });
    expect((await get('/api/sources/locked/api/import')).status).toBe(404);
    expect((await get('/api/sources/locked')).status).toBe(404);
    const post = await fetch(`${server.base}/api/sources/locked/api/search`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('keeps one slow source from holding up the others and the local store', async () => {
    const slow = fetch(`${server.base}/api/sources/slow/api/search`);
    const t0 = performance.now();
    expect((await get('/api/search')).status).toBe(200);
    expect((await get(`/api/sources/boom/api/v2/traces/${ID}`)).status).toBe(502);
    expect(performance.now() - t0).toBeLessThan(300);
    expect((await slow).status).toBe(504);
    // The health list waits for no probe longer than its timeout.
    const t1 = performance.now();
    const { body } = await get('/api/sources');
    expect(performance.now() - t1).toBeLessThan(2_500);
    const health = Object.fromEntries(
      body.sources.map((s: { name: string; health?: unknown }) => [s.name, s.health]),
    );
    expect(health.slow).toMatchObject({ reachable: false, failure: 'timeout' });
    expect(health.down).toMatchObject({ reachable: false, failure: 'unreachable' });
    expect(health.locked).toMatchObject({ reachable: true });
  });

  it('never lets a credential into an answer, a URL shown or a log line', async () => {
    await get('/api/sources');
    expect(answers.length).toBeGreaterThan(10);
    const seen = [...answers, ...server.logs].join('\n');
    expect(server.logs.some((l) => l.includes("source 'locked'"))).toBe(true);
    for (const secret of SECRETS) expect(seen).not.toContain(secret);
    // The store was sent them all the same.
    const sent = replay.requests.find((r) => r.path.startsWith('/locked'));
    expect(sent?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent?.headers['x-api-key']).toBe(TENANT_KEY);
  });
});
