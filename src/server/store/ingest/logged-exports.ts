/**
 * Small exports acknowledged from the ack log (ack-log.ts) and applied to DuckDB afterwards, through
 * the urgent line. Each one's seq is inserted into `ack_log_applied` in the transaction of its rows,
 * so after a crash exactly the entries without a row there are replayed, whatever order groups
 * committed or failed in. An apply that fails (a full disk) is tried again every second until it
 * commits or the store closes; the entry stays in the log meanwhile, for the next open.
 *
 * Reads wait for `settled()`: every export acknowledged before the read began has been committed
 * (or its first attempt has failed), so what is acknowledged is readable at once.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SpanLimits } from '../../../core/model/span-limits.ts';
import type { OtlpEncoding } from '../types.ts';
import { AckLog, type LoggedExport } from './ack-log.ts';
import type { PreparedBatch } from './batch-columns.ts';
import { InputPreparer, type PreparedExport } from './prepare-input.ts';
import type { SpanBatch } from './span-batch.ts';

const RETRY_MS = 1000;
/**
 * Acknowledged exports waiting for their commit, at most: past it small exports are acknowledged
 * after their commit again, so that the backlog, which counts unacknowledged exports, holds back
 * exporters when DuckDB falls behind (up to 512 × 64 KiB of request bodies meanwhile).
 */
export const MAX_UNAPPLIED = 512;

/** Stores a batch with the ack-log seq it came from; resolves once committed. */
export type SubmitLogged = (batch: SpanBatch, seq: number) => Promise<void>;

/** A prepared batch made a SpanBatch (store-wide blob ids: finishBatch). */
export type FinishBatch = (batch: PreparedBatch) => SpanBatch;

export class LoggedExports {
  /** First attempts under way: what a read waits for. */
  private readonly applying = new Set<Promise<void>>();
  private readonly failed: { seq: number; batch: SpanBatch }[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private prunedBelow = -1;
  /** Exports appended to the log and waiting for its next sync. */
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  private constructor(
    private readonly log: AckLog,
    private readonly limits: SpanLimits,
    private readonly submit: SubmitLogged,
    private readonly logLine: (line: string) => void,
    /** An invalidated database is reopened on it (store-recovery.ts), and the log replayed then. */
    private readonly onApplyError: (error: unknown) => void,
  ) {}

  /**
   * Opens the log in `dataDir` and replays the entries DuckDB has no row of in `ack_log_applied`
   * (resolving once they are committed); prunes the rows of entries no longer in the log.
   */
  static async open(
    dataDir: string,
    conn: DuckDBConnection,
    limits: SpanLimits,
    finish: FinishBatch,
    submit: SubmitLogged,
    logLine: (line: string) => void,
    onApplyError: (error: unknown) => void = () => undefined,
  ): Promise<LoggedExports> {
    const maxApplied = Number(
      (await conn.runAndReadAll('SELECT coalesce(max(seq), -1) FROM ack_log_applied')).getRows()[0][0],
    );
    const { log, entries } = AckLog.open(dataDir, maxApplied + 1, logLine);
    const first = entries[0]?.seq ?? maxApplied + 1;
    const applied = new Set(
      (await conn.runAndReadAll(`SELECT seq FROM ack_log_applied WHERE seq >= ${first}`))
        .getRows()
        .map((r) => Number(r[0])),
    );
    const logged = new LoggedExports(log, limits, submit, logLine, onApplyError);
    const replay = entries.filter((e) => !applied.has(e.seq));
    for (const e of entries) if (applied.has(e.seq)) log.applied(e.seq);
    await conn.run(logged.pruneSql() as string);
    if (replay.length > 0) {
      logLine(`spanscope: replaying ${replay.length} acknowledged export(s) from the ack log`);
      await Promise.all(replay.map((e) => logged.replay(e, finish)));
    }
    return logged;
  }

  /**
   * The statement deleting the `ack_log_applied` rows of entries no longer in the log (no file holds
   * them, so they are never replayed), or null when there are no new ones since the last call. Run
   * before each background checkpoint, so the table stays as small as the log.
   */
  pruneSql(): string | null {
    const below = this.log.oldestSeq;
    if (below <= this.prunedBelow) return null;
    this.prunedBelow = below;
    return `DELETE FROM ack_log_applied WHERE seq < ${below}`;
  }

  /** False once MAX_UNAPPLIED acknowledged exports wait for their commit. */
  get hasRoom(): boolean {
    return this.log.unapplied < MAX_UNAPPLIED;
  }

  /**
   * Makes the export durable in the log (rejects when it cannot: nothing is acknowledged then), and
   * applies `batch` in the background. Exports handed in during one turn of the event loop are made
   * durable together, by one fdatasync after that turn.
   */
  async acknowledge(encoding: OtlpEncoding, body: Uint8Array, batch: () => SpanBatch): Promise<void> {
    const seq = this.log.append(encoding, this.limits, body);
    await this.synced();
    const first = this.apply(seq, batch());
    this.applying.add(first);
    void first.finally(() => this.applying.delete(first));
  }

  /** The next sync of the log, shared by every entry appended before it runs. */
  private synced(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ resolve, reject });
    });
  }

  /** Syncs the log and settles every export waiting for it. */
  private flush(): void {
    const group = this.waiting.splice(0);
    if (group.length === 0) return;
    try {
      this.log.sync();
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    for (const w of group) w.resolve();
  }

  /** Resolves once every export acknowledged so far has been committed (or has failed once). */
  async settled(): Promise<void> {
    if (this.applying.size > 0) await Promise.all(this.applying);
  }

  /** Stops retrying and closes the log: what is not applied stays in it for the next open. */
  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.flush();
    this.log.close();
  }

  private async replay(entry: LoggedExport, finish: FinishBatch): Promise<void> {
    let p: PreparedExport;
    try {
      p = new InputPreparer(entry.limits).prepareExport(entry.body, entry.encoding);
    } catch (error) {
      p = { ok: false, errorMessage: (error as Error).message };
    }
    if (!p.ok || p.batches.length === 0) {
      // It decoded when acknowledged: only a changed decoder (or a hand-edited log) refuses it now.
      if (!p.ok) this.logLine(`spanscope: ack log entry ${entry.seq} no longer decodes: ${p.errorMessage}`);
      this.log.applied(entry.seq);
      return;
    }
    // A small export is one batch (urgent-first.ts: at most 64 KiB, far below BATCH_SPANS spans).
    await Promise.all(p.batches.map((b) => this.submit(finish(b), entry.seq)));
    this.log.applied(entry.seq);
  }

  private apply(seq: number, batch: SpanBatch): Promise<void> {
    return this.submit(batch, seq).then(
      () => this.log.applied(seq),
      (error: unknown) => {
        if (this.failed.length === 0)
          this.logLine(
            `spanscope: acknowledged exports could not be stored yet (${(error as Error).message}); retrying`,
          );
        this.failed.push({ seq, batch });
        this.onApplyError(error);
        this.retryTimer ??= setTimeout(() => this.retry(), RETRY_MS).unref();
      },
    );
  }

  private retry(): void {
    this.retryTimer = null;
    if (this.closed) return;
    for (const { seq, batch } of this.failed.splice(0)) void this.apply(seq, batch);
  }
}
