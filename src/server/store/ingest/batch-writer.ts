/**
 * Writes commit groups through transaction lanes, each a write connection with its appenders, in two
 * lines: bulk groups and urgent ones (small exports), so that an urgent group never waits for a bulk
 * one to free its lane. Each line has two lanes, so that one group is appended while the previous
 * one commits (ingest-queue.ts orders the commits).
 * Appending puts every span row and the group's trace parts into the lane's transaction, in chunks
 * of at most one vector (2,048 rows, span-append.ts), yielding to the event loop between chunks so
 * that reads keep being dispatched during a large import. Committing adds the new resource, scope
 * and tag rows (taken at that moment, so rows whose commit failed go with the next one) and commits
 * (fsync'd WAL).
 *
 * Seqs are given out at append time; a group that fails leaves a gap, which nothing minds. The
 * ack-log seqs a group applies (logged-exports.ts) go into `ack_log_applied` in its transaction.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { traceIdNumber } from '../schema/binary-ids.ts';
import type { TagRow } from '../schema/tag-catalog.ts';
import type { BlobRow } from './blob-registry.ts';
import type { GroupWriter, Line, OpenGroup } from './ingest-queue.ts';
import { CHUNK_ROWS, SpanAppender } from './span-append.ts';
import type { ResourceExtra, ScopeExtra, SpanBatch } from './span-batch.ts';
import { timed, timedAsync } from './stage-clock.ts';
import { GroupRollup } from './trace-rollup.ts';

/** The rows that ride along with a commit. */
export interface GroupExtras {
  readonly resources: readonly BlobRow<ResourceExtra>[];
  readonly scopes: readonly BlobRow<ScopeExtra>[];
  readonly tags: readonly TagRow[];
}

/** What a commit needs from the store: the extras to write, told how the commit went. */
export interface CommitHooks {
  /** The rows to write with this commit. */
  takeExtras(): GroupExtras;
  /** The commit failed: the extras must go with a later one. */
  restoreExtras(extras: GroupExtras): void;
  /** The group is durable. */
  committed(batches: readonly SpanBatch[]): void;
}

const TABLES = [
  'spans',
  'resources',
  'scopes',
  'tag_values',
  'trace_parts',
  'trace_service_parts',
  'ack_log_applied',
] as const;
type Appenders = Record<(typeof TABLES)[number], DuckDBAppender>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function nullableBigInt(a: DuckDBAppender, v: bigint | null, signed: boolean): void {
  if (v === null) a.appendNull();
  else if (signed) a.appendBigInt(v);
  else a.appendUBigInt(v);
}

function nullableVarchar(a: DuckDBAppender, v: string | null): void {
  if (v === null) a.appendNull();
  else a.appendVarchar(v);
}

/** A `resources` row (id, service, attrs, json) or a `scopes` row (id, name, version, json). */
function blobRow(a: DuckDBAppender, id: number, first: string, second: string, json: string): void {
  a.appendUInteger(id);
  a.appendVarchar(first);
  a.appendVarchar(second);
  a.appendVarchar(json);
  a.endRow();
}

/** One write connection, its appenders, and at most one open transaction. */
class Lane {
  private appenders: Appenders | null = null;
  private spans: SpanAppender | null = null;

  constructor(
    readonly conn: DuckDBConnection,
    readonly line: Line,
  ) {}

  /** Begins a transaction (creating the appenders on first use). */
  async begin(): Promise<{ appenders: Appenders; spans: SpanAppender }> {
    if (!this.appenders || !this.spans) {
      const entries = await Promise.all(
        TABLES.map(async (t) => [t, await this.conn.createAppender(t)] as const),
      );
      this.appenders = Object.fromEntries(entries) as Appenders;
      this.spans = new SpanAppender(this.appenders.spans);
    }
    await this.conn.run('BEGIN TRANSACTION');
    return { appenders: this.appenders, spans: this.spans };
  }

  async commit(extras: GroupExtras): Promise<void> {
    const a = this.appenders as Appenders;
    appendExtras(a, extras);
    if (extras.resources.length > 0) a.resources.flushSync();
    if (extras.scopes.length > 0) a.scopes.flushSync();
    if (extras.tags.length > 0) a.tag_values.flushSync();
    await this.conn.run('COMMIT');
  }

  /** After a failure: roll back and drop the appenders, whose buffers may still hold rows. */
  async rollback(): Promise<void> {
    const appenders = this.appenders;
    this.appenders = null;
    this.spans = null;
    for (const a of Object.values(appenders ?? {})) {
      try {
        a.clear();
        a.closeSync();
      } catch {
        // The appender is unusable either way; the transaction rollback below is what matters.
      }
    }
    await this.conn.run('ROLLBACK').catch(() => undefined);
  }

  close(): void {
    for (const a of Object.values(this.appenders ?? {})) a.closeSync();
    this.appenders = null;
    this.spans = null;
    this.conn.closeSync();
  }
}

export class BatchWriter implements GroupWriter {
  private readonly free: Record<Line, Lane[]>;
  private readonly freed: Record<Line, (() => void)[]> = { bulk: [], urgent: [] };

  constructor(
    /** Write connections by line: each is a lane. */
    connections: Readonly<Record<Line, readonly DuckDBConnection[]>>,
    /** The seq of the next row. */
    private nextSeq: bigint,
    private readonly hooks: CommitHooks,
  ) {
    this.free = {
      bulk: connections.bulk.map((c) => new Lane(c, 'bulk')),
      urgent: connections.urgent.map((c) => new Lane(c, 'urgent')),
    };
  }

  /** The seq the next appended row gets. */
  get upcomingSeq(): bigint {
    return this.nextSeq;
  }

  async ready(line: Line): Promise<void> {
    while (this.free[line].length === 0) await new Promise<void>((resolve) => this.freed[line].push(resolve));
  }

  async append(
    batches: readonly SpanBatch[],
    line: Line,
    logSeqs: readonly number[] = [],
  ): Promise<OpenGroup> {
    const lane = this.free[line].pop();
    if (!lane) throw new Error('BatchWriter.append without a free lane (await ready() first)');
    try {
      const { appenders, spans } = await lane.begin();
      const rollup = await this.appendSpans(spans, batches);
      timed('append', () => {
        appendRollup(appenders, rollup);
        appenders.spans.flushSync();
        appenders.trace_parts.flushSync();
        appenders.trace_service_parts.flushSync();
        for (const seq of logSeqs) {
          appenders.ack_log_applied.appendUBigInt(BigInt(seq));
          appenders.ack_log_applied.endRow();
        }
        if (logSeqs.length > 0) appenders.ack_log_applied.flushSync();
      });
    } catch (error) {
      await lane.rollback();
      this.release(lane);
      throw error;
    }
    return { commit: () => this.commit(lane, batches) };
  }

  private async commit(lane: Lane, batches: readonly SpanBatch[]): Promise<void> {
    const extras = this.hooks.takeExtras();
    try {
      await timedAsync('commit', () => lane.commit(extras));
    } catch (error) {
      this.hooks.restoreExtras(extras);
      await lane.rollback();
      throw error;
    } finally {
      this.release(lane);
    }
    this.hooks.committed(batches);
  }

  private release(lane: Lane): void {
    this.free[lane.line].push(lane);
    this.freed[lane.line].shift()?.();
  }

  /** Closes the connections; call only when nothing is being written. */
  close(): void {
    for (const lane of [...this.free.bulk.splice(0), ...this.free.urgent.splice(0)]) lane.close();
  }

  private async appendSpans(spans: SpanAppender, batches: readonly SpanBatch[]): Promise<GroupRollup> {
    const rollup = new GroupRollup();
    let chunks = 0;
    for (const batch of batches) {
      const firstSeq = this.nextSeq;
      rollup.add(batch.totals, firstSeq);
      this.nextSeq += BigInt(batch.count);
      for (let from = 0; from < batch.count; from += CHUNK_ROWS) {
        const to = Math.min(batch.count, from + CHUNK_ROWS);
        if (chunks++ > 0) await yieldToEventLoop();
        timed('append', () => spans.append(batch, from, to, Number(firstSeq) + from));
      }
    }
    return rollup;
  }
}

function appendExtras(a: Appenders, extras: GroupExtras): void {
  for (const r of extras.resources) blobRow(a.resources, r.id, r.extra.service, r.extra.attrs, r.json);
  for (const r of extras.scopes) blobRow(a.scopes, r.id, r.extra.name, r.extra.version, r.json);
  for (const t of extras.tags) {
    a.tag_values.appendVarchar(t.scope);
    a.tag_values.appendVarchar(t.key);
    nullableVarchar(a.tag_values, t.type);
    nullableVarchar(a.tag_values, t.value);
    a.tag_values.endRow();
  }
}

function appendRollup(a: Appenders, rollup: GroupRollup): void {
  const t = a.trace_parts;
  const s = a.trace_service_parts;
  for (const r of rollup.traces.values()) {
    const traceId = traceIdNumber(r.traceId);
    t.appendUHugeInt(traceId);
    nullableBigInt(t, r.startNs, false);
    nullableBigInt(t, r.endNs, false);
    t.appendBigInt(r.seqMin);
    t.appendBigInt(r.seqMax);
    t.appendBigInt(BigInt(r.spanCount));
    t.appendBigInt(BigInt(r.errorCount));
    nullableVarchar(t, r.rootService);
    nullableVarchar(t, r.rootName);
    nullableBigInt(t, r.rootStartNs, false);
    t.endRow();
    for (const [service, c] of r.services) {
      s.appendUHugeInt(traceId);
      s.appendVarchar(service);
      s.appendBigInt(BigInt(c.spanCount));
      s.appendBigInt(BigInt(c.errorCount));
      s.endRow();
    }
  }
}
