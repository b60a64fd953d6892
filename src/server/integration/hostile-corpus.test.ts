/**
 * The hostile corpus (testdata/hostile/) against the real built server and CLI: every file through
 * OTLP/HTTP, OTLP/gRPC (protobuf files) and `POST /api/import`, each answered within a time bound
 * with a status that says what happened (200, or 400/413/415 with a message), and through
 * `spanscope summary` (exit 0, or 2 with one line and no stack trace); a trace stored before is
 * still there after all of them, and the server still ready.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_DIR, readHostileCorpus } from '../../testing/hostile-files.ts';
import { type HarnessServer, REPO_ROOT, startServer } from '../../testing/server-harness.ts';
import { EXPORT_PATH } from '../otlp/grpc-receiver.ts';

const BOUND_MS = 20_000;
const CASES = readHostileCorpus();
const KEPT = 'c0ffee00000000000000000000000001';

function grpcExport(address: string, body: Uint8Array): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      EXPORT_PATH,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(body),
      new grpc.Metadata(),
      { deadline: Date.now() + BOUND_MS },
      (err) => {
        client.close();
        resolve(err ?? null);
      },
    );
  });
}

async function timed<T>(work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const out = await work();
  expect(Date.now() - started).toBeLessThan(BOUND_MS);
  return out;
}

describe('the hostile corpus against the real server and CLI', () => {
  let server: HarnessServer;
  beforeAll(async () => {
    server = await startServer({ demo: false });
    const kept = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: KEPT,
                  spanId: '0000000000000001',
                  name: 'kept',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(`${server.base}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(kept),
    });
    expect(res.status).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const gz = c.name.endsWith('.gz');
    const proto = /\.pb(\.gz)?$/.test(c.name);
    const otlp = await timed(() =>
      fetch(`${server.otlpBase}/v1/traces`, {
        method: 'POST',
        headers: {
          'Content-Type': proto ? 'application/x-protobuf' : 'application/json',
          ...(gz ? { 'Content-Encoding': 'gzip' } : {}),
        },
        body: Buffer.from(c.bytes),
      }),
    );
    expect([200, 400, 413], `OTLP/HTTP: ${c.why}`).toContain(otlp.status);
    await otlp.arrayBuffer();

    if (proto) {
      let body: Uint8Array | null = c.bytes;
      if (gz) {
        try {
          body = gunzipSync(c.bytes);
        } catch {
          body = null; // a cut gzip is an HTTP case only: gRPC compresses messages itself
        }
      }
      if (body) {
        const err = await timed(() => grpcExport(server.grpcAddress, body));
        expect([undefined, grpc.status.INVALID_ARGUMENT, grpc.status.RESOURCE_EXHAUSTED], c.why).toContain(
          err?.code,
        );
      }
    }

    const imported = await timed(() =>
      fetch(`${server.base}/api/import`, { method: 'POST', body: Buffer.from(c.bytes) }),
    );
    const answer = (await imported.json()) as { error?: string };
    if (c.expect === 'trace') expect(imported.status, `${c.why}: ${answer.error}`).toBe(200);
    else if (c.expect === 'error') expect(imported.status, c.why).toBe(400);
    else expect([200, 400], c.why).toContain(imported.status);
    if (imported.status !== 200) expect(answer.error, c.why).toMatch(/\S/);

    const summary = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'bin/spanscope'), 'summary', join(HOSTILE_DIR, c.name)],
      {
        encoding: 'utf8',
        timeout: BOUND_MS,
        maxBuffer: 64 * 2 ** 20,
      },
    );
    expect(summary.signal, `summary: ${c.why}`).toBeNull();
    if (c.expect === 'trace') expect(summary.status, `${c.why}: ${summary.stderr}`).toBe(0);
    else if (c.expect === 'error') expect(summary.status, c.why).toBe(2);
    else expect([0, 2], c.why).toContain(summary.status);
    if (summary.status === 2) {
      expect(summary.stderr.trim().split('\n'), c.why).toHaveLength(1);
      expect(summary.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('keeps what was stored before, and stays ready', async () => {
    expect((await fetch(`${server.base}/api/traces/${KEPT}`)).status).toBe(200);
    expect((await fetch(`${server.base}/ready`)).status).toBe(200);
  });
});
