/**
 * Writes one commit group: every span row, the new resource/scope/tag rows, and the trace parts,
 * in one transaction on the write connection. Appends are synchronous in DuckDB, so spans go in
 * chunks of at most one vector (2,048 rows, span-append.ts), yielding to the event loop between
 * chunks so that reads keep being dispatched during a large import.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { BlobRow } from './blob-registry.ts';
import { CHUNK_ROWS, SpanAppender } from './span-append.ts';
import type { ResourceExtra, ScopeExtra, SpanBatch } from './span-batch.ts';
import type { TagRow } from './tag-catalog.ts';
import { GroupRollup } from './trace-rollup.ts';

/** The rows that ride along with the spans of a group. */
export interface GroupExtras {
  readonly resources: readonly BlobRow<ResourceExtra>[];
  readonly scopes: readonly BlobRow<ScopeExtra>[];
  readonly tags: readonly TagRow[];
}

const TABLES = ['spans', 'resources', 'scopes', 'tag_values', 'trace_parts', 'trace_service_parts'] as const;
type Appenders = Record<(typeof TABLES)[number], DuckDBAppender>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function nullableBigInt(a: DuckDBAppender, v: bigint | null, signed: boolean): void {
  if (v === null) a.appendNull();
  else if (signed) a.appendBigInt(v);
  else a.appendUBigInt(v);
}

export class BatchWriter {
  private appenders: Appenders | null = null;
  private spans: SpanAppender | null = null;

  constructor(
    private readonly conn: DuckDBConnection,
    /** The seq of the next row. */
    private nextSeq: bigint,
  ) {}

  private async open(): Promise<Appenders> {
    if (this.appenders) return this.appenders;
    const entries = await Promise.all(
      TABLES.map(async (t) => [t, await this.conn.createAppender(t)] as const),
    );
    this.appenders = Object.fromEntries(entries) as Appenders;
    this.spans = new SpanAppender(this.appenders.spans);
    return this.appenders;
  }

  /** Writes and commits the group; on failure nothing of it is stored and the error is thrown. */
  async write(batches: readonly SpanBatch[], extras: GroupExtras): Promise<void> {
    const appenders = await this.open();
    await this.conn.run('BEGIN TRANSACTION');
    const firstSeq = this.nextSeq;
    try {
      const rollup = await this.appendSpans(this.spans as SpanAppender, batches);
      this.appendExtras(appenders, extras);
      this.appendRollup(appenders, rollup);
      for (const a of Object.values(appenders)) a.flushSync();
      await this.conn.run('COMMIT');
    } catch (error) {
      this.nextSeq = firstSeq;
      await this.discard();
      throw error;
    }
  }

  /** After a failure: roll back and drop the appenders, whose buffers may still hold rows. */
  private async discard(): Promise<void> {
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
        spans.append(batch, from, to, Number(firstSeq) + from);
      }
    }
    return rollup;
  }

  private appendExtras(a: Appenders, extras: GroupExtras): void {
    for (const r of extras.resources) {
      a.resources.appendUInteger(r.id);
      a.resources.appendVarchar(r.extra.service);
      a.resources.appendVarchar(r.extra.attrs);
      a.resources.appendVarchar(r.json);
      a.resources.endRow();
    }
    for (const r of extras.scopes) {
      a.scopes.appendUInteger(r.id);
      a.scopes.appendVarchar(r.extra.name);
      a.scopes.appendVarchar(r.extra.version);
      a.scopes.appendVarchar(r.json);
      a.scopes.endRow();
    }
    for (const t of extras.tags) {
      a.tag_values.appendVarchar(t.scope);
      a.tag_values.appendVarchar(t.key);
      if (t.type === null) a.tag_values.appendNull();
      else a.tag_values.appendVarchar(t.type);
      if (t.value === null) a.tag_values.appendNull();
      else a.tag_values.appendVarchar(t.value);
      a.tag_values.endRow();
    }
  }

  private appendRollup(a: Appenders, rollup: GroupRollup): void {
    const t = a.trace_parts;
    const s = a.trace_service_parts;
    for (const r of rollup.traces.values()) {
      t.appendVarchar(r.traceId);
      nullableBigInt(t, r.startNs, false);
      nullableBigInt(t, r.endNs, false);
      t.appendBigInt(r.seqMin);
      t.appendBigInt(r.seqMax);
      t.appendBigInt(BigInt(r.spanCount));
      t.appendBigInt(BigInt(r.errorCount));
      if (r.rootService === null) t.appendNull();
      else t.appendVarchar(r.rootService);
      if (r.rootName === null) t.appendNull();
      else t.appendVarchar(r.rootName);
      nullableBigInt(t, r.rootStartNs, false);
      t.endRow();
      for (const [service, c] of r.services) {
        s.appendVarchar(r.traceId);
        s.appendVarchar(service);
        s.appendBigInt(BigInt(c.spanCount));
        s.appendBigInt(BigInt(c.errorCount));
        s.endRow();
      }
    }
  }
}
