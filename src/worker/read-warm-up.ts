/**
 * A file worker warms up while the user is still choosing files: a small generated trace is written in
 * each JSON format and read exactly as a picked file is (InputSplitter, decodePiece, tree, self times,
 * columns). V8 runs new code slowly until it has compiled its hot loops: a 100k-span file read by a
 * cold worker took ~60% longer than by a warm one (~0.8 s of CPU against ~0.5 s in Node). The work is
 * cut into slices of one task each, so a file that comes early waits for one slice at most, and it
 * stops as soon as files are read.
 */

import { selfTimes } from '../core/analysis/self-time.ts';
import { encodeTraces } from '../core/formats/index.ts';
import type { FormatId } from '../core/formats/types.ts';
import { columnsFromTree } from '../core/layout/columns-from-tree.ts';
import { type SpanInput, type SpanTable, TraceSetBuilder } from '../core/model/span-table.ts';
import { attr, EMPTY_DETAILS, type SpanDetails, str } from '../core/model/types.ts';
import { buildTree } from '../core/tree/build-tree.ts';

/** Spans per warm-up trace: enough for the hot loops to be compiled, little enough for ~10–30 ms a format. */
export const WARM_UP_SPANS = 3000;
const FORMATS: readonly FormatId[] = ['jaeger-json', 'otlp-json', 'zipkin-json'];
const CHUNK = 1 << 16;

const hex16 = (n: number) => (0x10000000 + n).toString(16).padStart(16, '0');

/** A trace of `count` spans shaped as exporters write them: a few services, attributes, a tree. */
export function warmUpTable(count: number): SpanTable {
  const builder = new TraceSetBuilder();
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const baseNs = 1_700_000_000_000_000_000n;
  for (let i = 0; i < count; i++) {
    const details: SpanDetails = {
      ...EMPTY_DETAILS,
      attributes: [
        attr('rpc.system', str('grpc')),
        attr('rpc.method', str(`Method${i % 7}`)),
        attr('server.port', { type: 'int', value: BigInt(7000 + (i % 5)) }),
        attr('db.statement', str(`SELECT * FROM t${i % 11} WHERE id = ?`)),
      ],
      resource: { attributes: [attr('service.name', str(`svc-${i % 4}`)), attr('host.name', str('h1'))] },
      scope: { name: 'io.opentelemetry.grpc', version: '1.2.3', attributes: [] },
    };
    const span: SpanInput = {
      traceId,
      spanId: hex16(i),
      parentId: i === 0 ? '' : hex16(Math.floor((i - 1) / 3)),
      name: `op-${i % 13}`,
      service: `svc-${i % 4}`,
      kind: 1 + (i % 3),
      status: i % 17 === 0 ? 2 : 0,
      startNs: baseNs + BigInt(i * 1000),
      durNs: BigInt(500_000 - i),
      details,
    };
    builder.add(span);
  }
  return builder.build()[0];
}

/** Reads `bytes` as a picked file is read: chunks → pieces → one table → tree → columns; the spans laid out. */
async function readLikeAFile(bytes: Uint8Array): Promise<number> {
  const { InputSplitter } = await import('../core/formats/stream/input-splitter.ts');
  const { decodePiece } = await import('../core/formats/stream/decode-piece.ts');
  const sink = new TraceSetBuilder();
  const splitter = new InputSplitter({ jsonOutput: 'bytes', readSpans: true });
  for (let at = 0; at < bytes.length; at += CHUNK)
    for (const piece of splitter.push(bytes.subarray(at, at + CHUNK))) decodePiece(piece, sink);
  for (const piece of splitter.end()) decodePiece(piece, sink);
  let spans = 0;
  for (const table of sink.build()) {
    const tree = buildTree(table, { adjustClockSkew: true });
    spans += columnsFromTree(tree, selfTimes(tree)).nodeCount;
  }
  return spans;
}

/** Yields to the worker's message loop (a request that came meanwhile is handled first). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Warms the readers up, a format per task, until done or `stopped()` says files came; the spans read
 * (for tests). Never throws: a warm-up that fails costs nothing but its speed-up.
 */
export async function warmUpReaders(stopped: () => boolean): Promise<number> {
  let spans = 0;
  try {
    await nextTask();
    if (stopped()) return spans;
    const table = warmUpTable(WARM_UP_SPANS);
    for (const format of FORMATS) {
      await nextTask();
      if (stopped()) return spans;
      const encoded = encodeTraces([table], format);
      spans += await readLikeAFile(typeof encoded === 'string' ? new TextEncoder().encode(encoded) : encoded);
    }
  } catch {
    // Nothing depends on the warm-up.
  }
  return spans;
}
