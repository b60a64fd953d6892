/**
 * SIGKILL during a large `POST /api/import` and during a retention pass, with OTLP exports going on;
 * after a restart on the same data directory every acknowledged span is there and the store agrees
 * with itself (store-consistency.ts). An import killed midway reported nothing: what it left is a
 * prefix of the file (whole traces in file order, at most the one at the cut partial). Retention
 * deletes whole traces in one transaction: a trace is all there or all gone, never a pinned one.
 * Slow (a real server, ~10 s each).
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { numberedTraces, traceIdOf } from '../../testing/numbered-traces.ts';
import { streamedBody } from '../../testing/request-body.ts';
import { type HarnessServer, startServer, tempDataDir } from '../../testing/server-harness.ts';
import { missingSpans, readBackStore } from '../../testing/store-consistency.ts';

/** Span ids of numbered trace k (numbered-traces.ts): span i is `k+1` and `i+1` in 8 hex digits each. */
const spanIdsOf = (k: number, spans: number, from = 0) =>
  Array.from(
    { length: spans - from },
    (_, i) => `${(k + 1).toString(16).padStart(8, '0')}${(i + from + 1).toString(16).padStart(8, '0')}`,
  );

const post = (base: string, body: Uint8Array) =>
  fetch(`${base}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(body),
  }).then(
    (r) => r.status,
    () => 0,
  );

async function spanCount(base: string): Promise<number> {
  return ((await (await fetch(`${base}/api/status`)).json()) as { spanCount: number }).spanCount;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Exports of 5-span traces (ids from `first` on) until stopped; the acknowledged ones. */
function exporter(base: string, first: number) {
  const acked = new Map<string, string[]>();
  let sending = true;
  const done = (async () => {
    for (let k = first; sending; k++) {
      if ((await post(base, numberedTraces(k, 1, 5, { service: 'exports' }))) === 200)
        acked.set(traceIdOf(k), spanIdsOf(k, 5));
    }
  })();
  return {
    acked,
    stop: () => {
      sending = false;
      return done;
    },
  };
}

const dirs: string[] = [];
const servers: HarnessServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, args: string[] = []) {
  const server = await startServer({ dataDir, args });
  servers.push(server);
  return server;
}

describe('SIGKILL during an import and during retention (built server, slow)', () => {
  it('keeps what an import acknowledged, and of an import killed midway a prefix of its file', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    let server = await start(dataDir);
    const TRACES = 150;
    const SPANS = 300;
    const FIRST = 10_000;
    // An import acknowledged in full before the big one.
    const small = await fetch(`${server.base}/api/import`, {
      method: 'POST',
      body: Buffer.from(numberedTraces(5000, 3, 50)),
    });
    expect(await small.json()).toEqual({
      traceIds: [0, 1, 2].map((i) => traceIdOf(5000 + i)),
      spanCount: 150,
    });

    const exports = exporter(server.base, 0);
    const lines = (function* () {
      for (let k = FIRST; k < FIRST + TRACES; k++) {
        yield numberedTraces(k, 1, SPANS, { service: 'import' });
        yield new TextEncoder().encode('\n');
      }
    })();
    const big = fetch(`${server.base}/api/import`, { method: 'POST', ...streamedBody(lines) }).catch(
      () => null,
    );
    await until(
      'a third of the import committed',
      async () => (await spanCount(server.base)) > 150 + (TRACES * SPANS) / 3,
    );
    await server.kill();
    expect(await big).toBeNull();
    await exports.stop();
    // Exports wait behind the import's batches (≈ 1 s each here): a few are acknowledged meanwhile.
    expect(exports.acked.size).toBeGreaterThan(0);

    server = await start(dataDir);
    const { traces, problems } = await readBackStore(server.base);
    expect(problems).toEqual([]);
    const acknowledged = [
      ...exports.acked,
      ...[0, 1, 2].map((i) => [traceIdOf(5000 + i), spanIdsOf(5000 + i, 50)] as const),
    ];
    expect(missingSpans(traces, acknowledged)).toEqual([]);
    const imported = Array.from({ length: TRACES }, (_, i) => traces.get(traceIdOf(FIRST + i))?.length ?? 0);
    const whole = imported.findIndex((n) => n < SPANS);
    expect(whole).toBeGreaterThan(TRACES / 4);
    // Whole traces, then at most one cut short (its first spans), then nothing.
    expect(imported.slice(whole + 1).every((n) => n === 0)).toBe(true);
    expect((traces.get(traceIdOf(FIRST + whole)) ?? []).sort()).toEqual(
      spanIdsOf(FIRST + whole, imported[whole]),
    );
  }, 90_000);

  it('keeps every acknowledged trace whole or deletes it whole when killed during a retention pass', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    let server = await start(dataDir, ['--retention', '1s']);
    const TRACES = 150;
    const SPANS = 1000;
    const acked = new Map<string, string[]>();
    const pinned = [0, 1].map(traceIdOf);
    for (const k of [0, 1]) {
      expect(await post(server.base, numberedTraces(k, 1, SPANS))).toBe(200);
      acked.set(traceIdOf(k), spanIdsOf(k, SPANS));
      const pin = await fetch(`${server.base}/api/pins`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ traceId: traceIdOf(k), note: 'kept' }),
      });
      expect(pin.ok).toBe(true);
    }
    // Big traces, so that a pass deletes in several batches (≤ 20,000 spans each: delete-traces.ts).
    let next = 2;
    const senders = [0, 1].map(async () => {
      while (next < TRACES) {
        const k = next++;
        if ((await post(server.base, numberedTraces(k, 1, SPANS))) === 200)
          acked.set(traceIdOf(k), spanIdsOf(k, SPANS));
      }
    });
    let peak = 0;
    await until('retention to delete', async () => {
      const n = await spanCount(server.base);
      peak = Math.max(peak, n);
      return n < peak;
    });
    await server.kill();
    await Promise.all(senders);

    server = await start(dataDir);
    const { traces, problems } = await readBackStore(server.base);
    expect(problems).toEqual([]);
    expect(
      missingSpans(
        traces,
        pinned.map((id) => [id, acked.get(id)!]),
      ),
    ).toEqual([]);
    const partial = [...acked].filter(
      ([id, spans]) => traces.has(id) && missingSpans(traces, [[id, spans]]).length > 0,
    );
    expect(partial.map(([id]) => id)).toEqual([]);
    expect([...acked.keys()].filter((id) => !traces.has(id)).length).toBeGreaterThan(0);
  }, 90_000);
});
