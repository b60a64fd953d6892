/**
 * The worker's diff calls end to end over a MessageChannel: two traces open in one TraceWorker,
 * B diffed against A in the worker (as core/diff computes it), the typical trace against several
 * baselines, the answers' buffers transferred, progress per phase, refusals; and two traces from a
 * store that defers details, whose details are fetched before attributes are compared.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNAR_MEDIA_TYPE } from '../core/api/media-types.ts';
import { compareWithTypical, DiffFlag, DiffKind, diffTraces, summarizeDiff } from '../core/diff/index.ts';
import { encodeTraces } from '../core/formats/index.ts';
import type { SpanTable } from '../core/model/span-table.ts';
import { encodeDetailBatch } from '../core/transfer/detail-batch.ts';
import { columnarFromTable, encodeColumnar } from '../core/transfer/encode-columnar.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { asciiTrace } from '../testing/ascii-trace.ts';
import { inProcessWorker } from '../testing/in-process-worker.ts';
import { type DiffProgress, transferablesOf } from './protocol.ts';
import { openTrace, type TraceHandle, TraceWorker } from './trace-client.ts';

const id = (n: number) => n.toString(16).padStart(32, '0');

const A = asciiTrace(
  `
    root [svc=web]                                   |==============|
      auth [svc=auth]                                 |==|
      db [svc=db span.db.table=orders]                   |====|
      cache [svc=redis]                                       |=|
  `,
  { traceId: id(0xa) },
);
const B = asciiTrace(
  `
    root [svc=web err]                               |====================|
      auth [svc=auth]                                 |==|
      db [svc=db span.db.table=order_items err]          |====|
      db [svc=db]                                             |====|
      mail [svc=mail]                                              |==|
  `,
  { traceId: id(0xb) },
);

const fileOf = (t: SpanTable) => ({
  kind: 'file' as const,
  file: new Blob([encodeTraces([t], 'otlp-json') as BlobPart]),
});

async function openPair(
  worker: TraceWorker,
  a: SpanTable,
  b: SpanTable,
): Promise<[TraceHandle, TraceHandle]> {
  const [ha, hb] = await Promise.all([
    openTrace(fileOf(a), undefined, { worker }),
    openTrace(fileOf(b), undefined, { worker }),
  ]);
  return [ha, hb];
}

describe('diff in the worker', () => {
  it('answers the merged tree and the summary core/diff computes, with progress per phase', async () => {
    const worker = new TraceWorker(inProcessWorker());
    try {
      const [a, b] = await openPair(worker, A, B);
      const progress: DiffProgress[] = [];
      const result = await b.diffWith(a, (p) => progress.push(p));
      const expected = diffTraces(
        buildTree(A, { adjustClockSkew: true }),
        buildTree(B, { adjustClockSkew: true }),
      );
      const t = result.tree;
      expect(t.nodeCount).toBe(expected.nodeCount);
      for (const key of [
        'parent',
        'depth',
        'subtreeEnd',
        'childCount',
        'kind',
        'flags',
        'aNode',
        'bNode',
      ] as const)
        expect(Array.from(t[key]), key).toEqual(Array.from(expected[key]));
      expect(Array.from(t.nodeOfB)).toEqual(Array.from(expected.nodeOfB));
      expect(Array.from(t.selfDeltaNs)).toEqual(Array.from(expected.selfDeltaNs));
      expect(result.summary).toEqual(summarizeDiff(expected));
      expect(result.attributesCompared).toBe(true);
      // db changed its attributes and status; the second db call and mail were added; cache removed.
      const db = t.nodeOfB[2];
      expect(t.kind[db]).toBe(DiffKind.Changed);
      expect(t.flags[db] & (DiffFlag.Attributes | DiffFlag.Status)).toBe(
        DiffFlag.Attributes | DiffFlag.Status,
      );
      expect(result.summary.counts).toMatchObject({ matched: 3, added: 2, removed: 1 });
      expect(result.summary.repeatedCalls).toEqual([
        { parent: 0, service: 'db', name: 'db', countA: 1, countB: 2 },
      ]);
      expect(progress.map((p) => p.phase)).toEqual(['details', 'align', 'merge', 'summary']);
      expect(progress[0].spanCount).toBe(9);
      expect(Object.keys(result.timingsMs)).toEqual(['details', 'align', 'merge', 'summary']);
      // Every typed array of the answer travels as a Transferable.
      expect(transferablesOf('diff', result)).toHaveLength(13);
    } finally {
      worker.close(new Error('done'));
    }
  });

  it('compares a trace with itself: everything the same', async () => {
    const worker = new TraceWorker(inProcessWorker());
    try {
      const b = await openTrace(fileOf(B), undefined, { worker });
      const result = await b.diffWith(b);
      expect(result.summary.counts).toEqual({ matched: 5, same: 5, changed: 0, added: 0, removed: 0 });
      expect(result.summary.firstDivergence).toBeNull();
      expect(Array.from(result.tree.kind).every((k) => k === DiffKind.Same)).toBe(true);
      // The session's own tree is not detached by the transfer: it still answers.
      expect((await b.details(1)).name).toBe('auth');
      expect((await b.diffWith(b)).tree.nodeCount).toBe(5);
    } finally {
      worker.close(new Error('done'));
    }
  });

  it('leaves attributes out when asked, and refuses a trace of another worker or a released one', async () => {
    const worker = new TraceWorker(inProcessWorker());
    const other = new TraceWorker(inProcessWorker());
    try {
      const [a, b] = await openPair(worker, A, B);
      const plain = await b.diffWith(a, undefined, { attributes: false });
      expect(plain.attributesCompared).toBe(false);
      expect(plain.tree.flags[plain.tree.nodeOfB[2]] & DiffFlag.Attributes).toBe(0);
      const elsewhere = await openTrace(fileOf(A), undefined, { worker: other });
      await expect(b.diffWith(elsewhere)).rejects.toThrow(/not open in the same worker/);
      a.dispose();
      await expect(b.diffWith(a)).rejects.toThrow(/no trace is open in session/);
    } finally {
      worker.close(new Error('done'));
      other.close(new Error('done'));
    }
  });

  it('compares B with the typical trace of several baselines, ghost rows in its rows', async () => {
    const baselines = [0, 1, 2].map((i) =>
      asciiTrace(
        `
          root [svc=web]       |==============|
            auth [svc=auth]     |==|
            db [svc=db]            |==|
            cache [svc=redis]          |=|
        `,
        { traceId: id(0x100 + i) },
      ),
    );
    const worker = new TraceWorker(inProcessWorker());
    try {
      const b = await openTrace(fileOf(B), undefined, { worker });
      const handles = await Promise.all(baselines.map((t) => openTrace(fileOf(t), undefined, { worker })));
      const progress: string[] = [];
      const result = await b.compareWithTypical(handles, (p) => progress.push(p.phase));
      const expected = compareWithTypical(
        buildTree(B, { adjustClockSkew: true }),
        baselines.map((t) => buildTree(t, { adjustClockSkew: true })),
      );
      expect(result.baselineCount).toBe(3);
      expect(Array.from(result.flags)).toEqual(Array.from(expected.flags));
      expect(Array.from(result.presence)).toEqual(Array.from(expected.presence));
      expect(result.ghosts).toEqual(expected.ghosts);
      expect(result.earliest).toEqual(expected.earliest);
      expect(result.ghosts.map((g) => g.name)).toEqual(['cache']);
      // B's five spans and the cache ghost, under the root.
      const rows = result.rows;
      expect(rows.nodeCount).toBe(6);
      const ghostRow = Array.from(rows.ghostOf).indexOf(0);
      expect(rows.contentOf[ghostRow]).toBe(-1);
      expect(rows.parent[ghostRow]).toBe(rows.rowOfB[0]);
      expect(progress).toEqual(['align', 'rows']);
      expect(transferablesOf('typical', result)).toHaveLength(11);
    } finally {
      worker.close(new Error('done'));
    }
  });
});

describe('diff of two traces whose details the store deferred', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  const tables = [A, B];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const table = tables.find((t) => url.pathname.startsWith(`/api/v2/traces/${t.traceId}`));
      if (!table) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'trace not found' }));
        return;
      }
      const columnar = columnarFromTable(table);
      const keys = Uint32Array.from({ length: table.count }, (_, i) => i);
      if (url.pathname.endsWith('/details')) {
        requests.push(`${table.traceId.slice(-1)} details`);
        const from = Number(url.searchParams.get('from'));
        const to = Number(url.searchParams.get('to'));
        const rows = columnar.detailJson.filter((_, i) => i >= from && i <= to);
        res.writeHead(200, { 'content-type': 'application/vnd.spanscope.details' });
        res.end(encodeDetailBatch(rows.map((t) => new TextEncoder().encode(t))));
      } else {
        res.writeHead(200, { 'content-type': COLUMNAR_MEDIA_TYPE });
        res.end(encodeColumnar(columnar, { keys, keyBase: 0n }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches both traces’ details, then compares attributes', async () => {
    const worker = new TraceWorker(inProcessWorker());
    try {
      const [a, b] = await Promise.all(
        tables.map((t) =>
          openTrace({ kind: 'store', traceId: t.traceId }, undefined, { worker, baseUrl: base }),
        ),
      );
      const result = await b.diffWith(a);
      expect(result.attributesCompared).toBe(true);
      expect(result.tree.flags[result.tree.nodeOfB[2]] & DiffFlag.Attributes).toBe(DiffFlag.Attributes);
      expect([...new Set(requests)].sort()).toEqual(['a details', 'b details']);
    } finally {
      worker.close(new Error('done'));
    }
  });

  it('says which trace is unknown to the store', async () => {
    const worker = new TraceWorker(inProcessWorker());
    try {
      const err = await openTrace({ kind: 'store', traceId: id(0xdead) }, undefined, {
        worker,
        baseUrl: base,
      }).catch((e) => e);
      expect(err).toMatchObject({ code: 'not-found', status: 404 });
    } finally {
      worker.close(new Error('done'));
    }
  });
});
