/**
 * A generated large trace (core/demo generateLargeTrace) written to a file in any format, as a
 * stream: each 512-span request is decoded and re-encoded on its own, so a 1M-span Jaeger file
 * (~900 MB) is never one string. Jaeger's processes come after the spans (as Jaeger writes them);
 * protobuf requests are concatenated (repeated fields of one message merge).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { generateLargeTrace } from '../core/demo/index.ts';
import { decodeParsed, encodeTraces, type FormatId } from '../core/formats/index.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';

export interface LargeTraceFile {
  readonly path: string;
  readonly traceId: string;
  readonly spanCount: number;
  readonly bytes: number;
}

interface JaegerDoc {
  readonly data: { spans: { processID: string }[]; processes: Record<string, unknown> }[];
}

/** Jaeger spans of one request with process ids made unique across requests (same process, same id). */
class JaegerProcesses {
  private readonly ids = new Map<string, string>();
  readonly all: Record<string, unknown> = {};

  spans(doc: JaegerDoc): string {
    const trace = doc.data[0];
    const local = new Map<string, string>();
    for (const [id, process] of Object.entries(trace.processes)) {
      const text = JSON.stringify(process);
      let global = this.ids.get(text);
      if (!global) {
        global = `p${this.ids.size + 1}`;
        this.ids.set(text, global);
        this.all[global] = process;
      }
      local.set(id, global);
    }
    for (const span of trace.spans) span.processID = local.get(span.processID) ?? span.processID;
    return JSON.stringify(trace.spans).slice(1, -1);
  }
}

export async function writeLargeTraceFile(
  path: string,
  format: FormatId,
  spanCount: number,
  seed = 1,
  nowMs = Date.now(),
): Promise<LargeTraceFile> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (chunk: string | Uint8Array) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const jaeger = new JaegerProcesses();
  let traceId = '';
  let first = true;
  for (const req of generateLargeTrace({ seed, nowMs, spanCount })) {
    const sink = new TraceSetBuilder();
    decodeParsed({ kind: 'json', value: req }, sink);
    const tables = sink.build();
    traceId ||= tables[0].traceId;
    if (format === 'otlp-proto') await write(encodeTraces(tables, format) as Uint8Array);
    else if (format === 'otlp-json')
      await write((first ? '{"resourceSpans":[' : ',') + JSON.stringify(req.resourceSpans).slice(1, -1));
    else if (format === 'zipkin-json')
      await write((first ? '[' : ',') + (encodeTraces(tables, format) as string).slice(1, -1));
    else {
      const spans = jaeger.spans(JSON.parse(encodeTraces(tables, format) as string) as JaegerDoc);
      await write(first ? `{"data":[{"traceID":"${traceId}","spans":[${spans}` : `,${spans}`);
    }
    first = false;
  }
  if (format === 'otlp-json') await write(']}\n');
  if (format === 'zipkin-json') await write(']\n');
  if (format === 'jaeger-json')
    await write(
      `],"processes":${JSON.stringify(jaeger.all)},"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null}\n`,
    );
  out.end();
  await once(out, 'finish');
  return { path, traceId, spanCount, bytes };
}
