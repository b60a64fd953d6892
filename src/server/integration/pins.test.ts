/**
 * Pins and retention through the real built server and CLI: retention deletes an unpinned trace but
 * not a pinned one, and the pinned link still opens (issue 13's test); `spanscope pin`, `pin --list`
 * and `unpin` against it, and their refusals; bad `--retention` / `--max-size` values.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberedTraces, traceIdOf } from '../../testing/numbered-traces.ts';
import { ensureBuilt, type HarnessServer, REPO_ROOT, startServer } from '../../testing/server-harness.ts';

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/spanscope'), ...args], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b));
  child.stderr.on('data', (b: Buffer) => (stderr += b));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const status = async (base: string, path: string) => (await fetch(`${base}${path}`)).status;

beforeAll(() => ensureBuilt(), 300_000);

describe('pins and retention (built server and CLI)', () => {
  let server: HarnessServer;
  beforeAll(async () => {
    server = await startServer({ args: ['--retention', '2s'] });
  }, 90_000);
  afterAll(() => server?.stop());

  it('retention deletes an unpinned trace but not a pinned one, and the pinned link still opens', async () => {
    const [pinned, unpinned] = [traceIdOf(0), traceIdOf(1)];
    const ack = await fetch(`${server.base}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(numberedTraces(0, 2, 6)),
    });
    expect(ack.status).toBe(200);
    const before = await (await fetch(`${server.base}/api/v2/traces/${pinned}`)).text();

    const pin = await cli(['pin', pinned, '--note', 'checkout timeout, incident 42', '--to', server.base]);
    expect(pin.stderr).toBe('');
    expect([pin.code, pin.stdout]).toEqual([
      0,
      `pinned ${pinned} (shop root 0, 6 spans): ${server.base}/trace/${pinned}\n`,
    ]);
    const list = await cli(['pin', '--list', '--to', server.base]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).pins).toEqual([
      expect.objectContaining({
        traceId: pinned,
        note: 'checkout timeout, incident 42',
        pinnedBy: expect.stringMatching(/^cli/),
      }),
    ]);

    await until(
      'retention to delete the unpinned trace',
      async () => (await status(server.base, `/api/traces/${unpinned}`)) === 404,
    );
    expect(await status(server.base, `/api/v2/traces/${unpinned}`)).toBe(404);
    expect(await (await fetch(`${server.base}/api/v2/traces/${pinned}`)).text()).toBe(before);
    const columnar = await fetch(`${server.base}/api/v2/traces/${pinned}`, {
      headers: { Accept: 'application/vnd.spanscope.columnar; details=deferred' },
    });
    expect(columnar.status).toBe(200);
    const page = await fetch(`${server.base}/trace/${pinned}`);
    expect([page.status, page.headers.get('content-type')]).toEqual([
      200,
      expect.stringMatching(/^text\/html/),
    ]);
    expect((await (await fetch(`${server.base}/api/pins/${pinned}`)).json()).note).toBe(
      'checkout timeout, incident 42',
    );
    const figures = await (await fetch(`${server.base}/api/status`)).json();
    expect(figures).toMatchObject({
      traceCount: 1,
      spanCount: 6,
      pinCount: 1,
      retention: { maxAgeMs: 2000, intervalMs: 1000 },
    });

    const unpin = await cli(['unpin', pinned, '--to', server.base]);
    expect([unpin.code, unpin.stdout]).toEqual([0, `unpinned ${pinned}\n`]);
    await until(
      'retention to delete the trace once unpinned',
      async () => (await status(server.base, `/api/traces/${pinned}`)) === 404,
    );
  }, 60_000);

  it('refuses an unknown trace, a bad note and a bad id with exit 2 and the store’s message', async () => {
    const unknown = await cli(['pin', 'f'.repeat(32), '--to', server.base]);
    expect([unknown.code, unknown.stderr]).toEqual([2, `spanscope pin: trace ${'f'.repeat(32)} not found\n`]);
    const badNote = await cli(['pin', 'abc', '--note', 'x'.repeat(2000), '--to', server.base]);
    expect([badNote.code, badNote.stderr]).toEqual([
      2,
      'spanscope pin: invalid note: 2000 characters, at most 1000\n',
    ]);
    const badId = await cli(['unpin', 'nope', '--to', server.base]);
    expect([badId.code, badId.stderr]).toEqual([
      2,
      "spanscope unpin: invalid trace id 'nope': expected 1 to 32 hex digits\n",
    ]);
    const notPinned = await cli(['unpin', 'abc', '--to', server.base]);
    expect([notPinned.code, notPinned.stderr]).toEqual([
      2,
      `spanscope unpin: trace ${'abc'.padStart(32, '0')} is not pinned\n`,
    ]);
  }, 30_000);
});

describe('pin CLI and serve flags without a server', () => {
  it('says when the store cannot be reached (exit 1) and refuses bad arguments (exit 2)', async () => {
    const down = await cli(['pin', 'abc', '--to', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^spanscope pin: cannot reach the store at http:\/\/127\.0\.0\.1:9: .+\n$/);
    const badTo = await cli(['pin', '--list', '--to', 'ftp://x']);
    expect([badTo.code, badTo.stderr]).toEqual([
      2,
      "spanscope pin: --to must be an http or https URL (got 'ftp://x')\n",
    ]);
    const noId = await cli(['unpin']);
    expect(noId.code).toBe(2);
  }, 30_000);

  it('exits 2 with a clear line for a bad --retention or --max-size', async () => {
    const age = await cli(['serve', '--memory', '--retention', '7w']);
    expect([age.code, age.stderr]).toEqual([
      2,
      "spanscope serve: --retention must be a whole number of s, m, h or d, such as 36h or 7d (got '7w')\n",
    ]);
    const size = await cli(['serve', '--max-size', '1kb']);
    expect([size.code, size.stderr]).toEqual([
      2,
      "spanscope serve: --max-size must be at least 16MiB, the room an empty store takes (got '1kb')\n",
    ]);
  }, 30_000);
});
