/**
 * Everything a store answers about the traces it holds, as plain JSON-able data: every trace in
 * each encoding (binary answers by SHA-256), its details, attribute keys and values, find, searches
 * (recent, TraceQL on intrinsics, ids and structure), tags, pins and status counts. The migration
 * test compares a migrated store's answers with those recorded from the v1 store (v1-store/).
 */
import { createHash } from 'node:crypto';
import type { TraceStore } from '../server/store/types.ts';

const sha = (bytes: Uint8Array | null) =>
  bytes === null ? null : createHash('sha256').update(bytes).digest('hex');
const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes));
const plain = (v: unknown) =>
  JSON.parse(
    JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint32Array ? [...x] : x)),
  );

async function traceAnswers(store: TraceStore, id: string) {
  return {
    v1: text(await store.getTrace(id, 'tempo-v1')),
    v2: text(await store.getTrace(id, 'tempo-v2')),
    columnar: sha(await store.getTrace(id, 'columnar')),
    deferred: sha(await store.getTrace(id, 'columnar-deferred')),
    details: sha(await store.getSpanDetails(id, 0n, 2n ** 62n)),
    keys: plain(await store.attributeKeys(id)),
    services: plain(await store.attributeValues(id, 'service.name')),
    find: plain(await store.findInDetails(id, 'e')),
    errors: plain(await store.findByQuery(id, '{ status = error }')),
    pin: plain(await store.pinOf(id)),
  };
}

/** Queries naming the first trace id, span id and parent id found in the traces' Tempo v2 JSON. */
function queries(v2: string): string[] {
  const fixed = [
    '{ status = error }',
    '{ resource.service.name != "" } >> { kind = client }',
    '{ } | count() > 3',
    '{ rootServiceName != "" && span:parentID != "0000000000000001" }',
  ];
  const trace = /"traceId":"([0-9a-f]+)"/.exec(v2)?.[1];
  const span = /"spanId":"([0-9a-f]+)"/.exec(v2)?.[1];
  const parent = /"parentSpanId":"([0-9a-f]+)"/.exec(v2)?.[1];
  return [
    ...fixed,
    `{ trace:id = "${trace}" }`,
    `{ span:id = "${span}" }`,
    `{ span:parentID = "${parent}" }`,
    `{ span:id > "${span}" }`,
  ];
}

export async function storeAnswers(store: TraceStore, traceIds: readonly string[]) {
  const traces: Record<string, Awaited<ReturnType<typeof traceAnswers>>> = {};
  for (const id of traceIds) traces[id] = await traceAnswers(store, id);
  const searches: Record<string, unknown> = {
    recent: plain(await store.search({ limit: 1000, spss: 3 })),
  };
  for (const q of queries(
    Object.values(traces)
      .map((t) => t.v2)
      .join(''),
  )) {
    searches[q] = await store
      .search({ q, limit: 1000, spss: 5 })
      .then(plain, (e: Error) => `error: ${e.message}`);
  }
  const { traceCount, spanCount, pinCount, oldestTraceStartMs } = await store.status();
  return {
    traces,
    searches,
    tags: plain(await store.tags()),
    serviceValues: plain(await store.tagValues('resource.service.name')),
    nameValues: plain(await store.tagValues('name', '{ status = error }')),
    pins: plain(await store.pins()),
    status: { traceCount, spanCount, pinCount, oldestTraceStartMs },
  };
}
