/**
 * The shared Playwright fixture: one REAL `spanscope serve` per worker (in memory, demo data, every
 * port chosen by the OS), started from the built CLI by the same harness the integration tests use
 * (src/testing/server-harness.ts: builds a stale dist/ first, waits for /ready). `baseURL` points at
 * it, so `page.goto('/')` opens the app it serves.
 *
 *   import { expect, test } from './server.ts';
 *   test('…', async ({ page, server }) => { await page.goto('/'); … server.url … });
 *
 * SPANSCOPE_E2E_URL=http://127.0.0.1:7070 runs the specs against a server you started yourself.
 *
 * A spec whose data must not mix with the others' (it pushes traces, or needs server flags) uses
 * `withOwnServer(options)`: a `test` whose `own` fixture is a server of its own and whose baseURL
 * points at it.
 */
import { test as base } from '@playwright/test';
import { startServer as startHarnessServer } from '../src/testing/server-harness.ts';

export { expect } from '@playwright/test';
export { REPO_ROOT } from '../src/testing/server-harness.ts';

export interface SpanscopeServer {
  /** Base URL of the app and its API, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** Everything the server printed so far (stdout + stderr), for failure messages. */
  output(): string;
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
  const h = await startHarnessServer({ demo: options.demo !== false, args: options.extraArgs });
  return {
    server: { url: h.base, output: h.output },
    stop: async () => {
      await h.stop();
    },
  };
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

/** `test` with a server of its own per worker (`own`), and `baseURL` pointing at it. */
export function withOwnServer(options: StartOptions = {}) {
  return test.extend<object, { own: SpanscopeServer }>({
    own: [
      // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
      async ({}, use) => {
        const { server, stop } = await startServer(options);
        try {
          await use(server);
        } finally {
          await stop();
        }
      },
      { scope: 'worker', timeout: 120_000 },
    ],
    baseURL: async ({ own }, use) => use(own.url),
  });
}
