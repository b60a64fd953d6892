import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { storeAnswers } from '../../../testing/store-answers.ts';
import { tempDirs } from '../../../testing/temp-dirs.ts';
import { copiedTraceId, schemaOf, v1Answers, writeV1DataDir } from '../../../testing/v1-store.ts';
import { DuckStore } from '../duck-store.ts';
import { DB_FILE } from '../store-options.ts';
import { migratingPath } from './migrate-v1.ts';

const tempDir = tempDirs('spanscope-migrate-');
/**
 * Runs `sql` on the closed database at `path`, closing its connection before the instance: an open
 * connection keeps the database open until it is collected, so the store opened next would find the
 * file still in use by this process and its change maybe not checkpointed (the not-hex test failed
 * now and then, its meta row unread).
 */
async function runClosed(path: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  try {
    const conn = await instance.connect();
    await conn.run(sql);
    conn.closeSync();
  } finally {
    instance.closeSync();
  }
}

/** The pins' clock of the run that made the schema-1 directory. */
const now = () => 1_765_000_000_000;

async function openLogged(dataDir: string, chunk?: number) {
  const lines: string[] = [];
  const store = await DuckStore.open({ dataDir, now, migrationChunkSpans: chunk, log: (l) => lines.push(l) });
  return { store, lines };
}

describe('schema 1 → 2 migration', () => {
  it('answers every trace, search, tag and pin of the schema-1 store exactly as it did', async () => {
    const dir = tempDir();
    await writeV1DataDir(dir);
    const recorded = v1Answers();
    const { store, lines } = await openLogged(dir);
    try {
      expect(lines[0]).toMatch(/migrating .* from store schema 1 to 2: 62 spans/);
      expect(lines.at(-2)).toMatch(/62 \/ 62 spans$/);
      expect(await storeAnswers(store, recorded.traceIds)).toEqual({ ...recorded, traceIds: undefined });
    } finally {
      await store.close();
    }
    expect(await schemaOf(dir)).toBe('2');
    expect(existsSync(migratingPath(join(dir, DB_FILE)))).toBe(false);
    // Migrated once: the next open is a plain one, and ingest goes on.
    const again = await openLogged(dir);
    try {
      expect(again.lines).toEqual([]);
      expect(await again.store.spanCount()).toBe(62);
    } finally {
      await again.store.close();
    }
  });

  it('redoes a migration a crash left half-built, in chunks with progress lines', async () => {
    const dir = tempDir();
    await writeV1DataDir(dir, 40);
    writeFileSync(migratingPath(join(dir, DB_FILE)), 'a partial file of a migration that was killed');
    const { store, lines } = await openLogged(dir, 500);
    try {
      const total = 62 * 41;
      expect(lines.filter((l) => / \/ 2542 spans$/.test(l)).length).toBeGreaterThanOrEqual(5);
      expect(lines.at(-2)).toMatch(new RegExp(`${total} / ${total} spans$`));
      expect(await store.spanCount()).toBe(total);
      const recorded = v1Answers();
      for (const id of recorded.traceIds.filter(
        (t) => !recorded.pins.some((p: { traceId: string }) => p.traceId === t),
      )) {
        const original = recorded.traces[id].v2 as string;
        for (const k of [1, 17, 40]) {
          const copy = copiedTraceId(id, k);
          const back = new TextDecoder().decode((await store.getTrace(copy, 'tempo-v2')) ?? new Uint8Array());
          expect(back).toBe(original.replaceAll(`"traceId":"${id}"`, `"traceId":"${copy}"`));
        }
      }
    } finally {
      await store.close();
    }
  });

  it('refuses a schema-1 directory holding an id that is not hex, leaving it as it was', async () => {
    const dir = tempDir();
    await writeV1DataDir(dir);
    const path = join(dir, DB_FILE);
    await runClosed(path, `UPDATE spans SET span_id = 'not hex!' WHERE seq = 3`);
    await expect(openLogged(dir)).rejects.toThrow(
      `migrating ${path} to store schema 2 failed (the schema-1 database is unchanged): Conversion Error`,
    );
    expect(await schemaOf(dir)).toBe('1');
    expect(existsSync(migratingPath(path))).toBe(false);
  });

  it('refuses a database whose schema is not a number', async () => {
    const dir = tempDir();
    await writeV1DataDir(dir);
    const path = join(dir, DB_FILE);
    await runClosed(path, `UPDATE meta SET value = 'v1; DROP' WHERE key = 'schema'`);
    await expect(DuckStore.open({ dataDir: dir })).rejects.toThrow(
      `the store database ${path} has an unknown schema "v1; DROP"`,
    );
  });

  it('refuses a data directory of a newer schema, naming both versions, and leaves it as it is', async () => {
    const dir = tempDir();
    await (await DuckStore.open({ dataDir: dir })).close();
    const path = join(dir, DB_FILE);
    await runClosed(path, `UPDATE meta SET value = '3' WHERE key = 'schema'`);
    const before = readFileSync(path);
    await expect(DuckStore.open({ dataDir: dir })).rejects.toThrow(
      `the store database ${path} has schema 3, newer than schema 2, the newest this spanscope supports`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
