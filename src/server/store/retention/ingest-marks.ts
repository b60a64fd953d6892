/**
 * When rows were stored, coarsely: `ingest_marks` rows (seq, at_ms) say that every row with a
 * smaller seq was stored by then (schema.ts). Retention's age limit asks for the seq below which
 * everything is older than the limit. A mark is written at open and then at most once per retention
 * interval while spans arrive, so a trace is deleted at most one interval late, never early.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export class IngestMarks {
  private lastSeq = -1n;

  constructor(private readonly conn: DuckDBConnection) {}

  /** Rows below `nextSeq` were stored by `atMs`; nothing is written when no row came since the last mark. */
  async mark(nextSeq: bigint, atMs: number): Promise<void> {
    if (nextSeq === this.lastSeq) return;
    await this.conn.run('INSERT INTO ingest_marks VALUES ($1, $2)', [nextSeq, BigInt(Math.floor(atMs))]);
    this.lastSeq = nextSeq;
  }

  /**
   * The seq below which every row was stored at or before `atMs` (null when no mark is that old),
   * dropping the marks older than the one it answers from (they will never be needed again).
   */
  async storedBefore(atMs: number): Promise<bigint | null> {
    const at = BigInt(Math.floor(atMs));
    const reader = await this.conn.runAndReadAll('SELECT max(seq) FROM ingest_marks WHERE at_ms <= $1', [at]);
    const seq = (reader.getRows()[0]?.[0] ?? null) as bigint | null;
    if (seq !== null) await this.conn.run('DELETE FROM ingest_marks WHERE seq < $1', [seq]);
    return seq;
  }
}
