/**
 * SIGKILL during the schema 1 → 2 migration (slow: a child process migrates a ~250k-span schema-1
 * directory and is killed at several points) → the next open finds the intact schema-1 database or
 * the complete schema-2 one, finishes, and every span and answer is there.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { storeAnswers } from '../../../testing/store-answers.ts';
import { copiedTraceId, schemaOf, v1Answers, writeV1DataDir } from '../../../testing/v1-store.ts';
import { DuckStore } from '../duck-store.ts';
import { DB_FILE } from '../store-options.ts';
import { migratingPath } from './migrate-v1.ts';

const COPIES = 4000;
const TOTAL = 62 * (COPIES + 1);
const CHUNK = 20_000;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the migrating child until `killAt` says so for a line of its output; what it printed. */
async function migrateUntilKilled(dataDir: string, killAt: (line: string) => boolean): Promise<string[]> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      join(import.meta.dirname, '../../../../scripts/raw-loader.mjs'),
      join(import.meta.dirname, '../../../testing/migrate-child.ts'),
      dataDir,
      String(CHUNK),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    if (killAt(line) || line === 'open') child.kill('SIGKILL');
  }
  await exited;
  return lines;
}

describe('SIGKILL during the schema 1 → 2 migration', () => {
  it.each([
    ['as it starts', (l: string) => l.includes('from store schema 1 to 2')],
    ['after the first chunk', (l: string) => l.includes(` ${CHUNK} / ${TOTAL} spans`)],
    ['midway', (l: string) => l.includes(` ${6 * CHUNK} / ${TOTAL} spans`)],
    ['after the last chunk (checkpoint, rename)', (l: string) => l.includes(` ${TOTAL} / ${TOTAL} spans`)],
  ])(
    'killed %s: the next open completes it, nothing lost',
    async (_, killAt) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'spanscope-migrate-kill-'));
      dirs.push(dataDir);
      await writeV1DataDir(dataDir, COPIES);
      const lines = await migrateUntilKilled(dataDir, killAt);
      expect(lines.some(killAt)).toBe(true);
      expect(lines).not.toContain('open');
      // Either the schema-1 database untouched (a partial file beside it) or the schema-2 one.
      expect(['1', '2']).toContain(await schemaOf(dataDir));
      const reopened: string[] = [];
      const store = await DuckStore.open({ dataDir, log: (l) => reopened.push(l) });
      try {
        expect(existsSync(migratingPath(join(dataDir, DB_FILE)))).toBe(false);
        expect(await store.spanCount()).toBe(TOTAL);
        expect((await store.status()).traceCount).toBe(10 * (COPIES + 1));
        const recorded = v1Answers();
        const answers = await storeAnswers(store, recorded.traceIds);
        expect(answers.traces).toEqual(recorded.traces);
        expect(answers.pins).toEqual(recorded.pins);
        const pinned = new Set(recorded.pins.map((p: { traceId: string }) => p.traceId));
        for (const id of recorded.traceIds.filter((t) => !pinned.has(t))) {
          const copy = copiedTraceId(id, COPIES);
          const back = new TextDecoder().decode((await store.getTrace(copy, 'tempo-v2')) ?? new Uint8Array());
          expect(back).toBe((recorded.traces[id].v2 as string).replaceAll(id, copy));
        }
      } finally {
        await store.close();
      }
      expect(await schemaOf(dataDir)).toBe('2');
    },
    240_000,
  );
});
