/**
 * Retention (`--retention 7d`, `--max-size 10GB`): a pass every interval on the database worker
 * deletes, oldest first and never a pinned trace, the traces ingested before the age limit, then,
 * while the database is over the size limit, the oldest traces whatever their age, down to 90% of
 * the limit (so that it does not run again at the next commit). Deletes go in small batches
 * (delete-traces.ts), each in a transaction of its own on the store's maintenance connection, and
 * after each batch a pause as long as it took: commits and reads go on meanwhile, and on a loaded
 * machine ingest keeps at least half of the database's time (acknowledgements stay quick). A pass that deleted
 * something ends with a checkpoint, which turns emptied row groups into free blocks (store-size.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RetentionPass, RetentionPolicy } from '../types.ts';
import { ANY_SEQ, deleteOldestTraces } from './delete-traces.ts';
import { IngestMarks } from './ingest-marks.ts';
import type { StoreSize } from './store-size.ts';

/** The interval is a tenth of the age limit, within these bounds (1 min without an age limit). */
const MIN_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 60_000;
/** Rounds of delete + checkpoint + measure at most per pass for the size limit. */
const SIZE_ROUNDS = 8;
/** The size limit deletes down to this share of it. */
const SIZE_TARGET = 0.9;

export function retentionIntervalMs(policy: RetentionPolicy): number {
  if (policy.maxAgeMs === undefined) return MAX_INTERVAL_MS;
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.floor(policy.maxAgeMs / 10)));
}

/** What retention needs of the store. */
export interface RetentionHost {
  /** The maintenance connection (used only inside `exclusive`). */
  readonly conn: DuckDBConnection;
  /** Runs `fn` alone among pins and retention batches. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The seq the next stored row will get. */
  nextSeq(): bigint;
  spanCount(): number;
  /** Spans deleted (the store's span count goes down). */
  deleted(spans: number): void;
  checkpoint(): Promise<void>;
  size(): Promise<StoreSize>;
  now(): number;
}

/** What a pass deleted so far. */
interface Tally {
  traces: number;
  spans: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Retention {
  readonly intervalMs: number;
  lastPass: RetentionPass | null = null;
  private readonly marks: IngestMarks;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionPass> | null = null;
  private closed = false;

  constructor(
    private readonly host: RetentionHost,
    readonly policy: RetentionPolicy,
  ) {
    this.intervalMs = retentionIntervalMs(policy);
    this.marks = new IngestMarks(host.conn);
  }

  /** Marks what is stored now (rows of earlier runs count as stored at this start) and starts the timer. */
  async start(): Promise<void> {
    await this.host.exclusive(() => this.marks.mark(this.host.nextSeq(), this.host.now()));
    this.timer = setInterval(
      () =>
        void this.pass().then((p) => {
          // Tried again at the next interval; /api/status shows it too.
          if (p.error) process.stderr.write(`spanscope: retention pass failed: ${p.error}\n`);
        }),
      this.intervalMs,
    );
    this.timer.unref();
  }

  /** One pass (or the one running); the outcome is also kept as `lastPass`. */
  pass(): Promise<RetentionPass> {
    this.running ??= this.runPass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runPass(): Promise<RetentionPass> {
    const started = this.host.now();
    const total: Tally = { traces: 0, spans: 0 };
    const reasons: string[] = [];
    let error: string | undefined;
    try {
      await this.host.exclusive(() => this.marks.mark(this.host.nextSeq(), started));
      const { maxAgeMs, maxBytes } = this.policy;
      if (maxAgeMs !== undefined) {
        const below = await this.host.exclusive(() => this.marks.storedBefore(started - maxAgeMs));
        if (below !== null && (await this.deleteBelow(below, Number.POSITIVE_INFINITY, total)) > 0)
          reasons.push('age');
      }
      if (total.spans > 0) await this.host.checkpoint();
      if (maxBytes !== undefined && (await this.trimToSize(maxBytes, total)) > 0) reasons.push('size');
    } catch (e) {
      error = (e as Error).message;
    }
    this.lastPass = {
      atMs: this.host.now(),
      deletedTraces: total.traces,
      deletedSpans: total.spans,
      durationMs: this.host.now() - started,
      reason: reasons.length === 0 ? 'none' : (reasons.join('+') as RetentionPass['reason']),
      ...(error ? { error } : {}),
    };
    return this.lastPass;
  }

  /** Deletes batches below `below` until `maxSpans` spans went or none is left; the spans deleted. */
  private async deleteBelow(below: bigint, maxSpans: number, total: Tally): Promise<number> {
    let spans = 0;
    while (!this.closed && spans < maxSpans) {
      const started = performance.now();
      const batch = await this.host.exclusive(() => deleteOldestTraces(this.host.conn, below));
      if (batch.traces === 0) break;
      spans += batch.spans;
      total.traces += batch.traces;
      total.spans += batch.spans;
      this.host.deleted(batch.spans);
      // As long again without deleting: retention takes at most half of the database's time.
      await sleep(performance.now() - started);
    }
    return spans;
  }

  /**
   * While over `maxBytes`: deletes the spans that should bring it to the target, then measures again.
   * Measured after a checkpoint only: the WAL holds rows uncompressed (1M spans: ~77 MB of WAL that
   * became ~25 MB of blocks), and deleted rows free their blocks only at a checkpoint.
   */
  private async trimToSize(maxBytes: number, total: Tally): Promise<number> {
    let deleted = 0;
    for (let round = 0; round < SIZE_ROUNDS && !this.closed; round++) {
      if ((await this.host.size()).usedBytes <= maxBytes) break;
      await this.host.checkpoint();
      const { usedBytes } = await this.host.size();
      const spans = this.host.spanCount();
      if (usedBytes <= maxBytes || spans === 0) break;
      const bytesPerSpan = usedBytes / spans;
      const excess = Math.ceil((usedBytes - maxBytes * SIZE_TARGET) / bytesPerSpan);
      const n = await this.deleteBelow(ANY_SEQ, excess, total);
      deleted += n;
      if (n === 0) break;
    }
    if (deleted > 0) await this.host.checkpoint();
    return deleted;
  }

  /** Stops the timer and waits for a running pass (which stops after its current batch). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
