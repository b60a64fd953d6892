/**
 * Tempo's trace-by-id answer, decoded (convert-trace.ts) → its span table: v2 `{"trace":{…},"status":"PARTIAL","message":…}` or
 * v1 `{"batches"|"resourceSpans":[…]}`, with `scopeSpans` or `instrumentationLibrarySpans`, base64
 * or hex ids, enums as names or numbers: core's OTLP JSON decoder reads every variant. A PARTIAL
 * answer (Tempo cut the trace, e.g. over its `max_bytes_per_trace`) becomes a warning on the trace,
 * which the trace header shows and `spanscope summary` prints.
 */
import type { SpanTable, TraceSetBuilder } from '../../../core/model/span-table.ts';
import { malformed } from '../upstream-answer.ts';

export interface TempoTrace {
  readonly table: SpanTable;
  /** Tempo's message when it answered PARTIAL (possibly ''); null for a complete trace. */
  readonly partial: string | null;
}

/**
 * `status` and `message` are TraceByIDResponse's fields 3 and 4: jsonpb writes them after the trace,
 * `"message"` right after `"status"`, and a span's status is an object, never the string "PARTIAL".
 * So a byte search finds them without parsing a large answer twice.
 */
export function partialStatus(body: Uint8Array): string | null {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let at = bytes.lastIndexOf('"PARTIAL"');
  while (at >= 0) {
    const before = bytes.subarray(Math.max(0, at - 32), at).toString('latin1');
    if (/"status"\s*:\s*$/.test(before)) {
      const tail = bytes.subarray(at + 9, at + 9 + 64 * 1024).toString('utf8');
      const m = /^\s*,\s*"message"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(tail);
      return m ? String(JSON.parse(m[1] as string)) : '';
    }
    at = at > 0 ? bytes.lastIndexOf('"PARTIAL"', at - 1) : -1;
  }
  return null;
}

/**
 * The trace of a decoded 2xx answer (`sink`), its PARTIAL status (partialStatus of the answer's end) as
 * a warning; null when it holds no spans (`{"trace":{}}`). Throws `malformed` for another trace.
 */
export function tempoTraceOf(
  source: string,
  sink: TraceSetBuilder,
  traceId: string,
  partial: string | null,
): TempoTrace | null {
  if (partial !== null)
    sink.warn(
      traceId,
      `partial trace: Tempo returned only part of this trace${partial ? ` (${partial})` : ''}`,
    );
  const tables = sink.build();
  if (tables.length === 0) return null;
  const table = tables.find((t) => t.traceId === traceId) ?? (tables.length === 1 ? tables[0] : undefined);
  if (!table)
    throw malformed(source, `trace ${traceId}`, `traces ${tables.map((t) => t.traceId).join(', ')} instead`);
  return { table, partial };
}
