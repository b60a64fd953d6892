/**
 * The time a search may take (`--search-timeout`): checked between steps, and a running statement
 * is interrupted when the time is up, so a search past it ends with a SearchTimeoutError (HTTP 504)
 * instead of holding a read connection and the worker.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { ReadPool } from '../../read/read-pool.ts';

export class SearchTimeoutError extends Error {
  override name = 'SearchTimeoutError';
}

/** What the search's SQL steps run queries through. */
export interface Reads {
  columns(sql: string, params?: DuckDBValue[]): Promise<DuckDBValue[][]>;
}

export class SearchBudget implements Reads {
  private readonly deadlineMs: number | undefined;

  constructor(
    private readonly pool: ReadPool,
    private readonly timeoutMs: number | undefined,
  ) {
    this.deadlineMs = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  }

  private timedOut(): SearchTimeoutError {
    const s = (this.timeoutMs ?? 0) / 1000;
    return new SearchTimeoutError(
      `the search took longer than ${s} s (--search-timeout) and was cancelled; narrow the time range or the query`,
    );
  }

  /** Throws once the time is up. */
  check(): void {
    if (this.deadlineMs !== undefined && Date.now() >= this.deadlineMs) throw this.timedOut();
  }

  async columns(sql: string, params: DuckDBValue[] = []): Promise<DuckDBValue[][]> {
    this.check();
    try {
      return await this.pool.columns(sql, params, this.deadlineMs);
    } catch (error) {
      // An interrupted statement fails with DuckDB's own message: say why instead.
      if (this.deadlineMs !== undefined && Date.now() >= this.deadlineMs) throw this.timedOut();
      throw error;
    }
  }
}
