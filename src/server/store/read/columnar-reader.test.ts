import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeTrace } from '../../../core/demo/index.ts';
import type { SpanTable } from '../../../core/model/span-table.ts';
import { ColumnarStreamReader } from '../../../core/transfer/columnar-stream-reader.ts';
import { decodeColumnar, decodeColumnarTrace } from '../../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../../core/transfer/detail-batch.ts';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { importBytes } from '../../../testing/import-bytes.ts';
import { jsonBody } from '../../../testing/otlp-requests.ts';
import { slowTaker } from '../../../testing/slow-taker.ts';
import { comparableSpans, hotSpans, tablesOfJson } from '../../../testing/span-compare.ts';
import { cutAt } from '../../../testing/stream-decode.ts';
import { expectCancelledReadsFreeConnections, streamedPieces } from '../../../testing/streamed-reads.ts';
import { DuckStore } from '../duck-store.ts';
import { traceIdOfHex } from '../schema/binary-ids.ts';

let store: DuckStore;
beforeAll(async () => {
  store = await DuckStore.open({ memory: true });
});
afterAll(() => store.close());

/** The trace as the browser gets it: the hot body, then its details in batches of `batch` spans. */
async function deferredTrace(traceId: string, batch: number): Promise<SpanTable> {
  const { table, deferred } = decodeColumnarTrace((await store.getTrace(traceId, 'columnar-deferred'))!);
  if (!deferred) throw new Error('the store sent the details inline');
  for (let first = 0; first < table.count; first += batch) {
    const end = Math.min(table.count, first + batch);
    const bytes = await store.getSpanDetails(traceId, deferred.keyOf(first), deferred.keyOf(end - 1));
    deferred.fill(first, decodeDetailBatch(bytes!, end - first));
  }
  expect(deferred.complete).toBe(true);
  return table;
}

const otlpFiles = listFixtures().filter((f) => f.startsWith('otlp-'));

describe('columnar reads of real files', () => {
  it.each(otlpFiles)('%s: inline and deferred columnar answers equal the Tempo answer', async (rel) => {
    const imported = await importBytes(store, readFixture(rel));
    expect(imported.traceIds.length).toBeGreaterThan(0);
    for (const traceId of imported.traceIds) {
      const tempo = comparableSpans(tablesOfJson(await store.getTrace(traceId, 'tempo-v2')));
      const inline = decodeColumnar((await store.getTrace(traceId, 'columnar'))!);
      expect(inline.format).toBe('store');
      expect(comparableSpans([inline])).toEqual(tempo);
      expect(comparableSpans([await deferredTrace(traceId, 3)])).toEqual(tempo);
    }
  });
});

const TRACE = 'c01d0c01d0c01d0c01d0c01d0c01d0c0';
const BASE = 1_700_000_000_000_000_000n;

function span(spanId: string, startNs: bigint | null, extra: Record<string, unknown> = {}) {
  return {
    traceId: TRACE,
    spanId,
    name: `op ${spanId.slice(-1)}`,
    ...(startNs === null
      ? {}
      : { startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + 5n) }),
    attributes: [{ key: 'n', value: { stringValue: spanId } }],
    ...extra,
  };
}

function request(service: string, ...spans: unknown[]) {
  return jsonBody({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'lib' }, spans }],
      },
    ],
  });
}

describe('columnar reads of tricky spans', () => {
  it('keeps spans without a start, events before the earliest start and parents', async () => {
    const early = { timeUnixNano: String(BASE - 7n), name: 'queued' };
    await store.ingestOtlp(
      request(
        'api',
        span('0000000000000001', BASE + 10n, {
          events: [early, { timeUnixNano: String(BASE + 12n), name: 'b' }],
        }),
        span('0000000000000002', null, { parentSpanId: '0000000000000001' }),
      ),
      'json',
    );
    const table = await deferredTrace(TRACE, 1);
    expect(table.baseNs).toBe(BASE + 10n);
    expect(Array.from(table.startNs)).toEqual([0, Number.NaN]);
    expect(Array.from(table.eventNs)).toEqual([-17, 2]);
    expect(Array.from(table.eventStart)).toEqual([0, 2, 2]);
    expect(table.parentIds).toEqual(['', '0000000000000001']);
    expect(table.details(1).attributes).toEqual([
      { key: 'n', value: { type: 'string', value: '0000000000000002' } },
    ]);
  });

  it("keeps a body's keys valid while more spans of its trace arrive", async () => {
    const before = decodeColumnarTrace((await store.getTrace(TRACE, 'columnar-deferred'))!);
    await store.ingestOtlp(request('db', span('0000000000000003', BASE + 20n)), 'json');
    const d = before.deferred!;
    const batch = await store.getSpanDetails(TRACE, d.keyOf(0), d.keyOf(d.count - 1));
    d.fill(0, decodeDetailBatch(batch!, d.count));
    expect(before.table.details(1).attributes[0].value).toEqual({
      type: 'string',
      value: '0000000000000002',
    });
    const after = await deferredTrace(TRACE, 2);
    expect(after.spanIds).toEqual(['0000000000000001', '0000000000000002', '0000000000000003']);
    expect(after.strings[after.services[2]]).toBe('db');
  });

  it('answers details of key ranges outside the trace as empty, and null for unknown traces', async () => {
    const { deferred } = decodeColumnarTrace((await store.getTrace(TRACE, 'columnar-deferred'))!);
    const last = deferred!.keyOf(deferred!.count - 1);
    expect(
      decodeDetailBatch((await store.getSpanDetails(TRACE, last + 1n, last + 100n))!, 0).offsets,
    ).toEqual(Uint32Array.of(0));
    expect(decodeDetailBatch((await store.getSpanDetails(TRACE, 0n, 2n ** 62n))!, 3).offsets.length).toBe(4);
    expect(await store.getSpanDetails('f'.repeat(32), 0n, 10n)).toBeNull();
    expect(await store.getSpanDetails('not an id', 0n, 10n)).toBeNull();
    expect(await store.getTrace('f'.repeat(32), 'columnar-deferred')).toBeNull();
  });
});

/** A store trace read as a stream: its pieces as `send` got them. */
const streamPieces = (traceId: string) => streamedPieces(store, traceId, 'columnar-deferred');

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

/** The pieces pushed one by one, and cut once at every piece boundary, each give `body`. */
function expectAssembles(pieces: readonly Uint8Array[], body: Uint8Array): void {
  const all = concat(pieces);
  const boundaries = pieces
    .slice(0, -1)
    .map((_, i) => pieces.slice(0, i + 1).reduce((n, p) => n + p.byteLength, 0));
  for (const split of [pieces, ...boundaries.map((at) => cutAt(all, [at]))]) {
    const reader = new ColumnarStreamReader();
    for (const piece of split) reader.push(piece);
    expect(Buffer.from(reader.bytes()).equals(Buffer.from(body))).toBe(true);
  }
}

/** The demo generator's trace of `spanCount` spans, stored; its trace id. */
async function storeGenerated(spanCount: number, seed: number): Promise<string> {
  let traceId = '';
  for (const request of generateLargeTrace({ seed, nowMs: Date.now(), spanCount }) as Iterable<{
    resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
  }>) {
    traceId ||= request.resourceSpans[0].scopeSpans[0].spans[0].traceId;
    expect((await store.ingestOtlp(jsonBody(request), 'json')).ok).toBe(true);
  }
  return traceId;
}

describe('streamed columnar reads', () => {
  it.each(otlpFiles)('%s: the pieces, cut at every piece boundary, are the unstreamed body', async (rel) => {
    const imported = await importBytes(store, readFixture(rel));
    for (const traceId of imported.traceIds)
      expectAssembles(await streamPieces(traceId), (await store.getTrace(traceId, 'columnar-deferred'))!);
  });

  let big = '';
  it('a generated 100k-span trace: many pieces, the same body, the same spans as the Tempo answer', async () => {
    big = await storeGenerated(100_000, 5);
    const pieces = await streamPieces(big);
    expect(pieces.length).toBeGreaterThan(5);
    const body = (await store.getTrace(big, 'columnar-deferred'))!;
    expectAssembles(pieces, body);
    const tempo = hotSpans(tablesOfJson(await store.getTrace(big, 'tempo-v2')));
    // The inline answer is read the same way, with the details the comparison wants.
    expect(hotSpans([decodeColumnar((await store.getTrace(big, 'columnar'))!)])).toEqual(tempo);
    expect(decodeColumnar(body).spanIds).toEqual(
      decodeColumnar((await store.getTrace(big, 'columnar'))!).spanIds,
    );
  }, 120_000);

  it('reads no further while its taker is behind, and goes on once it catches up', async () => {
    const taker = slowTaker();
    const read = store.streamTrace(big, 'columnar-deferred', taker.send, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 300));
    // The head only: no result chunk is read while the taker has not taken it.
    expect(taker.pieces.length).toBe(1);
    taker.catchUp();
    expect(await read).toBe(true);
    expectAssembles(taker.pieces, (await store.getTrace(big, 'columnar-deferred'))!);
  }, 60_000);

  it('stops reading when cancelled midway, and frees its connection', async () => {
    await expectCancelledReadsFreeConnections(store, big, 'columnar-deferred');
    expect(decodeColumnar((await store.getTrace(big, 'columnar-deferred'))!).count).toBe(100_000);
  }, 60_000);

  it('stays consistent while its trace grows: the spans it began with, keys that fetch their details', async () => {
    const pieces: Uint8Array[] = [];
    let grown: Promise<unknown> | null = null;
    const extra = { ...span('00000000000000ff', BASE), traceId: big };
    await store.streamTrace(
      big,
      'columnar-deferred',
      (p) => {
        pieces.push(p);
        grown ??= store.ingestOtlp(request('late', extra), 'json');
      },
      new AbortController().signal,
    );
    await grown;
    const reader = new ColumnarStreamReader();
    for (const p of pieces) reader.push(p);
    const { table, deferred } = reader.decode();
    expect(table.count).toBe(100_000);
    // A key fetches the details of the span it came with: as the inline answer (read now) has them.
    const inline = decodeColumnar((await store.getTrace(big, 'columnar'))!);
    const rowOf = new Map(inline.spanIds.map((id, r) => [id, r]));
    for (const i of [0, 4_321, 99_999]) {
      const batch = await store.getSpanDetails(big, deferred!.keyOf(i), deferred!.keyOf(i));
      deferred!.fill(i, decodeDetailBatch(batch!, 1));
      expect(table.details(i)).toEqual(inline.details(rowOf.get(table.spanIds[i])!));
    }
    const after = decodeColumnar((await store.getTrace(big, 'columnar-deferred'))!);
    expect(after.count).toBe(100_001);
    expect(after.spanIds.slice(0, 100_000)).toEqual(table.spanIds);
  }, 60_000);

  it('reads rows stored out of seq order in seq order (the sorted query)', async () => {
    const before = decodeColumnar((await store.getTrace(TRACE, 'columnar'))!);
    const c = (store as unknown as { maintenance: DuckDBConnection }).maintenance;
    await c.run(
      `CREATE TEMP TABLE moved AS SELECT * FROM spans WHERE trace_id = ${traceIdOfHex(`'${TRACE}'`)}`,
    );
    await c.run(`DELETE FROM spans WHERE trace_id = ${traceIdOfHex(`'${TRACE}'`)}`);
    await c.run('INSERT INTO spans SELECT * FROM moved ORDER BY seq DESC');
    await c.run('DROP TABLE moved');
    const after = decodeColumnar((await store.getTrace(TRACE, 'columnar'))!);
    // The same spans in the same (seq) order; the string table may list its texts in another order.
    expect(after.spanIds).toEqual(before.spanIds);
    expect(comparableSpans([after])).toEqual(comparableSpans([before]));
    expectAssembles(await streamPieces(TRACE), (await store.getTrace(TRACE, 'columnar-deferred'))!);
  });
});
