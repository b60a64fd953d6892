/**
 * Files read in the worker as a set of traces, over a MessageChannel: the list's entries agree with
 * the tree builder, any trace of the set opens without reading the files again, find searches every
 * detail of a file trace over 100k spans, and bad files are refused with the decoder's message.
 */
import { describe, expect, it, vi } from 'vitest';
import { generateLargeTrace } from '../core/demo/index.ts';
import { decodeInput } from '../core/formats/index.ts';
import { nodeName, rootNode } from '../core/layout/trace-columns.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { readFixture } from '../testing/fixtures.ts';
import { inProcessWorker } from '../testing/in-process-worker.ts';
import { readFileSet } from './file-set-client.ts';
import type { LoadProgress, WorkerRequest } from './protocol.ts';
import type { WorkerLike } from './trace-worker-client.ts';

const MULTI = 'otlp-json/jaeger-memory-otel_traces_01.json';

/** An in-process worker that counts its terminations and the calls it was sent. */
function countingWorker() {
  const port = inProcessWorker();
  const seen = { terminated: 0, methods: [] as string[] };
  const worker: WorkerLike = {
    ...port,
    postMessage: (m, t) => {
      seen.methods.push((m as { method: string }).method);
      port.postMessage(m, t);
    },
    terminate: () => {
      seen.terminated++;
      port.terminate();
    },
  };
  return { worker, seen };
}

describe('file sets in the worker', () => {
  it('lists every trace of a file as the tree builder summarises it, and opens any of them', async () => {
    const bytes = readFixture(MULTI);
    const sink = new TraceSetBuilder();
    decodeInput(bytes, sink);
    const tables = sink.build();
    expect(tables.length).toBeGreaterThan(1);
    const { worker, seen } = countingWorker();
    const progress: LoadProgress[] = [];
    const set = await readFileSet([new Blob([bytes as BlobPart])], (p) => progress.push(p), {
      createWorker: () => worker,
    });
    expect(set.info.spanCount).toBe(tables.reduce((n, t) => n + t.count, 0));
    expect(set.info.traces.map((t) => t.summary)).toEqual(
      tables.map((t) => buildTree(t, { adjustClockSkew: true }).summary),
    );
    for (const [i, e] of set.info.traces.entries()) {
      expect(e.startNs).toBe(tables[i].baseNs);
      expect(e.rootName).not.toBe('');
    }
    expect(progress.at(-1)).toMatchObject({ phase: 'tree', loadedBytes: bytes.length });

    const [a, b] = set.info.traces.map((t) => t.summary.traceId);
    const ha = await set.open(a);
    const hb = await set.open(b, { adjustClockSkew: false });
    expect(ha.traceId).toBe(a);
    expect(hb.traceId).toBe(b);
    expect(hb.clockSkewAdjusted).toBe(false);
    expect(ha.traceIds).toEqual(tables.map((t) => t.traceId));
    // The entry names what the trace header names.
    expect(nodeName(ha.columns, rootNode(ha.columns))).toBe(set.info.traces[0].rootName);
    // The files crossed once: opening sends only the trace id.
    expect(seen.methods.filter((m) => m === 'readFiles')).toHaveLength(1);
    // The set goes; its open traces stay until they are disposed, then the worker ends.
    set.dispose();
    expect((await hb.details(0)).traceId).toBe(b);
    await expect(set.open(a)).rejects.toMatchObject({ code: 'aborted' });
    ha.dispose();
    expect(seen.terminated).toBe(0);
    hb.dispose();
    expect(seen.terminated).toBe(1);
  });

  it('reads files picked while the worker warms its readers up (prepareFileWorker), the warm-up stopping', async () => {
    const bytes = readFixture(MULTI);
    const port = inProcessWorker();
    const answers: unknown[] = [];
    port.addEventListener('message', (e) => {
      if ((e.data as { id: number }).id === 0) answers.push(e.data);
    });
    const warmUp: WorkerRequest = { id: 0, session: 0, method: 'warmUp', args: null };
    port.postMessage(warmUp);
    const set = await readFileSet([new Blob([bytes as BlobPart])], undefined, { createWorker: () => port });
    const sink = new TraceSetBuilder();
    decodeInput(bytes, sink);
    expect(set.info.traces.map((t) => t.summary.traceId).sort()).toEqual(
      sink
        .build()
        .map((t) => t.traceId)
        .sort(),
    );
    await vi.waitFor(() => expect(answers).toEqual([{ id: 0, kind: 'result', value: null }]));
    set.dispose();
  });

  it('refuses a file it cannot decode with the decoder message, and ends the worker', async () => {
    const { worker, seen } = countingWorker();
    const bad = new Blob(['{"resourceSpans": [ {"resource": } ]}']);
    await expect(readFileSet([bad], undefined, { createWorker: () => worker })).rejects.toMatchObject({
      code: 'format',
      message: expect.stringMatching(/: JSON: invalid JSON: expected a value at byte 33$/),
    });
    expect(seen.terminated).toBe(1);
  });

  it('finds text and TraceQL in every detail of a file trace over 100k spans', async () => {
    const parts: string[] = [];
    for (const req of generateLargeTrace({ seed: 5, nowMs: 1_700_000_000_000, spanCount: 100_500 }))
      parts.push(JSON.stringify(req));
    // JSON Lines of export requests, as a collector's file exporter writes them.
    const set = await readFileSet([new Blob([parts.join('\n')])], undefined, {
      createWorker: inProcessWorker,
    });
    const h = await set.open(set.info.traces[0].summary.traceId);
    try {
      expect(h.summary.spanCount).toBe(100_500);
      // An attribute value only the root carries (app.job.name).
      expect(Array.from(await h.find('catalog-import'))).toContain(0);
      const redis = await h.find('{ span.db.system.name = "redis" }');
      expect(redis.length).toBeGreaterThan(100);
      expect(Array.from(redis).every((k) => nodeName(h.columns, k) !== '')).toBe(true);
    } finally {
      h.dispose();
      set.dispose();
    }
  }, 120_000);
});
