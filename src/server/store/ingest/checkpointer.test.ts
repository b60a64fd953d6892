import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Checkpointer } from './checkpointer.ts';

/** A connection that records statements; each CHECKPOINT finishes when the test says so. */
function fakeConnection() {
  const statements: string[] = [];
  const finish: ((error?: Error) => void)[] = [];
  const conn = {
    run: (sql: string) => {
      statements.push(sql);
      return new Promise((resolve, reject) => finish.push((e) => (e ? reject(e) : resolve(undefined))));
    },
    closeSync: () => statements.push('close'),
  } as unknown as DuckDBConnection;
  return { conn, statements, finish };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Checkpointer', () => {
  it('checkpoints once enough bytes were committed, one checkpoint at a time', async () => {
    const f = fakeConnection();
    const c = new Checkpointer(f.conn, { maxWalBytes: 100, idleMs: 60_000 });
    c.committed(60);
    expect(f.statements).toEqual([]);
    c.committed(50);
    expect(f.statements).toEqual(['CHECKPOINT']);
    c.committed(500);
    expect(f.statements).toEqual(['CHECKPOINT']);
    f.finish[0]();
    await new Promise((r) => setImmediate(r));
    c.committed(1);
    expect(f.statements).toEqual(['CHECKPOINT', 'CHECKPOINT']);
    f.finish[1]();
    await c.close();
    expect(f.statements.at(-1)).toBe('close');
  });

  it('checkpoints what is pending after a quiet moment, and retries after a failure', async () => {
    vi.useFakeTimers();
    const f = fakeConnection();
    const errors: unknown[] = [];
    const c = new Checkpointer(f.conn, { maxWalBytes: 1000, idleMs: 50 }, (e) => errors.push(e));
    c.committed(10);
    vi.advanceTimersByTime(40);
    c.committed(10);
    vi.advanceTimersByTime(40);
    expect(f.statements).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(f.statements).toEqual(['CHECKPOINT']);
    f.finish[0](new Error('busy'));
    await vi.runAllTimersAsync();
    expect(errors).toHaveLength(1);
    c.committed(1);
    vi.advanceTimersByTime(60);
    expect(f.statements).toEqual(['CHECKPOINT', 'CHECKPOINT']);
    f.finish[1]();
    await c.close();
  });

  it('runs the statement it is given before a background checkpoint, when there is one', async () => {
    const f = fakeConnection();
    const before = ['DELETE FROM ack_log_applied WHERE seq < 7', null];
    const c = new Checkpointer(
      f.conn,
      { maxWalBytes: 10, idleMs: 60_000 },
      undefined,
      () => before.shift() ?? null,
    );
    c.committed(10);
    expect(f.statements).toEqual(['DELETE FROM ack_log_applied WHERE seq < 7']);
    f.finish[0]();
    await new Promise((r) => setImmediate(r));
    expect(f.statements.at(-1)).toBe('CHECKPOINT');
    f.finish[1]();
    await new Promise((r) => setImmediate(r));
    c.committed(10);
    expect(f.statements.slice(2)).toEqual(['CHECKPOINT']);
    f.finish[2]();
    await c.close();
  });
});
