/**
 * The search's time limit: a statement still running at the deadline is interrupted (DuckDB stops
 * it, the read connection is free again), and the failure says what happened.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadPool } from '../../read/read-pool.ts';
import { SearchBudget } from './search-budget.ts';

let instance: DuckDBInstance;
let pool: ReadPool;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  pool = await ReadPool.open(instance, 1);
});
afterAll(() => {
  pool.close();
  instance.closeSync();
});

describe('SearchBudget', () => {
  it('interrupts a statement at the deadline and says the search took too long', async () => {
    const budget = new SearchBudget(pool, 100);
    const t0 = performance.now();
    await expect(
      budget.columns('SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3'),
    ).rejects.toMatchObject({
      name: 'SearchTimeoutError',
      message:
        'the search took longer than 0.1 s (--search-timeout) and was cancelled; narrow the time range or the query',
    });
    expect(performance.now() - t0).toBeLessThan(5000);
    // The connection answers the next statement.
    expect(await pool.columns('SELECT 42::DOUBLE')).toEqual([[42]]);
  });

  it('refuses to start a statement once the time is up, and lets errors of its own through', async () => {
    await expect(new SearchBudget(pool, 0).columns('SELECT 1')).rejects.toMatchObject({
      name: 'SearchTimeoutError',
    });
    await expect(new SearchBudget(pool, 10_000).columns('SELECT nope')).rejects.toThrow(/nope/);
    expect(await new SearchBudget(pool, undefined).columns('SELECT 1::DOUBLE')).toEqual([[1]]);
  });
});
