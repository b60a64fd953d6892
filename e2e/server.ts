/**
 * The shared Playwright fixture: one REAL `spanscope serve` per worker (in memory, demo data, every
 * port chosen by the OS), started from the built CLI. `baseURL` points at it, so `page.goto('/')`
 * opens the app it serves.
 *
 *   import { expect, test } from './server.ts';
 *   test('…', async ({ page, server }) => { await page.goto('/'); … server.url … });
 *
 * SPANSCOPE_E2E_URL=http://127.0.0.1:7070 runs the specs against a server you started yourself.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface SpanscopeServer {
  /** Base URL of the app and its API, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** Everything the server printed so far (stdout + stderr), for failure messages. */
  output(): string;
}

const START_TIMEOUT_MS = 90_000;

/**
 * Rebuilds dist/ when it is missing or older than the sources (the same check `npm start` makes).
 * NODE_ENV is pinned: a build that inherits a test runner's NODE_ENV=test ships React's dev build.
 */
function ensureBuilt(): void {
  execFileSync(process.execPath, ['scripts/ensure-built.mjs'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * The server prints the addresses it listens on; with `--port 0` we cannot know them in advance.
 * The app URL is the printed http:// address whose /ready answers 200 (the OTLP ports do not serve it).
 */
async function waitForAppUrl(child: ChildProcess, log: () => string): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`spanscope serve exited (${child.exitCode}):\n${log()}`);
    const urls = [...new Set(log().match(/https?:\/\/[\w.[\]:-]+:\d+/g) ?? [])].map((u) =>
      u.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'),
    );
    for (const url of urls) if (await isReady(url)) return url;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`spanscope serve was not ready after ${START_TIMEOUT_MS} ms:\n${log()}`);
}

export interface StartOptions {
  /** Seed the demo traces (default true). */
  readonly demo?: boolean;
  readonly extraArgs?: readonly string[];
}

export async function startServer(options: StartOptions = {}): Promise<{
  server: SpanscopeServer;
  stop: () => Promise<void>;
}> {
  const args = [
    'bin/spanscope',
    'serve',
    '--memory',
    '--port',
    '0',
    '--otlp-http-port',
    '0',
    '--otlp-grpc-port',
    '0',
    options.demo === false ? '--no-demo' : '--demo',
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (text += b.toString()));
  const output = () => text;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await waitForAppUrl(child, output);
    return { server: { url, output }, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export const test = base.extend<object, { server: SpanscopeServer }>({
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const external = process.env.SPANSCOPE_E2E_URL;
      if (external) {
        await use({ url: external.replace(/\/+$/, ''), output: () => '' });
        return;
      }
      ensureBuilt();
      const { server, stop } = await startServer();
      try {
        await use(server);
      } finally {
        await stop();
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  baseURL: async ({ server }, use) => use(server.url),
});
