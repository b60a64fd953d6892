/**
 * Issue 3 / DESIGN §7: decode + build tree + lay out OTLP JSON, against JSON.parse of the same bytes,
 * at 100k and 1M spans, and the bytes of memory per span the result keeps.
 *
 * 100k: one OTLP JSON document (one string). 1M: the generator's 1M-span document is ~665 MB, more
 * than V8 can hold in one string, so both sides work on the same stream of ≤ 512-span documents (the
 * shape `spanscope push` and the streaming import produce): JSON.parse of every piece against our
 * decoder fed every piece into one trace.
 */
import { generateLargeTrace } from '../src/core/demo/index.ts';
import { decodeInput } from '../src/core/formats/index.ts';
import { TraceSetBuilder } from '../src/core/model/span-table.ts';
import { TraceSession } from '../src/worker/trace-session.ts';
import { report } from './report.ts';

const NOW_MS = Date.UTC(2026, 10, 23, 12);
const encoder = new TextEncoder();

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function pieces(spanCount: number): Uint8Array[] {
  return [...generateLargeTrace({ seed: 7, nowMs: NOW_MS, spanCount })].map((r) =>
    encoder.encode(JSON.stringify(r)),
  );
}

/** All requests of the trace merged into one ExportTraceServiceRequest document. */
function oneDocument(spanCount: number): Uint8Array {
  const resourceSpans = [...generateLargeTrace({ seed: 7, nowMs: NOW_MS, spanCount })].flatMap(
    (r) => (r as { resourceSpans: unknown[] }).resourceSpans,
  );
  return encoder.encode(JSON.stringify({ resourceSpans }));
}

function time(run: () => void): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

/** Best of `runs` (the machine is shared; the best run is the least disturbed). */
function best(runs: number, run: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    gc();
    min = Math.min(min, time(run));
  }
  return min;
}

function openAll(docs: readonly Uint8Array[]): TraceSession {
  const sink = new TraceSetBuilder();
  for (const d of docs) decodeInput(d, sink);
  const [table] = sink.build();
  const session = new TraceSession(table, [table.traceId], true);
  session.opened();
  return session;
}

function measure(label: string, spanCount: number, docs: Uint8Array[], runs: number): void {
  const decoder = new TextDecoder();
  const texts = docs.map((d) => decoder.decode(d));
  // The parsed values are kept until the run ends, as a viewer keeps what it opened: both sides pay
  // for the garbage collector moving a live heap of this size.
  const parseMs = best(runs, () => {
    const values: unknown[] = [];
    for (const t of texts) values.push(JSON.parse(t));
  });
  const oursMs = best(runs, () => openAll(docs));
  const ratio = oursMs / parseMs;
  report({
    name: `decode.${label}.jsonParseMs`,
    value: parseMs,
    unit: 'ms',
    note: `${docs.length} document(s)`,
  });
  report({
    name: `decode.${label}.decodeTreeLayoutMs`,
    value: oursMs,
    unit: 'ms',
    target: `≤ 2× JSON.parse (${(2 * parseMs).toFixed(0)} ms)`,
    ok: ratio <= 2,
    note: `${ratio.toFixed(2)}× JSON.parse`,
  });

  // The trace opens fresh copies of the input made after the first reading: whatever of them it keeps
  // alive (details read on demand may keep the bytes) counts as kept; the rest is collected.
  gc();
  const before = process.memoryUsage();
  const session = openAll(docs.map((d) => d.slice()));
  gc();
  const after = process.memoryUsage();
  const kept = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  report({
    name: `decode.${label}.bytesPerSpan`,
    value: Math.round(kept / spanCount),
    unit: 'B/span',
    note: `table + lazy details + tree + columns of ${session.table.count} spans (Node heap + array buffers)`,
  });
}

measure('100k', 100_000, [oneDocument(100_000)], 3);
measure('1M', 1_000_000, pieces(1_000_000), 1);
