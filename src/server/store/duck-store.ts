/**
 * The embedded store itself: DuckDB plus the ingest pipeline, pins and retention over the read
 * answers (read/store-reads.ts), as a plain in-process TraceStore. The server runs it inside a
 * worker thread (store-worker.ts), so nothing here ever blocks the HTTP event loop; tests use it
 * directly. It owns the database's connections and their order of use (ingest lanes, reads, pins
 * and retention, checkpoints); the work itself lives in ingest/, import/, read/, search/ and schema/.
 */

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { canonicalTraceId } from '../../core/model/ids.ts';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from '../../core/model/span-limits.ts';
import { ImportDecoder } from './import/import-decoder.ts';
import { ImportTally } from './import/import-tally.ts';
import { LocalImportSession } from './import/local-import.ts';
import { type AckTimeline, stamp } from './ingest/ack-timeline.ts';
import type { PreparedBatch } from './ingest/batch-columns.ts';
import { BatchWriter, type GroupExtras } from './ingest/batch-writer.ts';
import { Checkpointer, DUCKDB_CHECKPOINT_THRESHOLD } from './ingest/checkpointer.ts';
import { IngestQueue, type Line } from './ingest/ingest-queue.ts';
import { LoggedExports } from './ingest/logged-exports.ts';
import { InputPreparer, type PreparedExport } from './ingest/prepare-input.ts';
import { readResumeState } from './ingest/resume-state.ts';
import { type BatchContext, finishBatch, type SpanBatch } from './ingest/span-batch.ts';
import { isUrgentExport } from './ingest/urgent-first.ts';
import { listPins, pinOf, pinTrace, unpinTrace } from './pins/pins.ts';
import { ReadPool } from './read/read-pool.ts';
import { StoreReads } from './read/store-reads.ts';
import { IngestRate } from './retention/ingest-rate.ts';
import { Retention } from './retention/retention.ts';
import { storeSize } from './retention/store-size.ts';
import { readStatus } from './retention/store-status.ts';
import { openCurrentSchema } from './schema/open-database.ts';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema/schema.ts';
import {
  DB_FILE,
  DEFAULT_DATA_DIR,
  type LoggedRequest,
  logLineTo,
  type StoreOptions,
} from './store-options.ts';
import type {
  ImportOptions,
  ImportSession,
  IngestResult,
  OtlpEncoding,
  PinInfo,
  PinRequest,
  RetentionPass,
  RetentionPolicy,
  StoreStatus,
  TraceStore,
} from './types.ts';

export class DuckStore extends StoreReads implements TraceStore {
  private readonly queue: IngestQueue;
  private readonly preparer: InputPreparer;
  private committedSpans: number;
  private closed = false;
  private readonly rate: IngestRate;
  private retention: Retention | null = null;
  /** Small exports acknowledged from the ack log (on disk only). */
  private logged: LoggedExports | null = null;
  /** Pins and retention batches run one after another (see pins/pins.ts). */
  private exclusiveTail: Promise<unknown> = Promise.resolve();

  private readonly writer: BatchWriter;

  private constructor(
    private readonly instance: DuckDBInstance,
    writeConns: Readonly<Record<Line, readonly DuckDBConnection[]>>,
    nextSeq: bigint,
    reads: ReadPool,
    private readonly ctx: BatchContext,
    private readonly checkpointer: Checkpointer | null,
    spanCount: number,
    maxGroupSpans: number,
    /** Pins and retention write through it (inside `exclusive`). */
    private readonly maintenance: DuckDBConnection,
    /** null in memory. */
    private readonly dbFile: string | null,
    private readonly now: () => number,
    spanLimits: SpanLimits | undefined,
  ) {
    super(reads, ctx.tags);
    this.preparer = new InputPreparer(spanLimits);
    this.committedSpans = spanCount;
    this.rate = new IngestRate(now);
    this.writer = new BatchWriter(writeConns, nextSeq, {
      takeExtras: () => this.takeExtras(),
      restoreExtras: (extras) => this.restoreExtras(extras),
      committed: (batches) => this.committed(batches),
    });
    this.queue = new IngestQueue(this.writer, maxGroupSpans);
  }

  static async open(options: StoreOptions = {}): Promise<DuckStore> {
    let path = ':memory:';
    const dir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
    if (!options.memory) {
      mkdirSync(dir, { recursive: true });
      path = join(dir, DB_FILE);
    }
    const instance = await openCurrentSchema(path, options);
    try {
      const conn = await instance.connect();
      for (const sql of SCHEMA_SQL) await conn.run(sql);
      await conn.run(`INSERT INTO meta VALUES ('schema', '${SCHEMA_VERSION}') ON CONFLICT DO NOTHING`);
      const { ctx, nextSeq, spanCount } = await readResumeState(conn, options.tagLimits);
      const reads = await ReadPool.open(instance, 2);
      let checkpointer: Checkpointer | null = null;
      if (!options.memory) {
        await conn.run(`SET checkpoint_threshold = '${DUCKDB_CHECKPOINT_THRESHOLD}'`);
        checkpointer = new Checkpointer(
          await instance.connect(),
          options.checkpoint,
          (error) => {
            process.stderr.write(`spanscope: store checkpoint failed: ${(error as Error).message}\n`);
            options.onCheckpointError?.(error);
          },
          // Called once commits ran: the store exists by then.
          () => store.logged?.pruneSql() ?? null,
        );
      }
      // Two write connections per line (ingest-queue.ts): one group appends while the previous one
      // commits, for big exports and imports, and for small exports (so that a store fed only small
      // exports keeps that overlap).
      const store = new DuckStore(
        instance,
        {
          bulk: [conn, await instance.connect()],
          urgent: [await instance.connect(), await instance.connect()],
        },
        nextSeq,
        reads,
        ctx,
        checkpointer,
        spanCount,
        options.maxGroupSpans ?? 50_000,
        await instance.connect(),
        options.memory ? null : path,
        options.now ?? Date.now,
        options.spanLimits,
      );
      if (!options.memory) await store.openAckLog(dir, conn, options);
      if (options.retention) await store.startRetention(options.retention);
      return store;
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  get overloaded(): boolean {
    return false;
  }

  /** Opens the ack log, replaying what it holds that DuckDB does not (ingest/logged-exports.ts). */
  private async openAckLog(dir: string, conn: DuckDBConnection, options: StoreOptions): Promise<void> {
    const hold = options.testHoldLoggedApplies;
    this.logged = await LoggedExports.open(
      dir,
      conn,
      options.spanLimits ?? DEFAULT_SPAN_LIMITS,
      (b) => finishBatch(b, this.ctx),
      (batch, seq) => (hold ? new Promise(() => {}) : this.queue.submit(batch, undefined, true, seq)),
      logLineTo(options),
      (error) => options.onCheckpointError?.(error),
    );
  }

  /** Resolves once every export acknowledged so far is committed: reads wait for it (read-after-ack). */
  async acknowledgedApplied(): Promise<void> {
    await this.logged?.settled();
  }

  private async startRetention(policy: RetentionPolicy): Promise<void> {
    this.retention = new Retention(
      {
        conn: this.maintenance,
        exclusive: (fn) => this.exclusive(fn),
        nextSeq: () => this.writer.upcomingSeq,
        spanCount: () => this.committedSpans,
        deleted: (spans) => {
          this.committedSpans -= spans;
        },
        checkpoint: () =>
          this.checkpointer
            ? this.checkpointer.checkpointNow()
            : this.maintenance.run('CHECKPOINT').then(() => {}),
        size: () => this.reads.use((c) => storeSize(c, this.dbFile)),
        now: this.now,
      },
      policy,
    );
    await this.retention.start();
  }

  /** Runs a retention pass now (tests; the store runs them on its own at the interval); null without retention. */
  retentionPass(): Promise<RetentionPass> | null {
    return this.retention?.pass() ?? null;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(fn);
    this.exclusiveTail = run.catch(() => undefined);
    return run;
  }

  /** Spans received and not yet committed. */
  get pendingSpans(): number {
    return this.queue.pendingSpans;
  }

  /** Decodes and prepares inline; the server does this in its decode worker (see ingestPrepared). */
  async ingestOtlp(body: Uint8Array, encoding: OtlpEncoding): Promise<IngestResult> {
    const urgent = isUrgentExport(body.byteLength);
    return this.ingestPrepared(this.preparer.prepareExport(body, encoding), undefined, urgent);
  }

  /** Decodes and prepares inline; the server does this in its decode worker (see importBatches). */
  beginImport(options: ImportOptions = {}): ImportSession {
    return new LocalImportSession(new ImportDecoder(this.preparer, options), this.importTally());
  }

  /**
   * Stores an export prepared elsewhere; resolves once its spans are committed. `urgent`: a small
   * export (urgent-first.ts), committed before the bulk groups waiting. With its `request`, on disk,
   * it resolves once the request is in the ack log instead, and is committed after (reads wait for
   * that: acknowledgedApplied).
   */
  async ingestPrepared(
    p: PreparedExport,
    timeline?: AckTimeline,
    urgent = false,
    request?: LoggedRequest,
  ): Promise<IngestResult> {
    if (!p.ok) return { ok: false, reason: 'undecodable', errorMessage: p.errorMessage };
    const single = urgent && p.batches.length === 1;
    if (single && request && this.logged?.hasRoom) {
      if (this.closed) throw new Error('the store is closed');
      const batch = p.batches[0];
      await this.logged.acknowledge(request.encoding, request.body, () => finishBatch(batch, this.ctx));
      stamp(timeline, 'logged');
    } else await this.store(p.batches, timeline, single);
    return {
      ok: true,
      acceptedSpans: p.acceptedSpans,
      rejectedSpans: p.rejectedSpans,
      errorMessage: p.errorMessage,
    };
  }

  /** The storing side of a streamed import whose batches are prepared elsewhere (the decode worker). */
  importTally(): ImportTally {
    return new ImportTally((batches) => this.store(batches));
  }

  private async store(
    batches: readonly PreparedBatch[],
    timeline?: AckTimeline,
    urgent = false,
  ): Promise<void> {
    if (this.closed) throw new Error('the store is closed');
    await Promise.all(batches.map((b) => this.queue.submit(finishBatch(b, this.ctx), timeline, urgent)));
  }

  private takeExtras(): GroupExtras {
    return {
      resources: this.ctx.resources.takeUnwritten(),
      scopes: this.ctx.scopes.takeUnwritten(),
      tags: this.ctx.tags.takeUnwritten(),
    };
  }

  private restoreExtras(extras: GroupExtras): void {
    this.ctx.resources.restoreUnwritten(extras.resources);
    this.ctx.scopes.restoreUnwritten(extras.scopes);
    this.ctx.tags.restoreUnwritten(extras.tags);
  }

  private committed(batches: readonly SpanBatch[]): void {
    let bytes = 0;
    let spans = 0;
    for (const b of batches) {
      spans += b.count;
      bytes += b.bytes;
    }
    this.committedSpans += spans;
    this.rate.add(spans);
    this.checkpointer?.committed(bytes);
  }

  /** Not once the store is closing (read/store-reads.ts). */
  override readTraceAhead(traceId: string): void {
    if (!this.closed) super.readTraceAhead(traceId);
  }

  async spanCount(): Promise<number> {
    return this.committedSpans;
  }

  async pin(request: PinRequest): Promise<PinInfo | null> {
    const traceId = canonicalTraceId(request.traceId);
    if (traceId === null) return null;
    return this.exclusive(() => pinTrace(this.maintenance, this.reads, { ...request, traceId }, this.now()));
  }

  async unpin(traceId: string): Promise<boolean> {
    const id = canonicalTraceId(traceId);
    return id !== null && this.exclusive(() => unpinTrace(this.maintenance, id));
  }

  pins(): Promise<PinInfo[]> {
    return listPins(this.reads);
  }

  async pinOf(traceId: string): Promise<PinInfo | null> {
    const id = canonicalTraceId(traceId);
    return id === null ? null : pinOf(this.reads, id);
  }

  status(): Promise<StoreStatus> {
    const r = this.retention;
    return readStatus(this.reads, this.dbFile, {
      spanCount: this.committedSpans,
      ingestSpansPerSecond: this.rate.perSecond(),
      retention: {
        ...(r?.policy ?? {}),
        intervalMs: r?.intervalMs ?? null,
        lastPass: r?.lastPass ?? null,
      },
    });
  }

  /** Commits what is queued, then closes the database (DuckDB checkpoints on close). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelReadsAhead();
    await this.retention?.close();
    await this.queue.drain();
    this.logged?.close();
    await this.checkpointer?.close();
    this.writer.close();
    this.maintenance.closeSync();
    this.reads.close();
    this.instance.closeSync();
  }
}
