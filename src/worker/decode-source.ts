/**
 * Bytes of a store answer or a dropped file → the span table of the trace to open. The local store
 * answers in the columnar transfer format when asked (its details deferred); anything else (external
 * sources, files) goes through the format detector. A file may hold several traces: the wanted one,
 * else the largest.
 */
import { COLUMNAR_MEDIA_TYPE } from '../core/api/media-types.ts';
import { type SpanTable, TraceSetBuilder } from '../core/model/span-table.ts';
import { COLUMNAR_MAGIC } from '../core/transfer/columnar-layout.ts';
import { decodeColumnarTrace } from '../core/transfer/decode-columnar.ts';
import type { DeferredDetails } from '../core/transfer/deferred-details.ts';

export class NoTraceError extends Error {}

export interface DecodedSource {
  readonly table: SpanTable;
  readonly traceIds: readonly string[];
  /** Set when the store deferred the details: they are fetched later (detail-loader.ts). */
  readonly deferred: DeferredDetails | null;
}

function isColumnar(bytes: Uint8Array, contentType: string): boolean {
  if (contentType.split(';')[0].trim().toLowerCase() === COLUMNAR_MEDIA_TYPE) return true;
  if (bytes.length < 4) return false;
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === COLUMNAR_MAGIC;
}

export async function decodeSource(
  bytes: Uint8Array,
  contentType: string,
  wantedTraceId?: string,
): Promise<DecodedSource> {
  if (isColumnar(bytes, contentType)) {
    const { table, deferred } = decodeColumnarTrace(bytes);
    return { table, traceIds: [table.traceId], deferred };
  }
  // Loaded on first use: the store's answer needs none of the format decoders (protobufjs and its
  // schema take ~80 ms of the worker's start-up to load).
  const { decodeInput } = await import('../core/formats/index.ts');
  const sink = new TraceSetBuilder();
  decodeInput(bytes, sink);
  const tables = sink.build();
  return {
    table: chooseTable(tables, wantedTraceId),
    traceIds: tables.map((t) => t.traceId),
    deferred: null,
  };
}

/** The table of the wanted trace (an input of one trace answers for any id), else the largest. */
export function chooseTable(tables: readonly SpanTable[], wantedTraceId?: string): SpanTable {
  if (tables.length === 0) throw new NoTraceError('the input holds no spans');
  const wanted = wantedTraceId?.toLowerCase().padStart(32, '0');
  const table = wanted ? tables.find((t) => t.traceId === wanted) : undefined;
  if (wanted && !table && tables.length > 1)
    throw new NoTraceError(`trace ${wantedTraceId} is not in the input (it holds ${tables.length} traces)`);
  return table ?? tables.reduce((a, b) => (b.count > a.count ? b : a));
}
