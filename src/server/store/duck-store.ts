/**
 * The embedded store itself: DuckDB plus the ingest pipeline and the read answers, as a plain
 * in-process TraceStore. The server runs it inside a worker thread (store-worker.ts), so nothing
 * here ever blocks the HTTP event loop; tests use it directly. Over 400 lines on purpose: it is the
 * one place that owns the database's connections and their order of use (ingest lanes, reads, pins
 * and retention, checkpoints); the work itself lives in ingest/, import/, read/, search/ and schema/.
 */

import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { AttributeKeys } from '../../core/analysis/attribute-values.ts';
import type {
  TempoSearchResponse,
  TempoTagsResponse,
  TempoTagValuesResponse,
} from '../../core/api/tempo-search.ts';
import { canonicalTraceId } from '../../core/model/ids.ts';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from '../../core/model/span-limits.ts';
import { compileQuery } from '../../core/query/compile.ts';
import { ImportDecoder } from './import/import-decoder.ts';
import { ImportTally } from './import/import-tally.ts';
import { LocalImportSession } from './import/local-import.ts';
import { type AckTimeline, stamp } from './ingest/ack-timeline.ts';
import type { PreparedBatch } from './ingest/batch-columns.ts';
import { BatchWriter, type GroupExtras } from './ingest/batch-writer.ts';
import { BlobRegistry } from './ingest/blob-registry.ts';
import { Checkpointer, type CheckpointPolicy, DUCKDB_CHECKPOINT_THRESHOLD } from './ingest/checkpointer.ts';
import { IngestQueue, type Line } from './ingest/ingest-queue.ts';
import { LoggedExports } from './ingest/logged-exports.ts';
import { InputPreparer, type PreparedExport } from './ingest/prepare-input.ts';
import {
  type BatchContext,
  finishBatch,
  type ResourceExtra,
  type ScopeExtra,
  type SpanBatch,
} from './ingest/span-batch.ts';
import { isUrgentExport } from './ingest/urgent-first.ts';
import { listPins, pinOf, pinTrace, unpinTrace } from './pins/pins.ts';
import { ColumnarReader } from './read/columnar-reader.ts';
import { ReadPool } from './read/read-pool.ts';
import { tempoTraceJson } from './read/tempo-trace.ts';
import { TraceReader } from './read/trace-reader.ts';
import { IngestRate } from './retention/ingest-rate.ts';
import { Retention } from './retention/retention.ts';
import { storeSize } from './retention/store-size.ts';
import { readStatus } from './retention/store-status.ts';
import { migrateV1 } from './schema/migrate-v1.ts';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema/schema.ts';
import { refuseNewerSchema, storedSchemaVersion } from './schema/schema-version.ts';
import { TagCatalog, type TagLimits, type TagRow } from './schema/tag-catalog.ts';
import { recentTraces } from './search/recent-traces.ts';
import { tagsAnswer, tagValuesAnswer } from './search/tag-answers.ts';
import { contextFilter } from './search/traceql/partial-filter.ts';
import { queryMatches } from './search/traceql/query-matches.ts';
import { tagsInQuery, tagValuesInQuery } from './search/traceql/query-tags.ts';
import { traceqlSearch } from './search/traceql/traceql-search.ts';
import type {
  AttributeValues,
  ColumnarEncoding,
  DetailMatches,
  ImportOptions,
  ImportSession,
  IngestResult,
  OtlpEncoding,
  PinInfo,
  PinRequest,
  RetentionPass,
  RetentionPolicy,
  SearchParams,
  StoreStatus,
  TraceEncoding,
  TraceStore,
} from './types.ts';

export const DEFAULT_DATA_DIR = './.spanscope/data';
export const DB_FILE = 'spanscope.duckdb';

type BlobRow = { id: number; json: string };

export const DEFAULT_DB_THREADS = 1;

export interface StoreOptions {
  /** Directory of the database (created if missing); default ./.spanscope/data. */
  readonly dataDir?: string;
  /** Keep everything in memory (nothing survives the process). */
  readonly memory?: boolean;
  /**
   * DuckDB threads; default 1. On the 2-core machine this was tuned on, the decode and database
   * workers already keep both cores busy during ingest; a second DuckDB thread added ~15% CPU per
   * ingested span (scheduling and idle polling) and took ingest throughput down, for queries up to
   * ~2× faster on a quiet store (find in a 1M-span trace's details: 2.4 s instead of 3.2–4.4 s).
   */
  readonly threads?: number;
  /** Spans above which a commit group is cut (default 50,000). */
  readonly maxGroupSpans?: number;
  readonly tagLimits?: TagLimits;
  /** When to checkpoint (on disk only). */
  readonly checkpoint?: CheckpointPolicy;
  /** Deletes old traces in the background (never pinned ones); none: keeps everything. */
  readonly retention?: RetentionPolicy;
  /** The clock of pins, retention and the ingest rate (tests); default Date.now. */
  readonly now?: () => number;
  /** What one span may hold (`--max-attribute-bytes`): more is cut or dropped and counted at ingest. */
  readonly spanLimits?: SpanLimits;
  /**
   * Told (after the log line) when a background checkpoint, or the commit of exports acknowledged
   * from the ack log, failed: the database may be invalidated.
   */
  readonly onCheckpointError?: (error: unknown) => void;
  /** Where the lines of a schema migration go (one line each); default stderr. */
  readonly log?: (line: string) => void;
  /** Spans per transaction of a schema migration (tests); see schema/migrate-v1.ts. */
  readonly migrationChunkSpans?: number;
  /** Tests: small exports acknowledged from the ack log are never applied (killed before they are). */
  readonly testHoldLoggedApplies?: boolean;
}

/** An urgent export's request as received, for the ack log (ingest/logged-exports.ts). */
export interface LoggedRequest {
  readonly body: Uint8Array;
  readonly encoding: OtlpEncoding;
}

async function one(conn: DuckDBConnection, sql: string): Promise<unknown> {
  return (await conn.runAndReadAll(sql)).getRows()[0]?.[0] ?? null;
}

async function rows<T>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as unknown as T[];
}

export class DuckStore implements TraceStore {
  private readonly queue: IngestQueue;
  private readonly reader: TraceReader;
  private readonly columnar: ColumnarReader;
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
    private readonly reads: ReadPool,
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
    this.preparer = new InputPreparer(spanLimits);
    this.committedSpans = spanCount;
    this.rate = new IngestRate(now);
    this.reader = new TraceReader(reads);
    this.columnar = new ColumnarReader(reads);
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
      const ctx: BatchContext = {
        resources: new BlobRegistry<ResourceExtra>(
          Number(await one(conn, 'SELECT coalesce(max(id) + 1, 0) FROM resources')),
        ),
        scopes: new BlobRegistry<ScopeExtra>(
          Number(await one(conn, 'SELECT coalesce(max(id) + 1, 0) FROM scopes')),
        ),
        tags: new TagCatalog(options.tagLimits),
      };
      const recent = 'ORDER BY id DESC LIMIT 50000';
      ctx.resources.load(await rows<BlobRow>(conn, `SELECT id, json FROM resources ${recent}`));
      ctx.scopes.load(await rows<BlobRow>(conn, `SELECT id, json FROM scopes ${recent}`));
      ctx.tags.load(await rows<TagRow>(conn, 'SELECT scope, key, type, value FROM tag_values'));
      const nextSeq = BigInt((await one(conn, 'SELECT coalesce(max(seq) + 1, 0) FROM spans')) as bigint);
      const spanCount = Number(await one(conn, 'SELECT count(*) FROM spans'));
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
      options.log ?? ((line) => process.stderr.write(`${line}\n`)),
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

  async getTrace(traceId: string, encoding: TraceEncoding): Promise<Uint8Array | null> {
    const id = canonicalTraceId(traceId);
    if (id === null) return null;
    if (encoding === 'columnar' || encoding === 'columnar-deferred')
      return this.columnar.trace(id, encoding === 'columnar' ? 'inline' : 'deferred');
    const range = await this.reader.range(id);
    if (!range) return null;
    return tempoTraceJson(this.reader, range, encoding);
  }

  async streamTrace(
    traceId: string,
    encoding: ColumnarEncoding,
    send: (piece: Uint8Array) => void,
    signal: AbortSignal,
  ): Promise<boolean> {
    const id = canonicalTraceId(traceId);
    if (id === null) return false;
    return this.columnar.stream(id, encoding === 'columnar' ? 'inline' : 'deferred', send, signal);
  }

  readTraceAhead(traceId: string): void {
    const id = canonicalTraceId(traceId);
    if (id !== null && !this.closed) this.columnar.readAhead(id, 'deferred');
  }

  async getSpanDetails(traceId: string, fromKey: bigint, toKey: bigint): Promise<Uint8Array | null> {
    const id = canonicalTraceId(traceId);
    return id === null ? null : this.columnar.details(id, fromKey, toKey);
  }

  async findInDetails(traceId: string, text: string): Promise<DetailMatches | null> {
    const id = canonicalTraceId(traceId);
    return id === null ? null : this.columnar.findInDetails(id, text);
  }

  async attributeValues(traceId: string, key: string): Promise<AttributeValues | null> {
    const id = canonicalTraceId(traceId);
    return id === null ? null : this.columnar.attributeValues(id, key);
  }

  async attributeKeys(traceId: string): Promise<AttributeKeys | null> {
    const id = canonicalTraceId(traceId);
    return id === null ? null : this.columnar.attributeKeys(id);
  }

  /** Throws a TraceQLError for a query that does not compile (the HTTP layer checks first). */
  async search(params: SearchParams): Promise<TempoSearchResponse> {
    const q = params.q?.trim() ?? '';
    if (q === '' || /^\{\s*\}$/.test(q)) return recentTraces(this.reads, params);
    return traceqlSearch({ pool: this.reads, reader: this.reader }, compileQuery(q), params);
  }

  /** The catalog's keys, or with `q` those of the spans its filter matches (query-tags.ts). */
  async tags(scope?: string, q?: string): Promise<TempoTagsResponse> {
    const filter = q ? contextFilter(q) : null;
    return filter ? tagsInQuery(this.reads, this.ctx.tags, filter, scope) : tagsAnswer(this.ctx.tags, scope);
  }

  async tagValues(tag: string, q?: string): Promise<TempoTagValuesResponse> {
    const filter = q ? contextFilter(q) : null;
    return filter
      ? tagValuesInQuery(this.reads, this.ctx.tags, this.ctx.tags.limits, filter, tag)
      : tagValuesAnswer(this.ctx.tags, tag);
  }

  async findByQuery(traceId: string, q: string): Promise<DetailMatches | null> {
    const id = canonicalTraceId(traceId);
    const query = compileQuery(q);
    return id === null ? null : queryMatches(this.reads, this.reader, query, id);
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
    this.columnar.cancelReadsAhead();
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

function openInstance(path: string, options: StoreOptions): Promise<DuckDBInstance> {
  return DuckDBInstance.create(path, { threads: String(options.threads ?? DEFAULT_DB_THREADS) }).catch(
    (err: Error) => {
      throw dataDirectoryInUse(err, path) ?? err;
    },
  );
}

/**
 * The database at `path`, migrated first when it is schema 1 (schema/migrate-v1.ts); one of a newer
 * schema is refused with a message naming both versions.
 */
async function openCurrentSchema(path: string, options: StoreOptions): Promise<DuckDBInstance> {
  const instance = await openInstance(path, options);
  let version: number | null;
  try {
    const conn = await instance.connect();
    version = await storedSchemaVersion(conn, path);
    refuseNewerSchema(version, path);
    // No WAL may be left to replay onto the migrated file.
    if (version === 1) await conn.run('CHECKPOINT');
    conn.closeSync();
  } catch (error) {
    instance.closeSync();
    throw error;
  }
  if (version !== 1) return instance;
  instance.closeSync();
  await migrateV1(path, {
    threads: options.threads ?? DEFAULT_DB_THREADS,
    chunkSpans: options.migrationChunkSpans,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  });
  return openInstance(path, options);
}

/**
 * DuckDB's lock error, said for the user: another process (a second `spanscope serve`) has the
 * data directory open; DuckDB names its PID.
 */
function dataDirectoryInUse(err: Error, path: string): Error | null {
  if (!/Could not set lock on file/.test(err.message)) return null;
  const pid = /PID (\d+)/.exec(err.message)?.[1];
  return new Error(
    `the data directory ${dirname(path)} is in use by another process${pid ? ` (PID ${pid})` : ''}; ` +
      'stop it, or give this server another --data directory',
  );
}
