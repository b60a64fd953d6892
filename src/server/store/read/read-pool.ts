/**
 * Read connections. A DuckDB connection runs one statement at a time and, being separate from the
 * write connection, sees only committed data (an acknowledged export is visible to the next read).
 * Two connections let a long trace read and a quick search run side by side.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';

export class ReadPool {
  private readonly idle: DuckDBConnection[];
  private readonly queue: ((c: DuckDBConnection) => void)[] = [];

  private constructor(connections: DuckDBConnection[]) {
    this.idle = connections;
  }

  static async open(instance: DuckDBInstance, size: number): Promise<ReadPool> {
    return new ReadPool(await Promise.all(Array.from({ length: size }, () => instance.connect())));
  }

  /** Runs `fn` on a connection of its own; past `deadlineMs` (epoch ms) its statement is interrupted. */
  async use<T>(fn: (c: DuckDBConnection) => Promise<T>, deadlineMs?: number): Promise<T> {
    const c = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.queue.push(resolve)));
    const timer =
      deadlineMs === undefined ? null : setTimeout(() => c.interrupt(), Math.max(0, deadlineMs - Date.now()));
    try {
      return await fn(c);
    } finally {
      if (timer) clearTimeout(timer);
      const next = this.queue.shift();
      if (next) next(c);
      else this.idle.push(c);
    }
  }

  /** Rows of a query as column arrays (interrupted past `deadlineMs`, epoch ms). */
  columns(sql: string, params: DuckDBValue[] = [], deadlineMs?: number): Promise<DuckDBValue[][]> {
    return this.use(async (c) => {
      const reader = await c.runAndReadAll(sql, params);
      // getColumns() of zero rows is [], not one empty array per column.
      return reader.currentRowCount > 0
        ? reader.getColumns()
        : Array.from({ length: reader.columnCount }, () => []);
    }, deadlineMs);
  }

  /** Rows of a query as objects of JS values (BIGINT → bigint, BLOB → bytes). For few rows. */
  rows<T>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
    return this.use(async (c) => (await c.runAndReadAll(sql, params)).getRowObjectsJS() as unknown as T[]);
  }

  close(): void {
    for (const c of this.idle) c.closeSync();
    this.idle.length = 0;
  }
}
