/**
 * An external store's trace-by-id answer → the encoding a read route asked for, decoded as its body
 * arrives: core's InputSplitter cuts the bytes into standalone pieces of ≤ 1000 spans (OTLP and Jaeger
 * spans read where they lie in the chunk), each decoded at once, so no string or buffer of the whole
 * body is ever made; then the trace is picked by id and re-encoded (encode-trace.ts; the columnar
 * transfer of OTLP JSON with the spans' own bytes as their details, columnar-from-bytes.ts; the
 * details kept apart when the viewer asks for them deferred, source-details.ts).
 * Synchronous per chunk and free of I/O, so it runs where trace-converter.ts puts it: inline for a
 * small answer, in a worker thread for a big one.
 */
import { decodePiece, FormatError, type FormatId } from '../../core/formats/index.ts';
import { type InputPiece, InputSplitter } from '../../core/formats/stream/input-splitter.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import type { TraceEncoding } from '../store/types.ts';
import { columnarFromBytes, DetailKeySink } from './columnar-from-bytes.ts';
import { columnarParts, encodeTraceAs } from './encode-trace.ts';
import { type ConvertedTrace, columnarAnswer } from './source-details.ts';
import { partialStatus, tempoTraceOf } from './tempo/tempo-trace.ts';
import { tempoFromBytes } from './tempo-from-bytes.ts';
import { malformed } from './upstream-answer.ts';

export interface TraceConversion {
  /** The source's name and the call (`GET /api/v2/trace/{id}`), for messages. */
  readonly source: string;
  readonly what: string;
  readonly traceId: string;
  /** `tempo`: Tempo's answer (any OTLP JSON shape, PARTIAL kept); else the formats the answer may be in. */
  readonly reader: 'tempo' | readonly FormatId[];
  readonly encoding: TraceEncoding;
}

/** Tempo writes its PARTIAL status after the trace: the answer's last bytes are kept to find it. */
const TAIL_BYTES = 128 * 1024;
/**
 * An answer with no spans gives the splitter no piece: one this small is kept whole and decoded at
 * the end, so that what it is (`{"data":[]}` from the wrong API) is judged as for any answer.
 */
const HEAD_BYTES = 64 * 1024;

/** One answer being converted: its body's chunks in order, then `end`. Throws UpstreamErrors. */
export class TraceStream {
  private readonly splitter = new InputSplitter({ jsonOutput: 'bytes', readSpans: true });
  private readonly sink = new DetailKeySink();
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private head: Uint8Array[] = [];
  private pieces = 0;

  constructor(private readonly c: TraceConversion) {}

  push(chunk: Uint8Array): void {
    if (this.splitter.bytesIn + chunk.length <= HEAD_BYTES) this.head.push(chunk);
    this.decode(() => this.splitter.push(chunk));
    if (this.c.reader !== 'tempo') return;
    const last = chunk.subarray(Math.max(0, chunk.length - TAIL_BYTES));
    this.tail.push(last);
    this.tailBytes += last.length;
    while (this.tail.length > 1 && this.tailBytes - this.tail[0].length >= TAIL_BYTES)
      this.tailBytes -= (this.tail.shift() as Uint8Array).length;
  }

  /** The trace in the encoding asked for; null when the answer does not hold it. */
  end(): ConvertedTrace | null {
    const c = this.c;
    this.decode(() => this.splitter.end());
    if (this.pieces === 0 && this.splitter.bytesIn <= HEAD_BYTES)
      this.decode(() => [{ kind: 'bytes', bytes: Buffer.concat(this.head) }]);
    if (c.reader !== 'tempo') {
      const table = this.sink.build().find((t) => t.traceId === c.traceId);
      return table ? this.encode(table) : null;
    }
    const partial = partialStatus(Buffer.concat(this.tail));
    const trace = tempoTraceOf(c.source, this.sink, c.traceId, partial);
    if (!trace) return null;
    const converted = this.encode(trace.table);
    if (c.encoding !== 'tempo-v2' || partial === null) return converted;
    // Tempo's own fields, so that a Tempo client of ours sees the answer was cut.
    const tail = `,"status":"PARTIAL","message":${JSON.stringify(partial)}}`;
    const { body } = converted;
    return { body: Buffer.concat([body.subarray(0, body.length - 1), Buffer.from(tail)]), details: null };
  }

  private encode(table: SpanTable): ConvertedTrace {
    const { encoding } = this.c;
    if (encoding === 'tempo-v1' || encoding === 'tempo-v2')
      return {
        body: tempoFromBytes(table, this.sink, encoding) ?? encodeTraceAs(table, encoding),
        details: null,
      };
    const parts =
      columnarFromBytes(table, this.sink) ??
      columnarParts(table, this.sink.uncachedDetails(table) ?? undefined);
    return columnarAnswer(table, parts, encoding);
  }

  /** Decodes the pieces `split` completes; a FormatError (or a format not expected) as `malformed`. */
  private decode(split: () => InputPiece[]): void {
    const { c, sink } = this;
    try {
      for (const piece of split()) {
        this.pieces++;
        const { format } = decodePiece(piece, sink);
        if (c.reader !== 'tempo' && !c.reader.includes(format))
          throw malformed(c.source, c.what, `${format} instead of ${c.reader.join(' or ')}`);
      }
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      throw malformed(c.source, c.what, c.reader === 'tempo' ? `not a trace: ${err.message}` : err.message);
    }
  }
}

/** The trace of a whole 2xx answer in `c.encoding`; null when the answer does not hold it. Throws UpstreamError. */
export function convertTrace(c: TraceConversion, body: Uint8Array): ConvertedTrace | null {
  const stream = new TraceStream(c);
  stream.push(body);
  return stream.end();
}
