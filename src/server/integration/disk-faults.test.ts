/**
 * A full disk and a data directory gone read-only, on real file systems (testing/fault-disks.ts: a
 * small tmpfs; a loop-mounted ext4 that a recorded error remounts read-only, as a failing disk
 * does). Exports are refused with 503 + Retry-After (OTLP/HTTP) and UNAVAILABLE (gRPC), the log says
 * why, nothing acknowledged is lost or torn, and ingest works again once space returns, without a
 * restart. Needs root allowed to mount (the test machine's container is); elsewhere it is skipped,
 * saying so. Slow (a real server, ~15 s each).
 */
import { spawnSync } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportTraceServiceRequest } from '../../core/formats/otlp-proto/schema.ts';
import { canMount, ext4Loop, type FaultDisk, smallTmpfs } from '../../testing/fault-disks.ts';
import { numberedTraces, traceIdOf } from '../../testing/numbered-traces.ts';
import { toProtoObject } from '../../testing/otlp-requests.ts';
import { ANY_FREE_PORTS, type HarnessServer, REPO_ROOT, startServer } from '../../testing/server-harness.ts';
import { missingSpans, readBackStore } from '../../testing/store-consistency.ts';
import { EXPORT_PATH } from '../otlp/grpc-receiver.ts';

const MOUNTS = canMount();
if (!MOUNTS)
  console.warn('disk-faults: this machine does not allow mount; the full/read-only disk tests are skipped');

const TRACES_PER_EXPORT = 10;
const SPANS = 20;

/** What export k holds (numbered-traces.ts): trace id → span ids. */
function exportSpans(k: number): [string, string[]][] {
  return Array.from({ length: TRACES_PER_EXPORT }, (_, t) => {
    const n = k * TRACES_PER_EXPORT + t + 1;
    const ids = Array.from(
      { length: SPANS },
      (_, i) => `${n.toString(16).padStart(8, '0')}${(i + 1).toString(16).padStart(8, '0')}`,
    );
    return [traceIdOf(n - 1), ids];
  });
}

const exportBody = (k: number, traces = TRACES_PER_EXPORT) =>
  numberedTraces(k * TRACES_PER_EXPORT, traces, SPANS);

function postExport(server: HarnessServer, body: Uint8Array) {
  return fetch(`${server.otlpBase}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(body),
  });
}

/** One OTLP/gRPC export of `body` (OTLP JSON re-encoded as protobuf); resolves with the status code. */
function grpcExport(server: HarnessServer, body: Uint8Array): Promise<grpc.status> {
  const message = toProtoObject(JSON.parse(new TextDecoder().decode(body)));
  const bytes = Buffer.from(
    ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(message as object)).finish(),
  );
  const client = new grpc.Client(server.grpcAddress, grpc.credentials.createInsecure());
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      EXPORT_PATH,
      (b: Buffer) => b,
      (b: Buffer) => b,
      bytes,
      (err) => {
        client.close();
        resolve(err?.code ?? grpc.status.OK);
      },
    ),
  );
}

/** Every span acknowledged is there and the store agrees with itself (`small`: one-trace exports). */
async function expectIntact(server: HarnessServer, acked: number[], small: number[] = []): Promise<void> {
  const { traces, problems } = await readBackStore(server.base);
  expect(problems).toEqual([]);
  const spans = [...acked.flatMap(exportSpans), ...small.map((k) => exportSpans(k)[0])];
  expect(missingSpans(traces, spans)).toEqual([]);
}

const disks: FaultDisk[] = [];
const servers: HarnessServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  for (const d of disks.splice(0)) d.dispose();
});

async function start(dataDir: string): Promise<HarnessServer> {
  const server = await startServer({ dataDir });
  servers.push(server);
  return server;
}

describe.skipIf(!MOUNTS)(
  'a full disk and a read-only data directory (built server, real file systems, slow)',
  () => {
    it('refuses exports with 503 / UNAVAILABLE on a full disk, loses nothing, and ingests again once space returns', async () => {
      const disk = smallTmpfs(4 * 2 ** 20);
      disks.push(disk);
      const server = await start(disk.dataDir);
      const acked: number[] = [];
      let refused: Response | null = null;
      for (let k = 0; k < 200 && !refused; k++) {
        const res = await postExport(server, exportBody(k));
        if (res.status === 200) acked.push(k);
        else refused = res;
      }
      expect(acked.length).toBeGreaterThan(3);
      expect(refused?.status).toBe(503);
      expect(refused?.headers.get('retry-after')).toBe('1');
      expect(server.output()).toMatch(/No space left on device/);
      // A small export (one trace, ~10 KiB) goes to the ack log first: refused too once that cannot
      // be written (any acknowledged before must survive).
      const smallAcked: number[] = [];
      let smallRefused: Response | null = null;
      for (let k = 300; k < 400 && !smallRefused; k++) {
        const res = await postExport(server, exportBody(k, 1));
        if (res.status === 200) smallAcked.push(k);
        else smallRefused = res;
      }
      expect([smallRefused?.status, smallRefused?.headers.get('retry-after')]).toEqual([503, '1']);
      expect(server.output()).toMatch(/ack log could not be written: ENOSPC/);
      // The idle checkpoint (2 s after the last commit) cannot write either: DuckDB then refuses every
      // call until the database is reopened (store-recovery.ts), even once space returns.
      const deadline = Date.now() + 20_000;
      while (!/the database failed \(.*No space left on device/.test(server.output())) {
        expect(Date.now(), server.output()).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Larger than what is left: refused whatever state DuckDB is in.
      const big = exportBody(1000, 100);
      expect((await postExport(server, big)).status).toBe(503);
      expect(await grpcExport(server, big)).toBe(grpc.status.UNAVAILABLE);
      const imported = await fetch(`${server.base}/api/import`, { method: 'POST', body: Buffer.from(big) });
      expect([imported.status, imported.headers.get('retry-after')]).toEqual([503, '1']);
      expect((await imported.json()).kept).toEqual({ traceIds: [], spanCount: 0 });

      disk.resize(64 * 2 ** 20);
      let k = 500;
      while ((await postExport(server, exportBody(k))).status !== 200) {
        expect(Date.now(), server.output()).toBeLessThan(deadline + 20_000);
        await new Promise((r) => setTimeout(r, 200));
      }
      acked.push(k++);
      expect(server.output()).toMatch(/the database is open again/);
      expect(await grpcExport(server, exportBody(k))).toBe(grpc.status.OK);
      acked.push(k);
      await expectIntact(server, acked, smallAcked);

      await server.stop();
      await expectIntact(await start(disk.dataDir), acked, smallAcked);
    }, 90_000);

    it('refuses exports when the file system turns read-only, says so at start-up, and keeps everything', async () => {
      const disk = ext4Loop(64);
      disks.push(disk);
      let server = await start(disk.dataDir);
      const acked: number[] = [];
      for (let k = 0; k < 5; k++) {
        expect((await postExport(server, exportBody(k))).status).toBe(200);
        acked.push(k);
      }
      disk.breakDisk();
      const refused = await postExport(server, exportBody(10));
      expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '1']);
      expect(await grpcExport(server, exportBody(11))).toBe(grpc.status.UNAVAILABLE);
      expect(server.output()).toMatch(/Read-only file system/);
      await server.stop();

      const again = spawnSync(
        process.execPath,
        ['bin/spanscope', 'serve', ...ANY_FREE_PORTS, '--data', disk.dataDir, '--no-demo'],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/^spanscope: cannot start: .*Read-only file system/m);

      disk.repair();
      server = await start(disk.dataDir);
      await expectIntact(server, acked);
    }, 90_000);
  },
);
