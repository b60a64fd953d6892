import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanTable } from '../../../core/model/span-table.ts';
import { decodeColumnar, decodeColumnarTrace } from '../../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../../core/transfer/detail-batch.ts';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { importBytes } from '../../../testing/import-bytes.ts';
import { jsonBody } from '../../../testing/otlp-requests.ts';
import { comparableSpans, tablesOfJson } from '../../../testing/span-compare.ts';
import { DuckStore } from '../duck-store.ts';

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
