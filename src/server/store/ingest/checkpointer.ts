/**
 * Checkpoints on a connection of their own, off the commit path.
 *
 * DuckDB checkpoints on commit once the WAL passes `checkpoint_threshold` (16 MB by default), inside
 * the committing transaction: the export that triggers it waits for the whole checkpoint, and since
 * every checkpoint rewrites the table's last, partly filled row group (122,880 rows), small
 * thresholds rewrite the same rows many times (measured: ~2× the CPU per span at 16 MB compared
 * with one checkpoint per row group of data). So the store sets a threshold it never reaches and
 * checkpoints here instead, while commits go on: after about a row group's worth of committed bytes,
 * and after a quiet moment (so a restart replays little WAL).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export interface CheckpointPolicy {
  /** Committed bytes (estimated) after which a checkpoint starts. */
  readonly maxWalBytes: number;
  /** Idle time after the last commit after which pending data is checkpointed. */
  readonly idleMs: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { maxWalBytes: 96 * 2 ** 20, idleMs: 2000 };

/** The threshold DuckDB itself should use: beyond what we let the WAL reach. */
export const DUCKDB_CHECKPOINT_THRESHOLD = '4GB';

export class Checkpointer {
  private pendingBytes = 0;
  private running: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY,
    private readonly onError: (error: unknown) => void = () => undefined,
    /** A statement to run before each background checkpoint, or null (the ack log's pruning). */
    private readonly before: () => string | null = () => null,
  ) {}

  /** Called after each commit with the (estimated) bytes it added to the WAL. */
  committed(bytes: number): void {
    if (this.closed) return;
    this.pendingBytes += bytes;
    if (this.pendingBytes >= this.policy.maxWalBytes) this.start();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.start(), this.policy.idleMs);
    this.idleTimer.unref();
  }

  private start(): void {
    if (this.running || this.pendingBytes === 0 || this.closed) return;
    const bytes = this.pendingBytes;
    this.pendingBytes = 0;
    const sql = this.before();
    const checkpoint = () => this.conn.run('CHECKPOINT');
    this.running = (sql ? this.conn.run(sql).then(checkpoint) : checkpoint())
      .then(
        () => undefined,
        (error: unknown) => {
          this.pendingBytes += bytes;
          this.onError(error);
        },
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** Checkpoints now, after a running checkpoint (retention frees the blocks it emptied this way). */
  async checkpointNow(): Promise<void> {
    while (this.running) await this.running;
    if (this.closed) return;
    this.pendingBytes = 0;
    const run = this.conn.run('CHECKPOINT').then(() => undefined);
    this.running = run
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
      });
    await run;
  }

  /** Waits for a running checkpoint and stops (closing the database checkpoints anyway). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.running;
    this.conn.closeSync();
  }
}
