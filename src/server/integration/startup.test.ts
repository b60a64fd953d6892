/**
 * `spanscope serve` as users start it: readiness around demo seeding, demo timestamps, the app's
 * history fallback, start-up files, bad arguments, graceful shutdown.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../testing/fixtures.ts';
import {
  ANY_FREE_PORTS,
  ensureBuilt,
  REPO_ROOT,
  startServer,
  tempDataDir,
} from '../../testing/server-harness.ts';

const APP_INDEX = () => readFileSync(join(REPO_ROOT, 'dist/app/index.html'), 'utf8');

function runCli(args: string[]) {
  ensureBuilt();
  return spawnSync(process.execPath, ['bin/spanscope', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('spanscope serve start-up', () => {
  it('answers /ready 503 until the demo data is seeded, then 200 with demo traces from the last hour', async () => {
    const beforeStartMs = Date.now();
    const server = await startServer({ demo: true, waitReady: false });
    try {
      const answers: number[] = [];
      const deadline = Date.now() + 60_000;
      while (answers.at(-1) !== 200 && Date.now() < deadline) {
        answers.push((await fetch(`${server.base}/ready`)).status);
        if (answers.at(-1) !== 200) await new Promise((r) => setTimeout(r, 20));
      }
      const readyMs = Date.now();
      expect(answers[0]).toBe(503);
      expect(answers.at(-1)).toBe(200);
      expect(answers.slice(0, -1).every((s) => s === 503)).toBe(true);

      const search = await (await fetch(`${server.base}/api/search?limit=1000`)).json();
      expect(search.traces.length).toBeGreaterThan(10);
      const services = new Set<string>();
      for (const t of search.traces) {
        const startMs = Number(BigInt(t.startTimeUnixNano) / 1_000_000n);
        expect(startMs).toBeGreaterThanOrEqual(beforeStartMs - 3_600_000);
        expect(startMs + t.durationMs).toBeLessThanOrEqual(readyMs);
        services.add(t.rootServiceName);
      }
      expect(services.size).toBeGreaterThan(1);
      const starts = search.traces.map((t: { startTimeUnixNano: string }) => BigInt(t.startTimeUnixNano));
      expect(starts).toEqual([...starts].sort((a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0)));
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('serves the built app on every app route whatever the Accept header (history fallback, link previews)', async () => {
    const server = await startServer();
    try {
      for (const path of [
        '/',
        '/search?q=%7B%7D',
        '/trace/abc',
        '/trace/abc?span=1&view=flame',
        '/diff/a/b',
      ]) {
        for (const accept of ['*/*', 'text/html', 'text/html,application/xhtml+xml,*/*;q=0.8']) {
          const res = await fetch(`${server.base}${path}`, { headers: { Accept: accept } });
          expect(res.status, `${path} ${accept}`).toBe(200);
          expect(res.headers.get('content-type')).toMatch(/^text\/html/);
          // Trace, diff and search pages carry their link preview: the title replaced, meta tags after it.
          const head = /<title>[^<]*<\/title>(?:\s*<meta [^>]*\/>)*/;
          expect((await res.text()).replace(head, '<title>Spanscope</title>'), path).toBe(APP_INDEX());
        }
      }
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(APP_INDEX())![1];
      const asset = await fetch(`${server.base}${script}`);
      expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await fetch(`${server.base}/api/nothing-here`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it('imports FILE arguments before it is ready', async () => {
    const server = await startServer({
      args: [
        fixturePath('otlp-json/otelproto-examples-trace.json'),
        fixturePath('otlp-protobuf/otlp2parquet-trace.pb'),
      ],
    });
    try {
      const search = await (await fetch(`${server.base}/api/search?limit=100`)).json();
      expect(search.traces.length).toBe(2);
      expect(server.output()).toMatch(/imported .*otelproto-examples-trace\.json: 1 spans in 1 traces/);
    } finally {
      await server.stop();
    }
  });

  it('imports a file through POST /api/import, gzip detected by magic bytes', async () => {
    const { gzipSync } = await import('node:zlib');
    const server = await startServer();
    try {
      const body = gzipSync(readFileSync(fixturePath('otlp-json/jaeger-integ-example_trace.json')));
      const res = await fetch(`${server.base}/api/import`, { method: 'POST', body });
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer.spanCount).toBe(5);
      expect(answer.traceIds).toHaveLength(1);
      expect((await fetch(`${server.base}/api/traces/${answer.traceIds[0]}`)).status).toBe(200);
      // Any supported format, not only OTLP.
      const jaeger = await fetch(`${server.base}/api/import`, {
        method: 'POST',
        body: readFileSync(fixturePath('jaeger-json/jui-stats-spansAmongEachOther.json')),
      });
      expect(jaeger.status).toBe(200);
      expect(await jaeger.json()).toEqual({ traceIds: ['0df84e36b9e2ee3815d07f0867a5be1f'], spanCount: 12 });
      const bad = await fetch(`${server.base}/api/import`, { method: 'POST', body: '{"resourceSpans": [' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toMatch(/JSON/);
    } finally {
      await server.stop();
    }
  });

  it('exits 2 with one line for bad arguments and bad start-up files', () => {
    const badPort = runCli(['serve', '--port', 'seventy']);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toBe(
      "spanscope serve: --port must be a port number from 0 to 65535 (got 'seventy')\n",
    );
    const missing = runCli(['serve', '--memory', ...ANY_FREE_PORTS, '/no/such/file.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual(['spanscope: /no/such/file.json: no such file']);
    const notTrace = runCli(['serve', '--memory', ...ANY_FREE_PORTS, join(REPO_ROOT, 'package.json')]);
    expect(notTrace.status).toBe(2);
    const lines = notTrace.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/package\.json: /);
    expect(notTrace.stderr).not.toMatch(/\bat .*\.(m?js|ts):\d+/);
  });

  it('refuses a second server on the same data directory with a clear message, the first one unharmed', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    try {
      const second = runCli(['serve', '--data', dataDir, '--no-demo', ...ANY_FREE_PORTS]);
      expect(second.status).toBe(1);
      expect(second.stderr.trim()).toBe(
        `spanscope: cannot start: the data directory ${dataDir} is in use by another process (PID ${first.child.pid}); stop it, or give this server another --data directory`,
      );
      expect((await fetch(`${first.base}/ready`)).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });
});
