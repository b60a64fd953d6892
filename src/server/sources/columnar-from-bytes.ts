/**
 * The columnar answer of a trace read from an OTLP JSON answer (Tempo, Jaeger api_v3) with each span's
 * details the span's own bytes in that answer (where they lie: copied into an inline answer, kept as
 * they are for a deferred one, source-details.ts), instead of parsed into objects and written out
 * again (at 100k spans that was half the conversion and most of its garbage). The browser reads a
 * detail blob with the same reader the server would have used (readSpanDetails of the parsed object),
 * and every key it does not know (the hot ones, already in the columns) is ignored, so it gets the
 * same details. Only resources and scopes (a few) are written out as the store writes them.
 *
 * Taken only when it is exact: every span of the trace was read by core's OTLP JSON byte reader
 * (from the whole answer, or as it streamed), whose details source says where each span's bytes
 * lie. The browser parses a blob as the byte reader parses a span (core/transfer detail-json.ts:
 * wide OTLP integers kept exact).
 * Otherwise null, and the caller writes the details out (encode-trace.ts columnarParts).
 */
import { OtlpJsonByteDetails } from '../../core/formats/otlp-json/byte-details.ts';
import {
  type SpanDetailSource,
  type SpanRecord,
  type SpanTable,
  TraceSetBuilder,
} from '../../core/model/span-table.ts';
import type { SpanDetails } from '../../core/model/types.ts';
import { resourceJson, scopeJson } from '../../core/transfer/detail-json.ts';
import { Interner } from '../../core/transfer/interner.ts';
import type { ColumnarParts } from './encode-trace.ts';
import type { DetailBlobs } from './source-details.ts';

/** The spans of one trace in their detail sources: per row, its source (index) and key there. */
interface DetailRows<S extends SpanDetailSource> {
  readonly sources: readonly S[];
  readonly sourceOf: Uint32Array;
  readonly keys: Uint32Array;
}
type KeyedRows = DetailRows<OtlpJsonByteDetails>;

/** A TraceSetBuilder that notes, per span added, the details source and key the decoder gave it. */
export class DetailKeySink extends TraceSetBuilder {
  private readonly traceIds: string[] = [];
  private readonly sources: SpanDetailSource[] = [];
  private readonly keys: number[] = [];

  override addRecord(span: SpanRecord): void {
    this.traceIds.push(span.traceId);
    this.sources.push(span.detailSource);
    this.keys.push(span.detailKey);
    super.addRecord(span);
  }

  /** Where `table`'s rows came from, or null when a row does not come from an OTLP JSON byte source. */
  rowsOf(table: SpanTable): KeyedRows | null {
    const rows = this.detailRowsOf(table);
    if (!rows?.sources.every((s) => s instanceof OtlpJsonByteDetails)) return null;
    return rows as KeyedRows;
  }

  /**
   * Each row's details read from its source, not kept: the table's own `details(i)` keeps every
   * span's once read, and 100k of them outliving the young generation made the collector a third of
   * a Jaeger or Zipkin trace's end. Null when a span was added without a source (details of its own).
   */
  uncachedDetails(table: SpanTable): ((row: number) => SpanDetails) | null {
    const rows = this.detailRowsOf(table);
    if (!rows) return null;
    const { sources, sourceOf, keys } = rows;
    return (row) => sources[sourceOf[row]].spanDetails(keys[row]);
  }

  private detailRowsOf(table: SpanTable): DetailRows<SpanDetailSource> | null {
    const sources: SpanDetailSource[] = [];
    const sourceOf = new Uint32Array(table.count);
    const keys = new Uint32Array(table.count);
    let row = 0;
    for (let i = 0; i < this.traceIds.length; i++) {
      if (this.traceIds[i] !== table.traceId) continue;
      const source = this.sources[i];
      if (row === table.count) return null;
      if (sources.at(-1) !== source) sources.push(source);
      sourceOf[row] = sources.length - 1;
      keys[row++] = this.keys[i];
    }
    return row === table.count ? { sources, sourceOf, keys } : null;
  }
}

/** A details source, with each scope's [resource, scope] blob indices once known. */
interface SourceDocument {
  readonly source: OtlpJsonByteDetails;
  readonly entries: Map<number, readonly [number, number]>;
}

/** `table` (decoded into `sink`) for the columnar transfer with its spans' bytes as details; null when not exact. */
export function columnarFromBytes(table: SpanTable, sink: DetailKeySink): ColumnarParts | null {
  const rows = sink.rowsOf(table);
  if (!rows) return null;
  const documents: SourceDocument[] = rows.sources.map((source) => ({ source, entries: new Map() }));
  const n = table.count;
  const { sourceOf, keys } = rows;
  const ranges = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const { spanRange } = documents[sourceOf[i]].source;
    const k = keys[i];
    if (2 * k + 1 >= spanRange.length) return null;
    ranges[2 * i] = spanRange[2 * k];
    ranges[2 * i + 1] = spanRange[2 * k + 1];
  }
  const details: DetailBlobs = {
    documents: rows.sources.map((source) => source.bytes),
    documentOf: sourceOf,
    ranges,
  };
  const resources = new Interner();
  const scopes = new Interner();
  const resourceOf = new Uint32Array(n);
  const scopeOf = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const { source, entries } = documents[sourceOf[i]];
    const s = source.scopeOf[keys[i]];
    let entry = entries.get(s);
    if (entry === undefined) {
      const detail = table.details(i);
      entry = [resources.index(resourceJson(detail.resource)), scopes.index(scopeJson(detail.scope))];
      entries.set(s, entry);
    }
    resourceOf[i] = entry[0];
    scopeOf[i] = entry[1];
  }
  const { details: _details, ...hot } = table;
  return {
    hot: { ...hot, resourceJson: resources.values, resourceOf, scopeJson: scopes.values, scopeOf },
    details,
  };
}
