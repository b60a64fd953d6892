import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeColumnar } from '../../../core/transfer/decode-columnar.ts';
import { numberedTraces, traceIdOf } from '../../../testing/numbered-traces.ts';
import { DuckStore } from '../duck-store.ts';
import { DB_FILE } from '../store-options.ts';

const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);
const spansIn = (bytes: Uint8Array | null) => (text(bytes)?.match(/"spanId"/g) ?? []).length;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('pins', () => {
  it('pins a stored trace with its note, time and pinner; lists, re-pins, unpins', async () => {
    let now = 1_765_000_000_000;
    const store = await DuckStore.open({ memory: true, now: () => now });
    try {
      await store.ingestOtlp(numberedTraces(0, 3, 4), 'json');
      expect(
        await store.pin({ traceId: 'ffffffffffffffffffffffffffffffff', note: '', pinnedBy: '' }),
      ).toBeNull();
      const pin = await store.pin({
        traceId: traceIdOf(1).toUpperCase(),
        note: 'the slow one',
        pinnedBy: 'cli',
      });
      expect(pin).toMatchObject({
        traceId: traceIdOf(1),
        note: 'the slow one',
        pinnedBy: 'cli',
        pinnedAtMs: now,
        rootServiceName: 'shop',
        rootTraceName: 'root 1',
        durationMs: 5,
        spanCount: 4,
        errorCount: 0,
      });
      now += 1000;
      await store.pin({ traceId: traceIdOf(2), note: '', pinnedBy: 'app' });
      expect((await store.pins()).map((p) => p.traceId)).toEqual([traceIdOf(2), traceIdOf(1)]);
      now += 1000;
      const again = await store.pin({ traceId: traceIdOf(1), note: 'new note', pinnedBy: 'app' });
      expect(again).toMatchObject({ note: 'new note', pinnedBy: 'app', pinnedAtMs: now - 2000 });
      expect(await store.pinOf(traceIdOf(1))).toEqual(again);
      expect(await store.pinOf(traceIdOf(0))).toBeNull();
      expect(await store.unpin(traceIdOf(1))).toBe(true);
      expect(await store.unpin(traceIdOf(1))).toBe(false);
      expect((await store.pins()).map((p) => p.traceId)).toEqual([traceIdOf(2)]);
      expect((await store.status()).pinCount).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('reads a pinned trace as it was when pinned, in every encoding; later spans show once unpinned', async () => {
    const store = await DuckStore.open({ memory: true });
    try {
      await store.ingestOtlp(numberedTraces(0, 1, 3), 'json');
      const before = await store.getTrace(traceIdOf(0), 'tempo-v2');
      await store.pin({ traceId: traceIdOf(0), note: '', pinnedBy: '' });
      // Three more spans of the same trace (ids 4–6) arrive after the pin.
      await store.ingestOtlp(numberedTraces(0, 1, 6, { fromSpan: 3 }), 'json');
      expect(text(await store.getTrace(traceIdOf(0), 'tempo-v2'))).toBe(text(before));
      expect(spansIn(await store.getTrace(traceIdOf(0), 'tempo-v1'))).toBe(3);
      const columnar = await store.getTrace(traceIdOf(0), 'columnar-deferred');
      expect(decodeColumnar(columnar as Uint8Array).count).toBe(3);
      expect(await store.unpin(traceIdOf(0))).toBe(true);
      expect(spansIn(await store.getTrace(traceIdOf(0), 'tempo-v1'))).toBe(6);
    } finally {
      await store.close();
    }
  });

  it('opens a data directory made before pins (no pins or ingest_marks table) and pins in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spanscope-pins-'));
    dirs.push(dir);
    const first = await DuckStore.open({ dataDir: dir });
    await first.ingestOtlp(numberedTraces(0, 2, 3), 'json');
    await first.close();
    // What today's directories look like: the tables this change adds are not there.
    const instance = await DuckDBInstance.create(join(dir, DB_FILE));
    const conn = await instance.connect();
    await conn.run('DROP TABLE pins');
    await conn.run('DROP TABLE ingest_marks');
    conn.closeSync();
    instance.closeSync();

    const store = await DuckStore.open({ dataDir: dir, retention: { maxAgeMs: 86_400_000 } });
    try {
      expect(spansIn(await store.getTrace(traceIdOf(1), 'tempo-v1'))).toBe(3);
      expect(await store.pin({ traceId: traceIdOf(1), note: 'kept', pinnedBy: '' })).toMatchObject({
        spanCount: 3,
      });
      expect((await store.retentionPass())?.deletedTraces).toBe(0);
    } finally {
      await store.close();
    }
    const reopened = await DuckStore.open({ dataDir: dir });
    try {
      expect((await reopened.pins()).map((p) => p.note)).toEqual(['kept']);
    } finally {
      await reopened.close();
    }
  });
});
