/**
 * An external store's trace-by-id answer → the encoding a read route asked for: decoded by the core
 * decoders, the trace picked by id, re-encoded (encode-trace.ts; the columnar transfer of an OTLP JSON
 * answer with the spans' own bytes as their details, columnar-from-bytes.ts). Pure and synchronous, so it runs
 * where trace-converter.ts puts it: inline for a small answer, in a worker thread for a big one.
 */
import type { FormatId } from '../../core/formats/types.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import type { TraceEncoding } from '../store/types.ts';
import { columnarFromBytes, DetailKeySink } from './columnar-from-bytes.ts';
import { encodeTraceAs } from './encode-trace.ts';
import { decodeTempoTrace } from './tempo/tempo-trace.ts';
import { tracesOf } from './upstream-answer.ts';

export interface TraceConversion {
  /** The source's name and the call (`GET /api/v2/trace/{id}`), for messages. */
  readonly source: string;
  readonly what: string;
  readonly traceId: string;
  /** `tempo`: Tempo's answer (any OTLP JSON shape, PARTIAL kept); else the formats the answer may be in. */
  readonly reader: 'tempo' | readonly FormatId[];
  readonly encoding: TraceEncoding;
}

/** The trace of a 2xx answer in `c.encoding`; null when the answer does not hold it. Throws UpstreamError. */
export function convertTrace(c: TraceConversion, body: Uint8Array): Uint8Array | null {
  const sink = new DetailKeySink();
  const encode = (table: SpanTable) =>
    (c.encoding !== 'tempo-v1' && c.encoding !== 'tempo-v2' && columnarFromBytes(table, sink, body)) ||
    encodeTraceAs(table, c.encoding);
  if (c.reader !== 'tempo') {
    const table = tracesOf(c.source, body, c.what, c.reader, sink).find((t) => t.traceId === c.traceId);
    return table ? encode(table) : null;
  }
  const trace = decodeTempoTrace(c.source, body, c.traceId, sink);
  if (!trace) return null;
  const bytes = encode(trace.table);
  if (c.encoding !== 'tempo-v2' || trace.partial === null) return bytes;
  // Tempo's own fields, so that a Tempo client of ours sees the answer was cut.
  const tail = `,"status":"PARTIAL","message":${JSON.stringify(trace.partial)}}`;
  return Buffer.concat([bytes.subarray(0, bytes.length - 1), Buffer.from(tail)]);
}
