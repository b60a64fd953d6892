/**
 * One generated trace (the project's seeded large-trace generator) as a file in each JSON format, at
 * any size: encoded 100k spans at a time and joined as bytes, since a 1M-span Jaeger file (~0.9 GB) is
 * more than one string can hold. Jaeger processes are renumbered across the parts, so the file is one
 * trace object with its processes at the end, as Jaeger writes it. Files are cached in bench/data.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLargeTrace } from '../src/core/demo/index.ts';
import {
  decodeParsed,
  type FormatId,
  toJaegerResponse,
  toOtlpResourceSpans,
  toZipkinSpans,
} from '../src/core/formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../src/core/model/span-table.ts';

export type JsonFormat = Extract<FormatId, 'jaeger-json' | 'zipkin-json' | 'otlp-json'>;

const NOW_MS = Date.UTC(2026, 10, 23, 12);
const PART_SPANS = 100_000;
const DIR = join(import.meta.dirname, 'data', 'trace-files');
const encoder = new TextEncoder();

/** The trace in parts of ≤ PART_SPANS spans (each a table of the one trace id). */
function* parts(spanCount: number): Generator<SpanTable> {
  let sink = new TraceSetBuilder();
  for (const value of generateLargeTrace({ seed: 7, nowMs: NOW_MS, spanCount })) {
    decodeParsed({ kind: 'json', value }, sink);
    if (sink.spanCount >= PART_SPANS) {
      yield* sink.build();
      sink = new TraceSetBuilder();
    }
  }
  if (sink.spanCount > 0) yield* sink.build();
}

/** `head`, the JSON of each item joined by commas, `tail`, as bytes. */
function joined(head: string, items: Iterable<unknown>, tail: () => string): Uint8Array {
  const chunks: Uint8Array[] = [encoder.encode(head)];
  let first = true;
  for (const item of items) {
    chunks.push(encoder.encode(`${first ? '' : ','}${JSON.stringify(item)}`));
    first = false;
  }
  chunks.push(encoder.encode(tail()));
  return new Uint8Array(Buffer.concat(chunks));
}

/** The items `of` makes of each part of the trace. */
function* perPart(spanCount: number, of: (table: SpanTable) => Iterable<unknown>): Generator<unknown> {
  for (const table of parts(spanCount)) yield* of(table);
}

function* jaegerSpans(spanCount: number, processes: Map<string, string>, out: Record<string, unknown>) {
  for (const table of parts(spanCount)) {
    const trace = (toJaegerResponse([table]).data as Record<string, unknown>[])[0];
    const ids = new Map<string, string>();
    for (const [id, process] of Object.entries(trace.processes as Record<string, unknown>)) {
      const key = JSON.stringify(process);
      let global = processes.get(key);
      if (global === undefined) {
        processes.set(key, (global = `p${processes.size + 1}`));
        out[global] = process;
      }
      ids.set(id, global);
    }
    for (const span of trace.spans as Record<string, unknown>[])
      yield { ...span, processID: ids.get(span.processID as string) };
  }
}

function encode(format: JsonFormat, spanCount: number): Uint8Array {
  if (format === 'zipkin-json')
    return joined(
      '[',
      perPart(spanCount, (t) => toZipkinSpans([t])),
      () => ']',
    );
  if (format === 'otlp-json')
    return joined(
      '{"resourceSpans":[',
      perPart(spanCount, (t) => toOtlpResourceSpans([t])),
      () => ']}',
    );
  const processes: Record<string, unknown> = {};
  const spans = jaegerSpans(spanCount, new Map(), processes);
  const first = spans.next().value as Record<string, unknown>;
  return joined(
    `{"data":[{"traceID":${JSON.stringify(first.traceID)},"spans":[`,
    (function* () {
      yield first;
      yield* spans;
    })(),
    () =>
      `],"processes":${JSON.stringify(processes)},"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null}`,
  );
}

/** The file of a `spanCount`-span trace in `format` (generated once, then read from bench/data). */
export function traceFile(format: JsonFormat, spanCount: number): Uint8Array {
  const path = join(DIR, `t${spanCount}.${format}.json`);
  if (existsSync(path)) return new Uint8Array(readFileSync(path));
  const bytes = encode(format, spanCount);
  mkdirSync(DIR, { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}
