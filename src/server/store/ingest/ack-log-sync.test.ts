import { DuckDBInstance } from '@duckdb/node-api';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SPAN_LIMITS } from '../../../core/model/span-limits.ts';
import { tempDirs } from '../../../testing/temp-dirs.ts';
import { AckLog } from './ack-log.ts';
import { LoggedExports } from './logged-exports.ts';
import type { SpanBatch } from './span-batch.ts';

const syncs = vi.hoisted(() => ({ count: 0, failNext: 0 }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return {
    ...fs,
    fdatasyncSync: (fd: number) => {
      syncs.count++;
      if (syncs.failNext > 0) {
        syncs.failNext--;
        throw new Error('EIO: i/o error, fdatasync');
      }
      fs.fdatasyncSync(fd);
    },
  };
});

const tempDir = tempDirs('spanscope-acklog-sync-');
const body = (k: number) => new Uint8Array(64).fill(k);
const seqsIn = (dataDir: string) => {
  const { log, entries } = AckLog.open(dataDir, 0, () => {});
  log.close();
  return entries.map((e) => [e.seq, e.body[0]]);
};

beforeEach(() => {
  syncs.count = 0;
  syncs.failNext = 0;
});

describe('ack log syncs', () => {
  it('a failed sync takes back the entries it was to make durable; the next ones take their seqs', () => {
    const dataDir = tempDir();
    const { log } = AckLog.open(dataDir, 0, () => {});
    log.append('json', DEFAULT_SPAN_LIMITS, body(1));
    log.sync();
    log.append('json', DEFAULT_SPAN_LIMITS, body(2));
    log.append('json', DEFAULT_SPAN_LIMITS, body(3));
    syncs.failNext = 1;
    expect(() => log.sync()).toThrow(/ack log could not be written: EIO/);
    expect(log.unapplied).toBe(1);
    expect(log.append('json', DEFAULT_SPAN_LIMITS, body(4))).toBe(1);
    log.sync();
    log.close();
    expect(seqsIn(dataDir)).toEqual([
      [0, 1],
      [1, 4],
    ]);
  });

  it('exports acknowledged together share one fdatasync; when it fails, all of them are refused', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run('CREATE TABLE ack_log_applied (seq UBIGINT NOT NULL)');
    const dataDir = tempDir();
    const applied: number[] = [];
    const submit = async (_: SpanBatch, seq: number) => {
      applied.push(seq);
    };
    const finish = () => ({}) as SpanBatch;
    const logged = await LoggedExports.open(dataDir, conn, DEFAULT_SPAN_LIMITS, finish, submit, () => {});
    const before = syncs.count;
    await Promise.all([0, 1, 2, 3, 4].map((k) => logged.acknowledge('json', body(k), finish)));
    expect(syncs.count - before).toBe(1);
    await logged.settled();
    expect(applied).toEqual([0, 1, 2, 3, 4]);

    syncs.failNext = 1;
    const refused = await Promise.allSettled([5, 6].map((k) => logged.acknowledge('json', body(k), finish)));
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await logged.acknowledge('json', body(7), finish);
    await logged.settled();
    // Only what was acknowledged was applied; the refused exports' seqs went to the next one.
    expect(applied).toEqual([0, 1, 2, 3, 4, 5]);
    logged.close();
    conn.closeSync();
    instance.closeSync();
  });
});
