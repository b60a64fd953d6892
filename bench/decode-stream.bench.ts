/**
 * Issue 11: decoding a picked trace file (Jaeger, Zipkin, OTLP JSON) of 100k and 1M spans, the way the
 * worker does it — the file in 1 MiB chunks through the InputSplitter (bytes output, spans read as
 * they stream where the format allows), each piece through decodePiece — against decodeInput of the
 * whole file, and against the JSON.parse paths these replace (JSON.parse of the whole file; the splitter's parsed values + decodeParsed).
 * Each figure includes building the tables; tree, layout and paint come on top (budget at 100k:
 * ~0.3–0.4 s of the 0.8 s from picking the file to the first frame). Also the memory the decoded
 * trace keeps per span (the tables keep the input's bytes for details read on demand).
 */
import {
  decodeInput,
  decodeParsed,
  decodePiece,
  InputSplitter,
  JsonSplitter,
  parseInput,
} from '../src/core/formats/index.ts';
import { TraceSetBuilder } from '../src/core/model/span-table.ts';
import { report } from './report.ts';
import { type JsonFormat, traceFile } from './trace-files.ts';

const CHUNK = 1 << 20;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Collects garbage until freed array buffers are swept too (V8 releases them after the collection). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

/** The file through the InputSplitter as the worker reads it (spans read as they stream), piece by piece. */
function splitBytes(bytes: Uint8Array, sink: TraceSetBuilder): void {
  const splitter = new InputSplitter({ jsonOutput: 'bytes', readSpans: true });
  for (const chunk of chunks(bytes)) for (const piece of splitter.push(chunk)) decodePiece(piece, sink);
  for (const piece of splitter.end()) decodePiece(piece, sink);
}

/** The same through parsed values and decodeParsed (the JSON.parse path before the byte readers). */
function splitValues(bytes: Uint8Array, sink: TraceSetBuilder): void {
  const splitter = new JsonSplitter();
  const decode = (value: unknown) => decodeParsed({ kind: 'json', value }, sink);
  for (const chunk of chunks(bytes)) splitter.push(chunk).forEach(decode);
  splitter.end().forEach(decode);
}

const whole = (bytes: Uint8Array, sink: TraceSetBuilder) => decodeInput(bytes, sink);
const wholeParsed = (bytes: Uint8Array, sink: TraceSetBuilder) => decodeParsed(parseInput(bytes), sink);

type Way = (bytes: Uint8Array, sink: TraceSetBuilder) => unknown;

/**
 * Best wall time of `runs` (the machine is shared; the best run is the least disturbed), and the
 * least CPU time of the process (garbage-collector threads included): on a loaded machine the wall
 * time waits for other processes, the CPU time does not.
 */
function best(runs: number, bytes: Uint8Array, way: Way): { ms: number; cpuMs: number } {
  const out = { ms: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < runs; i++) {
    gc();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const sink = new TraceSetBuilder();
    way(bytes, sink);
    sink.build();
    out.ms = Math.min(out.ms, performance.now() - t0);
    const used = process.cpuUsage(cpu);
    out.cpuMs = Math.min(out.cpuMs, (used.user + used.system) / 1000);
  }
  return out;
}

/** Bytes the decoded trace keeps per span (Node heap + array buffers), decoding a fresh copy of the file. */
async function keptPerSpan(bytes: Uint8Array, way: Way, spanCount: number): Promise<number> {
  await settle();
  const before = process.memoryUsage();
  const sink = new TraceSetBuilder();
  way(bytes.slice(), sink);
  const tables = sink.build();
  await settle();
  const after = process.memoryUsage();
  if (tables[0].count !== spanCount) throw new Error(`decoded ${tables[0].count} spans, not ${spanCount}`);
  return Math.round(
    (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / spanCount,
  );
}

async function measure(format: JsonFormat, spanCount: number): Promise<void> {
  const bytes = traceFile(format, spanCount);
  const label = `decodeStream.${format}.${spanCount >= 1_000_000 ? '1M' : '100k'}`;
  const runs = spanCount >= 1_000_000 ? 1 : 3;
  const size = `${(bytes.length / 1e6).toFixed(0)} MB`;
  const target = spanCount >= 1_000_000 ? undefined : '≤ 400 ms';
  const ways: [string, Way, string][] = [
    ['splitBytesMs', splitBytes, 'InputSplitter as the worker uses it, 1 MiB chunks, decodePiece per piece'],
    ['wholeMs', whole, 'decodeInput of the whole file'],
    ['splitValuesMs', splitValues, 'before: JsonSplitter parsed values + decodeParsed'],
    // One string cannot hold a 1M-span file: the JSON.parse path only reads the smaller ones.
    ...(bytes.length < 5e8
      ? [['jsonParseMs', wholeParsed, 'before: JSON.parse of the whole file'] as [string, Way, string]]
      : []),
  ];
  for (const [name, way] of [
    ['splitBytes', splitBytes],
    ['whole', whole],
  ] as const)
    report({
      name: `${label}.${name}.bytesPerSpan`,
      value: await keptPerSpan(bytes, way, spanCount),
      unit: 'B/span',
      note: `kept by the tables (input bytes for details included); ${size} file`,
    });
  for (const [name, way, what] of ways) {
    const { ms, cpuMs } = best(runs, bytes, way);
    report({
      name: `${label}.${name}`,
      value: ms,
      unit: 'ms',
      ...(target && name !== 'jsonParseMs' && name !== 'splitValuesMs' ? { target, ok: ms <= 400 } : {}),
      note: `${what}; ${size}; CPU ${cpuMs.toFixed(0)} ms (least of the runs)`,
    });
  }
}

// `npx tsx bench/decode-stream.bench.ts 100000` measures one size.
const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : [100_000, 1_000_000];
for (const spanCount of sizes)
  for (const format of ['jaeger-json', 'zipkin-json', 'otlp-json'] as const) await measure(format, spanCount);
