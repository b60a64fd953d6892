/**
 * SIGKILL while retention deletes (issue 15 item 5), on the built server with a data directory:
 * exports keep being acknowledged while a pass deletes old traces, the server is killed midway, and
 * after a restart every acknowledged recent span is there, the pinned trace whole, and every old
 * trace either whole or gone (a batch is one transaction), the store's counts agreeing with its traces.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { numberedTraces, traceIdOf } from '../../testing/numbered-traces.ts';
import { type HarnessServer, startServer, tempDataDir } from '../../testing/server-harness.ts';

const OLD_TRACES = 400;
const OLD_SPANS = 250;
const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function post(server: HarnessServer, body: Uint8Array): Promise<number> {
  const res = await fetch(`${server.base}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(body),
  });
  await res.arrayBuffer();
  return res.status;
}

async function spansOf(server: HarnessServer, k: number): Promise<number> {
  const res = await fetch(`${server.base}/api/traces/${traceIdOf(k)}`);
  if (res.status === 404) return 0;
  return ((await res.text()).match(/"spanId"/g) ?? []).length;
}

describe('SIGKILL during retention', () => {
  it('keeps every acknowledged span, the pinned trace, and whole or no old traces', async () => {
    let server = await startServer({ dataDir: dir, args: ['--retention', '8s'] });
    for (let k = 0; k < OLD_TRACES; k += 20) {
      expect(await post(server, numberedTraces(k, 20, OLD_SPANS))).toBe(200);
      if (k > 0) continue;
      const pin = await fetch(`${server.base}/api/pins`, {
        method: 'POST',
        body: JSON.stringify({ traceId: traceIdOf(7) }),
      });
      expect(pin.status).toBe(200);
    }

    // Recent exports, acknowledged one by one, until the pass has deleted some of the old traces.
    const acknowledged: number[] = [];
    const started = Date.now();
    for (let k = 10_000; ; k++) {
      if ((await post(server, numberedTraces(k, 1, 10))) === 200) acknowledged.push(k);
      const { spanCount } = await (await fetch(`${server.base}/api/status`)).json();
      if (spanCount < OLD_TRACES * OLD_SPANS) break;
      if (Date.now() - started > 60_000) throw new Error('retention did not start within 60 s');
    }
    await server.kill();

    server = await startServer({ dataDir: dir });
    try {
      for (const k of acknowledged) expect(await spansOf(server, k), `recent trace ${k}`).toBe(10);
      expect(await spansOf(server, 7)).toBe(OLD_SPANS);
      let oldSpans = 0;
      for (let k = 0; k < OLD_TRACES; k++) {
        const n = await spansOf(server, k);
        expect([0, OLD_SPANS], `old trace ${k}`).toContain(n);
        oldSpans += n;
      }
      expect(oldSpans).toBeLessThan(OLD_TRACES * OLD_SPANS);
      const status = await (await fetch(`${server.base}/api/status`)).json();
      expect(status.spanCount).toBe(oldSpans + acknowledged.length * 10);
      expect(status.traceCount).toBe(oldSpans / OLD_SPANS + acknowledged.length);
      expect(status.pinCount).toBe(1);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
