/**
 * Tests and benchmarks: the demo generator's realistic trace of N spans (core/demo generateLargeTrace:
 * services, depth, errors with exceptions) decoded into a span table, and its columnar body as the
 * store answers it (details deferred).
 */
import { generateLargeTrace } from '../core/demo/index.ts';
import { decodeInput } from '../core/formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../core/model/span-table.ts';
import { columnarFromTable, encodeColumnar } from '../core/transfer/encode-columnar.ts';

const NOW_MS = Date.UTC(2026, 11, 7, 12);

export function generatedTable(spanCount: number, seed = 7): SpanTable {
  const encoder = new TextEncoder();
  const sink = new TraceSetBuilder();
  for (const request of generateLargeTrace({ seed, nowMs: NOW_MS, spanCount }))
    decodeInput(encoder.encode(JSON.stringify(request)), sink);
  const [table] = sink.build();
  return table;
}

/** The table as the store answers `columnar-deferred`: details left out, keyed 0, 1, 2, … */
export function deferredColumnar(table: SpanTable): Uint8Array {
  const keys = Uint32Array.from({ length: table.count }, (_, i) => i);
  return encodeColumnar(columnarFromTable(table), { keys, keyBase: 0n });
}
