/**
 * Large JSON trace files generated as streams of ~1 MB text chunks (never one string), for the
 * import tests and benchmarks:
 * - `jaegerTraceJson`: the demo generator's N-span trace as one Jaeger `{data:[trace]}` answer, spans
 *   first and processes after them, as Jaeger's query service writes it;
 * - `otlpJsonWithPayload`: OTLP JSON of N spans in traces of 10,000, each span carrying a
 *   `db.query.text` of the given size (a cheap way to a body of many hundred MB that is all real spans).
 */
import { generateLargeTrace } from '../core/demo/index.ts';
import { toJaegerResponse } from '../core/formats/jaeger-json/encode.ts';
import { decodeOtlpJson } from '../core/formats/otlp-json/decode.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';

const CHUNK_CHARS = 1 << 20;

/** Text pieces gathered into chunks of ~1 MB. */
function* gathered(pieces: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

interface JaegerTrace {
  readonly traceID: string;
  readonly spans: { processID: string }[];
  readonly processes: Record<string, unknown>;
}

function* jaegerPieces(spanCount: number, seed: number): Generator<string> {
  const processIds = new Map<string, string>();
  const processes: Record<string, unknown> = {};
  let first = true;
  for (const request of generateLargeTrace({ seed, nowMs: 1_763_870_400_000, spanCount })) {
    const sink = new TraceSetBuilder();
    decodeOtlpJson(request, sink);
    const [trace] = toJaegerResponse(sink.build()).data as JaegerTrace[];
    if (first) yield `{"data":[{"traceID":"${trace.traceID}","spans":[`;
    // Each request numbers its processes p1…: renumber them for the whole trace.
    const local = new Map<string, string>();
    for (const [id, process] of Object.entries(trace.processes)) {
      const key = JSON.stringify(process);
      let global = processIds.get(key);
      if (global === undefined) {
        global = `p${processIds.size + 1}`;
        processIds.set(key, global);
        processes[global] = process;
      }
      local.set(id, global);
    }
    for (const span of trace.spans) {
      span.processID = local.get(span.processID) ?? span.processID;
      yield (first ? '' : ',') + JSON.stringify(span);
      first = false;
    }
  }
  yield `],"processes":${JSON.stringify(processes)},"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null}\n`;
}

/** One Jaeger trace of `spanCount` spans from the demo generator, as text chunks. */
export function jaegerTraceJson(spanCount: number, seed = 1): Generator<string> {
  return gathered(jaegerPieces(spanCount, seed));
}

const hex = (n: number, chars: number) => n.toString(16).padStart(chars, '0');

function* payloadPieces(spanCount: number, payloadChars: number): Generator<string> {
  const payload = `SELECT /* ${'x'.repeat(Math.max(0, payloadChars - 40))} */ 1 FROM dual`;
  const resource = '{"attributes":[{"key":"service.name","value":{"stringValue":"warehouse"}}]}';
  yield '{"resourceSpans":[';
  for (let first = 0; first < spanCount; first += 500) {
    const spans: string[] = [];
    for (let i = first; i < Math.min(spanCount, first + 500); i++) {
      const traceId = `${hex(Math.floor(i / 10_000) + 1, 16)}${hex(0xabc, 16)}`;
      const start = 1_763_870_400_000_000_000n + BigInt(i) * 1000n;
      const parent = i % 10_000 === 0 ? '' : `,"parentSpanId":"${hex(i - (i % 10_000) + 1, 16)}"`;
      spans.push(
        `{"traceId":"${traceId}","spanId":"${hex(i + 1, 16)}"${parent},"name":"query ${i % 7}","kind":3,` +
          `"startTimeUnixNano":"${start}","endTimeUnixNano":"${start + 500n}",` +
          `"attributes":[{"key":"db.query.text","value":{"stringValue":"${payload}"}}]}`,
      );
    }
    yield `${first ? ',' : ''}{"resource":${resource},"scopeSpans":[{"scope":{"name":"db"},"spans":[${spans.join(',')}]}]}`;
  }
  yield ']}\n';
}

/** OTLP JSON of `spanCount` spans with a `payloadChars`-character attribute each, as text chunks. */
export function otlpJsonWithPayload(spanCount: number, payloadChars: number): Generator<string> {
  return gathered(payloadPieces(spanCount, payloadChars));
}
