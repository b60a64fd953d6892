/**
 * The span tree build (core/tree) at 100k and 1M spans, on the two tables it is given: a trace read
 * from the local store (its streamed columnar answer pushed through the stream reader in 64 KiB
 * chunks, as the worker reads it) and a decoded file (hex string ids from core/formats). Also the
 * stream reader's own time (its id work overlaps the store's read) and the worker's whole open
 * (tree, self times, columns). Medians of several runs, after one that warms the JIT up; wall and
 * CPU time of each (the process's CPU time, GC threads included, is what a loaded machine changes least).
 *
 *   tree.bench.ts [counts, default 100000,1000000] [runs, default 5]
 */
import { ColumnarStreamReader } from '../src/core/transfer/columnar-stream-reader.ts';
import { buildTree } from '../src/core/tree/build-tree.ts';
import { framesOfBody } from '../src/testing/columnar-frames.ts';
import { deferredColumnar, generatedTable } from '../src/testing/generated-table.ts';
import { TraceSession } from '../src/worker/trace-session.ts';
import { report } from './report.ts';

const counts = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 5);
const CHUNK = 64 * 1024;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** The value, and the wall and CPU milliseconds it took (CPU: the machine is shared, so both). */
function timed<T>(f: () => T): [T, { wall: number; cpu: number }] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [value, { wall, cpu: (c.user + c.system) / 1000 }];
}

function readStream(frames: Uint8Array): ColumnarStreamReader {
  const reader = new ColumnarStreamReader();
  for (let at = 0; at < frames.byteLength; at += CHUNK) reader.push(frames.subarray(at, at + CHUNK));
  return reader;
}

for (const n of counts) {
  const fileTable = generatedTable(n);
  const frames = framesOfBody(deferredColumnar(fileTable), 64 * 1024);
  const samples: Record<string, number[]> = {};
  const add = (name: string, ms: { wall: number; cpu: number }) => {
    samples[name] ??= [];
    samples[name].push(ms.wall);
    const cpuName = name.replace(/Ms$/, 'CpuMs');
    samples[cpuName] ??= [];
    samples[cpuName].push(ms.cpu);
  };
  // Run 0 warms the JIT up and is not counted.
  for (let i = 0; i <= runs; i++) {
    if (i === 1) for (const k of Object.keys(samples)) samples[k] = [];
    gc();
    const [reader, streamMs] = timed(() => readStream(frames));
    const [decoded, decodeMs] = timed(() => reader.decode());
    add('store.streamMs', streamMs);
    add('store.decodeMs', decodeMs);
    gc();
    add('store.treeMs', timed(() => buildTree(decoded.table, { adjustClockSkew: true }))[1]);
    gc();
    add('store.openMs', timed(() => new TraceSession(decoded.table, [], true).opened())[1]);
    gc();
    add('file.treeMs', timed(() => buildTree(fileTable, { adjustClockSkew: true }))[1]);
  }
  const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
  for (const [name, values] of Object.entries(samples))
    report({
      name: `tree.${label}.${name}`,
      value: median(values),
      unit: 'ms',
      note: `median of ${runs}: ${values.map((v) => v.toFixed(0)).join(' ')}`,
    });
}
