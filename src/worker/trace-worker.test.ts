/**
 * The worker protocol end to end in one process: the client (openTrace) on one MessagePort, the
 * worker loop (serveTraceWorker) on the other, real fixtures as files and over HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeStats } from '../core/analysis/attribute-stats.ts';
import { COLUMNAR_MEDIA_TYPE } from '../core/api/media-types.ts';
import { decodeInput } from '../core/formats/index.ts';
import { NodeFlag, nodeName, nodeOfSpanId, nodeService, spanIdOf } from '../core/layout/trace-columns.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import { attrValueToString } from '../core/model/types.ts';
import { encodeDetailBatch } from '../core/transfer/detail-batch.ts';
import { columnarFromTable, encodeColumnar } from '../core/transfer/encode-columnar.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { framesEndedByError, framesOfBody } from '../testing/columnar-frames.ts';
import { readFixture } from '../testing/fixtures.ts';
import { deferredColumnar, generatedTable } from '../testing/generated-table.ts';
import { inProcessWorker } from '../testing/in-process-worker.ts';
import { randomTable } from '../testing/random-table.ts';
import type { LoadProgress } from './protocol.ts';
import { transferablesOf, workerName } from './protocol.ts';
import { type Port, serveTraceWorker } from './serve.ts';
import { openTrace, TraceLoadError, TraceWorker } from './trace-client.ts';
import { FIND_ATTRIBUTES_MAX_SPANS } from './trace-session.ts';

const SIBLING = 'otlp-json/jaeger-skills-sibling_errors.json';

describe('trace worker over a message channel', () => {
  it('opens a dropped file and holds only typed arrays and strings', async () => {
    const progress: LoadProgress[] = [];
    const file = new Blob([readFixture(SIBLING) as BlobPart]);
    const h = await openTrace({ kind: 'file', file }, (p) => progress.push(p), {
      createWorker: inProcessWorker,
    });
    try {
      expect(h.traceId).toBe('7c4f1a90b3e84d2f9a6c5e8017b3d264');
      expect(h.summary.spanCount).toBe(6);
      expect(h.summary.errorCount).toBe(5);
      const c = h.columns;
      expect(c.nodeCount).toBe(6);
      expect(c.startNs).toBeInstanceOf(Float64Array);
      expect(nodeName(c, 0)).toBe('oteldemo.CheckoutService/PlaceOrder');
      expect(nodeService(c, 0)).toBe('checkout');
      expect(c.durationNs).toBe(200e6);
      expect(Array.from(c.depth)).toEqual([0, 1, 1, 2, 1, 2]);
      // Children in start order: GetCart, Charge (+ payment's Charge), SendOrderConfirmation (+ email's).
      expect(spanIdOf(c, 3)).toBe('d4e5f60718293a4b');
      expect(h.columns.selfNs[0]).toBe(200e6 - 10e6 - 40e6 - 60e6);
      expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['decode', 'tree', 'layout']));
    } finally {
      h.dispose();
    }
  });

  it('holds several traces in one worker, each in its session until released', async () => {
    let terminated = 0;
    const port = inProcessWorker();
    const worker = new TraceWorker({
      ...port,
      terminate: () => {
        terminated++;
        port.terminate();
      },
    });
    const a = await openTrace(
      { kind: 'file', file: new Blob([readFixture(SIBLING) as BlobPart]) },
      undefined,
      { worker },
    );
    const b = await openTrace(
      { kind: 'file', file: new Blob([readFixture('zipkin-v2-json/zipkin-lens-netflix.json') as BlobPart]) },
      undefined,
      { worker },
    );
    expect(a.columns.nodeCount).toBe(6);
    expect(b.columns.nodeCount).toBeGreaterThan(6);
    expect((await a.details(0)).traceId).toBe(a.traceId);
    expect((await b.details(0)).traceId).toBe(b.traceId);
    a.dispose();
    await expect(a.details(0)).rejects.toMatchObject({ code: 'aborted' });
    // The other trace still answers: a shared worker ends only when its owner closes it.
    expect((await b.details(1)).traceId).toBe(b.traceId);
    b.dispose();
    expect(terminated).toBe(0);
    worker.close(new Error('done'));
    expect(terminated).toBe(1);
  });

  it('ends a worker made for one trace when that trace is disposed', async () => {
    let terminated = 0;
    const port = inProcessWorker();
    const h = await openTrace(
      { kind: 'file', file: new Blob([readFixture(SIBLING) as BlobPart]) },
      undefined,
      {
        createWorker: () => ({
          ...port,
          terminate: () => {
            terminated++;
            port.terminate();
          },
        }),
      },
    );
    const again = await h.setClockSkew(false);
    expect((await again.details(0)).traceId).toBe(h.traceId);
    h.dispose();
    expect(terminated).toBe(1);
    await expect(again.details(0)).rejects.toMatchObject({ code: 'aborted' });
  });

  it('answers details, find, critical path, stats and export', async () => {
    const file = new Blob([readFixture(SIBLING) as BlobPart]);
    const h = await openTrace({ kind: 'file', file }, undefined, { createWorker: inProcessWorker });
    try {
      const node = nodeOfSpanId(h.columns, 'd4e5f60718293a4b');
      const d = await h.details(node);
      expect(d.service).toBe('payment');
      expect(d.details?.statusMessage).toBe('payment declined: card processor rejected transaction');
      expect(d.absoluteStartNs).toBeTypeOf('bigint');
      expect(Array.from(await h.find('email'))).toEqual([4, 5]);
      expect(Array.from(await h.find('card processor'))).toEqual([3]);
      expect((await h.find('   ')).length).toBe(0);
      const cp = await h.criticalPath();
      expect(cp.node.length).toBeGreaterThan(0);
      expect(Array.from(cp.node)).toContain(0);
      const stats = await h.stats();
      const placeOrder = stats.operations.find((s) => s.name === 'oteldemo.CheckoutService/PlaceOrder');
      expect(placeOrder).toMatchObject({ service: 'checkout', count: 1, totalNs: 200e6, selfNs: 90e6 });
      expect(stats.services.reduce((n, s) => n + s.count, 0)).toBe(6);
      expect(stats.services.reduce((n, s) => n + s.errorCount, 0)).toBe(5);
      expect(stats.operations.length).toBeGreaterThanOrEqual(stats.services.length);
      const blob = await h.encode('zipkin-json');
      const spans = JSON.parse(await blob.text());
      expect(spans).toHaveLength(6);
      const unskewed = await h.setClockSkew(false);
      expect(unskewed.clockSkewAdjusted).toBe(false);
      expect(unskewed.columns.nodeCount).toBe(6);
    } finally {
      h.dispose();
    }
  });

  it("finds with a TraceQL query: the spans it returns, or the query's problem with its position", async () => {
    const file = new Blob([readFixture(SIBLING) as BlobPart]);
    const h = await openTrace({ kind: 'file', file }, undefined, { createWorker: inProcessWorker });
    try {
      const errors = await h.find('{ status = error }');
      expect(errors.length).toBe(5);
      for (const k of errors) expect(h.columns.flags[k] & NodeFlag.Error).toBeTruthy();
      // Structural: the error spans under the payment service's span (the right-hand side).
      const below = await h.find('{ resource.service.name = "checkout" } >> { status = error }');
      expect(below.length).toBeGreaterThan(0);
      expect(Array.from(below).every((k) => errors.includes(k))).toBe(true);
      expect(Array.from(await h.find('{ span:id = "d4e5f60718293a4b" }'))).toEqual([
        nodeOfSpanId(h.columns, 'd4e5f60718293a4b'),
      ]);
      const bad = await h.find('{ .a == 4 }').catch((e: TraceLoadError) => e);
      expect(bad).toBeInstanceOf(TraceLoadError);
      expect((bad as TraceLoadError).code).toBe('query');
      expect((bad as TraceLoadError).message).toMatch(/^1:7: /);
    } finally {
      h.dispose();
    }
  });

  it("groups statistics by service, operation and attribute, with each row's nodes", async () => {
    const file = new Blob([readFixture(SIBLING) as BlobPart]);
    const h = await openTrace({ kind: 'file', file }, undefined, { createWorker: inProcessWorker });
    try {
      const keys = await h.attributeKeys();
      expect(keys.resource.find((k) => k.key === 'service.name')).toEqual({ key: 'service.name', count: 6 });
      expect(keys.truncated).toBe(false);
      const bySvc = await h.groupStats({ by: 'service' });
      const old = await h.stats();
      expect(bySvc.rows).toEqual(old.services);
      expect(bySvc.nodeOffset.at(-1)).toBe(6);
      // Grouped by the resource attribute service.name: the same rows, the same nodes.
      const byName = await h.groupStats({ by: 'attribute', key: 'service.name' });
      expect(byName.grouping).toEqual({ by: 'attribute', key: 'service.name' });
      if (byName.grouping.by !== 'attribute') throw new Error('unreachable');
      expect('valuesFrom' in byName && byName.valuesFrom).toBe('details');
      expect(
        byName.rows.map((r) => ('group' in r && r.group.kind === 'value' ? r.group.value : '?')),
      ).toEqual(bySvc.rows.map((r) => ('service' in r ? r.service : '!')));
      expect(Array.from(byName.nodes)).toEqual(Array.from(bySvc.nodes));
      for (let i = 0; i < bySvc.rows.length; i++)
        for (const k of bySvc.nodes.subarray(bySvc.nodeOffset[i], bySvc.nodeOffset[i + 1]))
          expect(nodeService(h.columns, k)).toBe((bySvc.rows[i] as { service: string }).service);
      const none = await h.groupStats({ by: 'attribute', key: 'no.such.key' });
      expect(none.rows).toHaveLength(1);
      expect(none.rows[0]).toMatchObject({ group: { kind: 'none' }, count: 6 });
      expect(transferablesOf('groupStats', none)).toHaveLength(2);
    } finally {
      h.dispose();
    }
  });

  it('rejects a file that is not a trace with a format error, and ends the worker', async () => {
    const file = new Blob(['{"hello": "world"}']);
    const err = (await openTrace({ kind: 'file', file }, undefined, { createWorker: inProcessWorker }).catch(
      (e) => e,
    )) as TraceLoadError;
    expect(err.name).toBe('TraceLoadError');
    expect(err.code).toBe('format');
  });

  it('lists every buffer of the columns as transferable', async () => {
    const file = new Blob([readFixture(SIBLING) as BlobPart]);
    const h = await openTrace({ kind: 'file', file }, undefined, { createWorker: inProcessWorker });
    const buffers = transferablesOf('open', { columns: h.columns } as never);
    expect(buffers).toHaveLength(15);
    expect(new Set(buffers).size).toBe(15);
    h.dispose();
    await expect(h.details(0)).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('trace worker fetching from a store', () => {
  let server: Server;
  let base = '';
  const table = (() => {
    const sink = new TraceSetBuilder();
    decodeInput(readFixture(SIBLING), sink);
    return sink.build()[0];
  })();
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (
        req.url === `/api/v2/traces/${table.traceId}` &&
        req.headers.accept?.includes(COLUMNAR_MEDIA_TYPE)
      ) {
        res.writeHead(200, { 'content-type': COLUMNAR_MEDIA_TYPE });
        res.end(encodeColumnar(columnarFromTable(table)));
      } else if (req.url?.startsWith('/api/sources/prod/api/v2/traces/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(readFixture(SIBLING));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'trace not found' }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('loads the columnar answer of the local store', async () => {
    const h = await openTrace({ kind: 'store', traceId: table.traceId }, undefined, {
      baseUrl: base,
      createWorker: inProcessWorker,
    });
    expect(h.summary.spanCount).toBe(6);
    expect(nodeName(h.columns, 1)).toBe('oteldemo.CartService/GetCart');
    h.dispose();
  });

  it('asks the store from this thread, or from the worker, named after the trace, when told to', async () => {
    for (const requestFrom of [undefined, 'worker'] as const) {
      const inputs: string[] = [];
      const named: (string | undefined)[] = [];
      const port = inProcessWorker();
      const h = await openTrace({ kind: 'store', traceId: table.traceId }, undefined, {
        baseUrl: base,
        requestFrom,
        createWorker: (early) => ({
          ...port,
          postMessage: (m: { args?: { input?: { kind: string } } }, t?: Transferable[]) => {
            if (m.args?.input) inputs.push(m.args.input.kind);
            named.push(early && workerName(early));
            port.postMessage(m, t);
          },
        }),
      });
      expect(h.summary.spanCount).toBe(6);
      expect(inputs).toEqual([requestFrom === 'worker' ? 'url' : 'response']);
      expect(named).toEqual([requestFrom && `spanscope-trace skew ${base}api/v2/traces/${table.traceId}`]);
      h.dispose();
    }
  });

  it('loads an external source through the server as OTLP JSON', async () => {
    const h = await openTrace({ kind: 'store', traceId: table.traceId, sourceName: 'prod' }, undefined, {
      baseUrl: base,
      createWorker: inProcessWorker,
    });
    expect(h.summary.errorCount).toBe(5);
    h.dispose();
  });

  it('fetches the trace itself when given only its URL (no stream handed over)', async () => {
    const { port1, port2 } = new MessageChannel();
    serveTraceWorker(port2 as unknown as Port);
    const answers: { kind: string; value?: { summary: { spanCount: number } } }[] = [];
    const done = new Promise<void>((resolve) =>
      port1.on('message', (m) => {
        answers.push(m);
        if (m.kind !== 'progress') resolve();
      }),
    );
    const url = `${base}api/v2/traces/${table.traceId}`;
    port1.postMessage({
      id: 1,
      method: 'open',
      args: { input: { kind: 'url', url, traceId: table.traceId }, adjustClockSkew: true },
    });
    await done;
    port1.close();
    expect(answers.at(-1)?.kind).toBe('result');
    expect(answers.at(-1)?.value?.summary.spanCount).toBe(6);
    expect(answers.some((a) => a.kind === 'progress')).toBe(true);
  });

  it('takes the request it made as it started for the first open of that URL, and fetches again after', async () => {
    const { port1, port2 } = new MessageChannel();
    // A trace the server does not know: only the early answer has it.
    const url = `${base}api/v2/traces/${'ef'.repeat(16)}`;
    const body = encodeColumnar(columnarFromTable(table));
    const response = Promise.resolve(
      new Response(body as BodyInit, { headers: { 'content-type': COLUMNAR_MEDIA_TYPE } }),
    );
    serveTraceWorker(port2 as unknown as Port, { url, adjustClockSkew: true, response });
    const answers = new Map<number, { kind: string; value?: { summary: { spanCount: number } } }>();
    const done = new Promise<void>((resolve) =>
      port1.on('message', (m) => {
        if (m.kind === 'progress') return;
        answers.set(m.id, m);
        if (answers.size === 2) resolve();
      }),
    );
    for (const id of [1, 2])
      port1.postMessage({
        id,
        session: id,
        method: 'open',
        args: { input: { kind: 'url', url, traceId: table.traceId }, adjustClockSkew: true },
      });
    await done;
    port1.close();
    expect(answers.get(1)?.value?.summary.spanCount).toBe(6);
    expect(answers.get(2)).toMatchObject({ kind: 'error', error: { code: 'not-found' } });
  });

  it('says not-found for an unknown trace', async () => {
    const err = await openTrace({ kind: 'store', traceId: 'ab'.repeat(16) }, undefined, {
      baseUrl: base,
      createWorker: inProcessWorker,
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'not-found', status: 404 });
    expect(err.message).toContain('trace not found');
  });

  it('cancels a load when its signal aborts', async () => {
    const ctl = new AbortController();
    const p = openTrace({ kind: 'store', traceId: table.traceId }, undefined, {
      baseUrl: base,
      createWorker: inProcessWorker,
      signal: ctl.signal,
    });
    ctl.abort();
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('trace worker with details deferred by the store', () => {
  let server: Server;
  let base = '';
  let failDetails = false;
  const requests: string[] = [];
  const table = (() => {
    const sink = new TraceSetBuilder();
    decodeInput(readFixture(SIBLING), sink);
    return sink.build()[0];
  })();
  const columnar = columnarFromTable(table);
  // Keys as the store gives them: seqs of the trace's rows, with other traces' rows in between.
  const keyBase = 1000n;
  const keys = Uint32Array.from({ length: table.count }, (_, i) => i * 2);
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${url.pathname.split('/').pop()}${url.search}`);
      if (url.pathname === `/api/v2/traces/${table.traceId}`) {
        expect(req.headers.accept).toContain(`${COLUMNAR_MEDIA_TYPE}; details=deferred`);
        res.writeHead(200, { 'content-type': COLUMNAR_MEDIA_TYPE });
        res.end(encodeColumnar(columnar, { keys, keyBase }));
      } else if (url.pathname === `/api/v2/traces/${table.traceId}/details` && !failDetails) {
        const from = Number(BigInt(url.searchParams.get('from') ?? '') - keyBase);
        const to = Number(BigInt(url.searchParams.get('to') ?? '') - keyBase);
        const rows = columnar.detailJson.filter((_, i) => keys[i] >= from && keys[i] <= to);
        res.writeHead(200, { 'content-type': 'application/vnd.spanscope.details' });
        res.end(encodeDetailBatch(rows.map((t) => new TextEncoder().encode(t))));
      } else {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'the store failed' }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const open = () =>
    openTrace({ kind: 'store', traceId: table.traceId }, undefined, {
      baseUrl: base,
      createWorker: inProcessWorker,
    });

  it('fetches one span for the detail panel, every span for find and export', async () => {
    requests.length = 0;
    const h = await open();
    try {
      const node = nodeOfSpanId(h.columns, 'd4e5f60718293a4b');
      const d = await h.details(node);
      expect(d.details?.statusMessage).toBe('payment declined: card processor rejected transaction');
      const row = table.spanIds.indexOf('d4e5f60718293a4b');
      const key = keyBase + BigInt(keys[row]);
      expect(requests).toEqual([table.traceId, `details?from=${key}&to=${key}`]);
      expect(Array.from(await h.find('card processor'))).toEqual([3]);
      expect(requests[2]).toBe(`details?from=${keyBase}&to=${keyBase + BigInt(keys[table.count - 1])}`);
      const spans = JSON.parse(await (await h.encode('zipkin-json')).text());
      expect(spans).toHaveLength(6);
      expect(requests).toHaveLength(3);
    } finally {
      h.dispose();
    }
  });

  it('finds what a table with its details in place finds, for every attribute text and tricky needles', async () => {
    const needles = new Set(['null', 'NUL', 'true', '"', ',', ':', '{', 'é', '0', 'E', 'card PROCESSOR']);
    for (let i = 0; i < table.count; i++) {
      const d = table.details(i);
      for (const a of d.attributes) {
        needles.add(a.key);
        const v = attrValueToString(a.value);
        needles.add(v);
        needles.add(v.slice(1, 4).toUpperCase());
      }
      for (const e of d.events) needles.add(e.name);
      if (d.statusMessage) needles.add(d.statusMessage.slice(3, 12));
    }
    const file = new Blob([readFixture(SIBLING) as BlobPart]);
    const inPlace = await openTrace({ kind: 'file', file }, undefined, { createWorker: inProcessWorker });
    const deferred = await open();
    try {
      for (const needle of needles) {
        if (!needle.trim()) continue;
        const ids = async (h: typeof inPlace) =>
          Array.from(await h.find(needle), (k) => spanIdOf(h.columns, k)).sort();
        expect(await ids(deferred), needle).toEqual(await ids(inPlace));
      }
      expect(needles.size).toBeGreaterThan(10);
    } finally {
      inPlace.dispose();
      deferred.dispose();
    }
  });

  it('groups a small trace by an attribute from its fetched details, not by asking the store', async () => {
    requests.length = 0;
    const h = await open();
    try {
      const g = await h.groupStats({ by: 'attribute', key: 'service.name' });
      expect('valuesFrom' in g && g.valuesFrom).toBe('details');
      expect(g.rows.reduce((n, r) => n + r.count, 0)).toBe(6);
      expect(requests.slice(1)).toEqual([
        `details?from=${keyBase}&to=${keyBase + BigInt(keys[table.count - 1])}`,
      ]);
      expect((await h.attributeKeys()).resource[0]).toEqual({ key: 'service.name', count: 6 });
    } finally {
      h.dispose();
    }
  });

  it('loads the details in the background once the trace is open', async () => {
    requests.length = 0;
    const h = await open();
    try {
      await new Promise((r) => setTimeout(r, 800));
      expect(requests).toHaveLength(2);
      expect(requests[1]).toMatch(/^details\?from=1000&to=/);
      await h.find('card processor');
      expect(requests).toHaveLength(2);
    } finally {
      h.dispose();
    }
  });

  it("reports the store's error when details cannot be fetched, and tries again later", async () => {
    failDetails = true;
    const h = await open();
    try {
      await expect(h.details(0)).rejects.toMatchObject({ code: 'http', status: 500 });
      await expect(h.find('card processor')).rejects.toThrow(/the store failed/);
      failDetails = false;
      expect((await h.details(0)).details).not.toBeNull();
      expect(Array.from(await h.find('card processor'))).toEqual([3]);
    } finally {
      failDetails = false;
      h.dispose();
    }
  });
});

describe('trace worker grouping a trace too big to fetch every detail of', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  // More spans than the worker fetches the details of: the store answers the values.
  const table = randomTable({ spanCount: FIND_ATTRIBUTES_MAX_SPANS + 5_000, seed: 3 });
  const keyBase = 2n ** 40n;
  const keys = Uint32Array.from({ length: table.count }, (_, i) => i * 3);
  // Span i has the value "v{i % 7}" unless i % 5 is 0.
  const codeOf = (i: number): number => (i % 5 === 0 ? -1 : i % 7);
  const spansWith = Array.from({ length: table.count }, (_, i) => i).filter((i) => codeOf(i) >= 0);
  beforeAll(async () => {
    const body = encodeColumnar(columnarFromTable(table), { keys, keyBase });
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${url.pathname.split('/').slice(5).join('/')}${url.search}`);
      const json = (v: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(typeof v === 'string' ? v : JSON.stringify(v));
      };
      if (url.pathname === `/api/v2/traces/${table.traceId}`) {
        res.writeHead(200, { 'content-type': COLUMNAR_MEDIA_TYPE });
        res.end(body);
      } else if (url.pathname.endsWith('/details/values') && url.searchParams.get('key') === 'pod') {
        // The store's key base is lower than the body's: its offsets are shifted.
        const shift = 10;
        json(
          `{"keyBase":"${keyBase - BigInt(shift)}","values":["v0","v1","v2","v3","v4","v5","v6"],` +
            `"offsets":[${spansWith.map((i) => keys[i] + shift).join(',')}],"codes":[${spansWith.map(codeOf).join(',')}]}`,
        );
      } else if (url.pathname.endsWith('/details/keys'))
        json({ span: [{ key: 'pod', count: 1 }], resource: [], truncated: false });
      else {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'the store failed' }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('asks the store for the values and keys, and groups as the core does with them', async () => {
    requests.length = 0;
    const h = await openTrace({ kind: 'store', traceId: table.traceId }, undefined, {
      baseUrl: base,
      createWorker: inProcessWorker,
    });
    try {
      expect(await h.attributeKeys()).toEqual({
        span: [{ key: 'pod', count: 1 }],
        resource: [],
        truncated: false,
      });
      const g = await h.groupStats({ by: 'attribute', key: 'pod' });
      expect('valuesFrom' in g && g.valuesFrom).toBe('store');
      expect(requests).toEqual(['', 'details/keys', 'details/values?key=pod']);
      const tree = buildTree(table, { adjustClockSkew: true });
      const codes = Int32Array.from({ length: table.count }, (_, i) => codeOf(i));
      const want = attributeStats(tree, { codes, values: ['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6'] });
      expect(g.rows).toEqual(want.rows);
      expect(g.nodeOffset).toEqual(want.nodeOffset);
      expect(g.nodes).toEqual(want.nodes);
      // A failing store answer is reported, and asked again next time.
      await expect(h.groupStats({ by: 'attribute', key: 'other' })).rejects.toMatchObject({ code: 'http' });
      await expect(h.groupStats({ by: 'attribute', key: 'other' })).rejects.toMatchObject({ code: 'http' });
      expect(requests.filter((r) => r.endsWith('key=other'))).toHaveLength(2);
      // The values are kept: grouping by the same key again asks nothing.
      await h.groupStats({ by: 'attribute', key: 'pod' });
      expect(requests.filter((r) => r.endsWith('key=pod'))).toHaveLength(1);
    } finally {
      h.dispose();
    }
  }, 30_000);
});

describe('trace worker reading the store streamed answer', () => {
  let server: Server;
  let base = '';
  const STREAM = 'application/vnd.spanscope.columnar-stream';
  const table = generatedTable(3_000);
  const frames = framesOfBody(deferredColumnar(table), 1024);
  /** The stream, in pieces written apart, cut short (truncated) or ending in an error frame. */
  let answer: 'whole' | 'truncated' | 'error' = 'whole';
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      expect(req.headers.accept).toContain(`${STREAM}; details=deferred`);
      res.writeHead(200, { 'content-type': STREAM });
      const body =
        answer === 'truncated'
          ? frames.subarray(0, frames.byteLength - 100)
          : answer === 'error'
            ? framesEndedByError(frames, 'the store failed midway')
            : frames;
      for (let at = 0; at < body.byteLength; at += 7_777) {
        res.write(body.subarray(at, at + 7_777));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('opens the same trace as the whole answer, with its stream and decode times', async () => {
    answer = 'whole';
    const h = await openTrace({ kind: 'store', traceId: table.traceId }, undefined, {
      baseUrl: base,
      createWorker: inProcessWorker,
    });
    const tree = buildTree(table, { adjustClockSkew: true });
    expect(h.summary).toEqual(tree.summary);
    expect(h.columns.nodeCount).toBe(tree.nodeCount);
    for (const node of [0, 1, 1_234, tree.nodeCount - 1])
      expect(spanIdOf(h.columns, node)).toBe(tree.spanIdOf(node));
    h.dispose();
  });

  it('refuses a stream cut short, and one the store ended with an error', async () => {
    for (const [kind, message] of [
      ['truncated', /ended before its end frame/],
      ['error', /the store failed midway/],
    ] as const) {
      answer = kind;
      const open = openTrace({ kind: 'store', traceId: table.traceId }, undefined, {
        baseUrl: base,
        createWorker: inProcessWorker,
      });
      await expect(open).rejects.toThrow(message);
    }
  });
});
