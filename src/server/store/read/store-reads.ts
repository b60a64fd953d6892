/**
 * The store's read answers (trace by id, streamed or whole; details; find; attribute values and
 * keys; search; tags), over its read pool. DuckStore adds ingest and maintenance to them.
 */
import type { AttributeKeys } from '../../../core/analysis/attribute-values.ts';
import type {
  TempoSearchResponse,
  TempoTagsResponse,
  TempoTagValuesResponse,
} from '../../../core/api/tempo-search.ts';
import { canonicalTraceId } from '../../../core/model/ids.ts';
import { compileQuery } from '../../../core/query/compile.ts';
import type { TagCatalog } from '../schema/tag-catalog.ts';
import { recentTraces } from '../search/recent-traces.ts';
import { tagsAnswer, tagValuesAnswer } from '../search/tag-answers.ts';
import { contextFilter } from '../search/traceql/partial-filter.ts';
import { queryMatches } from '../search/traceql/query-matches.ts';
import { tagsInQuery, tagValuesInQuery } from '../search/traceql/query-tags.ts';
import { traceqlSearch } from '../search/traceql/traceql-search.ts';
import type { AttributeValues, DetailMatches, PieceSink, SearchParams, TraceEncoding } from '../types.ts';
import { ColumnarReader } from './columnar-reader.ts';
import type { ReadPool } from './read-pool.ts';
import { streamTempoTrace, tempoTraceJson } from './tempo-trace.ts';
import { TraceReader } from './trace-reader.ts';

export class StoreReads {
  protected readonly reader: TraceReader;
  private readonly columnar: ColumnarReader;

  constructor(
    protected readonly reads: ReadPool,
    /** The tag catalog ingest keeps up to date. */
    private readonly catalog: TagCatalog,
  ) {
    this.reader = new TraceReader(reads);
    this.columnar = new ColumnarReader(reads);
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
    encoding: TraceEncoding,
    send: PieceSink,
    signal: AbortSignal,
  ): Promise<boolean> {
    const id = canonicalTraceId(traceId);
    if (id === null) return false;
    if (encoding === 'columnar' || encoding === 'columnar-deferred')
      return this.columnar.stream(id, encoding === 'columnar' ? 'inline' : 'deferred', send, signal);
    const range = await this.reader.range(id);
    if (!range) return false;
    await streamTempoTrace(this.reader, range, encoding, send, signal);
    return true;
  }

  /** Starts reading the trace as the viewer will ask for it (read-ahead.ts). */
  readTraceAhead(traceId: string): void {
    const id = canonicalTraceId(traceId);
    if (id !== null) this.columnar.readAhead(id, 'deferred');
  }

  /** Cancels the reads ahead (the store is closing). */
  protected cancelReadsAhead(): void {
    this.columnar.cancelReadsAhead();
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
    return filter ? tagsInQuery(this.reads, this.catalog, filter, scope) : tagsAnswer(this.catalog, scope);
  }

  async tagValues(tag: string, q?: string): Promise<TempoTagValuesResponse> {
    const filter = q ? contextFilter(q) : null;
    return filter
      ? tagValuesInQuery(this.reads, this.catalog, this.catalog.limits, filter, tag)
      : tagValuesAnswer(this.catalog, tag);
  }

  async findByQuery(traceId: string, q: string): Promise<DetailMatches | null> {
    const id = canonicalTraceId(traceId);
    const query = compileQuery(q);
    return id === null ? null : queryMatches(this.reads, this.reader, query, id);
  }
}
