import { describe, expect, it } from 'vitest';
import { numberedTraces, traceIdOf } from '../../../testing/numbered-traces.ts';
import { tempDirs } from '../../../testing/temp-dirs.ts';
import { DuckStore } from '../duck-store.ts';

const DAY_MS = 86_400_000;
const spansIn = (bytes: Uint8Array | null) =>
  (bytes ? (new TextDecoder().decode(bytes).match(/"spanId"/g) ?? []) : []).length;

const dataDir = tempDirs('spanscope-retention-');

async function stored(store: DuckStore, k: number): Promise<number> {
  return spansIn(await store.getTrace(traceIdOf(k), 'tempo-v1'));
}

describe('retention by age', () => {
  it('deletes an unpinned trace but not a pinned one, and the pinned trace still reads whole', async () => {
    let now = 1_765_000_000_000;
    const store = await DuckStore.open({ memory: true, now: () => now, retention: { maxAgeMs: 7 * DAY_MS } });
    try {
      await store.ingestOtlp(numberedTraces(0, 3, 5), 'json');
      await store.pin({ traceId: traceIdOf(1), note: 'incident 42', pinnedBy: 'test' });
      const pinnedBefore = await store.getTrace(traceIdOf(1), 'tempo-v2');
      now += DAY_MS;
      expect(await store.retentionPass()).toMatchObject({ deletedTraces: 0, reason: 'none' });
      await store.ingestOtlp(numberedTraces(3, 1, 5), 'json');
      now += 7 * DAY_MS;
      // Traces 0–2 were stored more than 7 days ago (by the mark at the first pass), trace 3 not.
      expect(await store.retentionPass()).toMatchObject({
        deletedTraces: 2,
        deletedSpans: 10,
        reason: 'age',
      });
      expect(await store.getTrace(traceIdOf(0), 'tempo-v1')).toBeNull();
      expect(await store.getTrace(traceIdOf(2), 'tempo-v2')).toBeNull();
      expect(await store.getTrace(traceIdOf(2), 'columnar')).toBeNull();
      expect(await store.getSpanDetails(traceIdOf(2), 0n, 100n)).toBeNull();
      expect(await store.findInDetails(traceIdOf(2), 'payload')).toBeNull();
      expect(await store.getTrace(traceIdOf(1), 'tempo-v2')).toEqual(pinnedBefore);
      expect((await store.findInDetails(traceIdOf(1), 'k1 i4'))?.offsets.length).toBe(1);
      expect(await stored(store, 3)).toBe(5);
      const listed = (await store.search({ limit: 20, spss: 3 })).traces.map((t) => t.traceID);
      expect(listed.sort()).toEqual([traceIdOf(1), traceIdOf(3)].sort());
      const status = await store.status();
      expect(status).toMatchObject({ traceCount: 2, spanCount: 10, pinCount: 1 });
      expect(status.retention).toMatchObject({ maxAgeMs: 7 * DAY_MS, intervalMs: 60_000 });
      expect(status.retention.lastPass).toMatchObject({ deletedTraces: 2 });
      // Unpinned, it goes at the next pass.
      await store.unpin(traceIdOf(1));
      expect(await store.retentionPass()).toMatchObject({ deletedTraces: 1 });
      expect(await store.getTrace(traceIdOf(1), 'tempo-v1')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('deletes the oldest first, in batches, and loses no acknowledged span of an ingest running meanwhile', async () => {
    let now = 1_765_000_000_000;
    const store = await DuckStore.open({ memory: true, now: () => now, retention: { maxAgeMs: DAY_MS } });
    try {
      for (let b = 0; b < 10; b++) await store.ingestOtlp(numberedTraces(b * 100, 100, 30), 'json');
      await store.retentionPass();
      now += 2 * DAY_MS;
      const pass = store.retentionPass();
      const acknowledged: number[] = [];
      for (let b = 10; b < 20; b++) {
        const result = await store.ingestOtlp(numberedTraces(b * 100, 100, 30), 'json');
        if (result.ok && result.acceptedSpans === 3000) acknowledged.push(b);
      }
      expect(await pass).toMatchObject({ deletedTraces: 1000, deletedSpans: 30_000 });
      expect(acknowledged).toHaveLength(10);
      for (const k of [0, 500, 999]) expect(await stored(store, k)).toBe(0);
      for (let k = 1000; k < 2000; k += 37) expect(await stored(store, k)).toBe(30);
      expect(await store.spanCount()).toBe(30_000);
      expect((await store.status()).traceCount).toBe(1000);
    } finally {
      await store.close();
    }
  });
});

describe('retention by size', () => {
  it('deletes the oldest unpinned traces until under the limit, and the space is reused', async () => {
    const dir = dataDir();
    const filler = await DuckStore.open({ dataDir: dir });
    for (let b = 0; b < 20; b++) await filler.ingestOtlp(numberedTraces(b * 200, 200, 50), 'json');
    await filler.pin({ traceId: traceIdOf(0), note: '', pinnedBy: '' });
    await filler.close();

    const probe = await DuckStore.open({ dataDir: dir });
    const full = await probe.status();
    await probe.close();
    const maxBytes = Math.floor(full.sizeBytes * 0.6);
    const store = await DuckStore.open({ dataDir: dir, retention: { maxBytes } });
    try {
      const pass = await store.retentionPass();
      expect(pass).toMatchObject({ reason: 'size' });
      const after = await store.status();
      expect(after.sizeBytes).toBeLessThanOrEqual(maxBytes);
      // The oldest went first: the pinned trace 0 stayed, then a run of deleted ones, the newest stayed.
      expect(await stored(store, 0)).toBe(50);
      expect(await stored(store, 1)).toBe(0);
      const kept = [];
      for (let k = 1; k < 4000; k += 100) kept.push((await stored(store, k)) > 0);
      expect(kept.indexOf(true)).toBeGreaterThan(0);
      expect(kept.slice(kept.indexOf(true)).every(Boolean)).toBe(true);
      expect(await stored(store, 3999)).toBe(50);
      // New data takes the freed blocks: the file does not grow.
      for (let b = 20; b < 24; b++) await store.ingestOtlp(numberedTraces(b * 200, 200, 50), 'json');
      await store.retentionPass();
      const refilled = await store.status();
      expect(refilled.fileBytes).toBeLessThanOrEqual(full.fileBytes * 1.05);
      console.log(
        `retention by size: ${full.sizeBytes} → ${after.sizeBytes} bytes used (limit ${maxBytes}), file ${full.fileBytes} → ${after.fileBytes} → ${refilled.fileBytes} after 40k more spans; ` +
          `${pass?.deletedTraces} traces, ${pass?.deletedSpans} spans in ${pass?.durationMs} ms`,
      );
    } finally {
      await store.close();
    }
  }, 120_000);
});
