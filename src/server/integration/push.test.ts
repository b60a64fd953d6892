/**
 * `spanscope push` (the built CLI) against the real built server: a generated OTLP JSON file, gzip'd,
 * in many requests; a Jaeger file; a bad file. The 1M-span file (~650 MB) runs when
 * SPANSCOPE_LONG_TESTS=1 (it takes minutes on a 2-core machine).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeTrace } from '../../core/demo/index.ts';
import { fixturePath } from '../../testing/fixtures.ts';
import { fetchSpans } from '../../testing/otlp-readback.ts';
import { type HarnessServer, REPO_ROOT, startServer } from '../../testing/server-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'spanscope-push-it-'));

function push(
  args: string[],
  timeoutMs = 120_000,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/spanscope', 'push', ...args], { cwd: REPO_ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** One trace of `spanCount` spans as a single OTLP JSON document. */
function largeTraceFile(spanCount: number): { path: string; traceId: string } {
  const resourceSpans: unknown[] = [];
  for (const request of generateLargeTrace({ seed: 7, nowMs: Date.now(), spanCount })) {
    resourceSpans.push(...request.resourceSpans);
  }
  const doc = JSON.stringify({ resourceSpans });
  const path = join(dir, `trace-${spanCount}.json.gz`);
  writeFileSync(path, gzipSync(doc));
  const traceId = /"traceId":"([0-9a-f]{32})"/.exec(doc)![1];
  return { path, traceId };
}

describe('spanscope push → real server', () => {
  let server: HarnessServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a 20k-span gzip file in many requests; every span is readable at once', async () => {
    const { path, traceId } = largeTraceFile(20_000);
    const r = await push([path, '--to', server.base, '--batch-size', '1MiB']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const requests = Number(/in (\d+) requests/.exec(r.out)?.[1]);
    expect(requests).toBeGreaterThanOrEqual(20);
    expect((await fetchSpans(server.base, traceId)).size).toBe(20_000);
    // The browser asks for the store's columnar encoding of the same trace.
    const columnar = await fetch(`${server.base}/api/v2/traces/${traceId}`, {
      headers: { Accept: 'application/vnd.spanscope.columnar' },
    });
    expect(columnar.status).toBe(200);
    expect(columnar.headers.get('content-type')).toBe('application/vnd.spanscope.columnar');
    expect((await columnar.arrayBuffer()).byteLength).toBeGreaterThan(20_000 * 16);
  });

  it('sends a Jaeger file re-encoded as OTLP', async () => {
    const r = await push([
      fixturePath('jaeger-json/jui-stats-spansAmongEachOther.json'),
      '--to',
      server.otlpBase,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('12 spans (Jaeger JSON)');
    expect((await fetchSpans(server.base, '0df84e36b9e2ee3815d07f0867a5be1f')).size).toBe(12);
  });

  it('refuses a bad file with exit code 2 and one line, no stack trace', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":');
    const r = await push([bad, '--to', server.base]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/bad\.json: JSON: invalid JSON: .* at byte \d+/);
  });

  it.runIf(process.env.SPANSCOPE_LONG_TESTS === '1')(
    'sends a 1M-span OTLP JSON file',
    async () => {
      const path = join(dir, '1m.json');
      const gen = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/generate-trace.ts', '--spans', '1000000', '--seed', '3', '--out', path],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
      expect(gen.status, gen.stderr).toBe(0);
      const r = await push([path, '--to', server.base], 1_200_000);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(': 1000000 spans (OTLP JSON)');
      const search = await (await fetch(`${server.base}/api/search?limit=1000`)).json();
      const big = search.traces.find((t: { serviceStats: Record<string, { spanCount: number }> }) => {
        const n = Object.values(t.serviceStats).reduce((a, s) => a + s.spanCount, 0);
        return n === 1_000_000;
      });
      expect(big).toBeDefined();
    },
    1_500_000,
  );
});
