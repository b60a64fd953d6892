/**
 * The local store's Tempo JSON written as it is read: a big trace (two of its windows of seq, its
 * spans in several resources and scopes) in the order an independent grouping of what was sent
 * gives, paced by a slow taker, stopped when cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeTrace } from '../../../core/demo/index.ts';
import { jsonBody } from '../../../testing/otlp-requests.ts';
import { slowTaker } from '../../../testing/slow-taker.ts';
import { expectCancelledReadsFreeConnections, streamedPieces } from '../../../testing/streamed-reads.ts';
import { DuckStore } from '../duck-store.ts';
import { transferable } from '../protocol.ts';

interface Request {
  resourceSpans: {
    resource: unknown;
    scopeSpans: { scope?: unknown; spans: { traceId: string; spanId: string }[] }[];
  }[];
}

let store: DuckStore;
let traceId = '';
/** What was sent: each span's resource and scope (as JSON) and id, in the order sent. */
const sent: { resource: string; scope: string; spanId: string }[] = [];

beforeAll(async () => {
  store = await DuckStore.open({ memory: true });
  // 70k spans: more than one window of seq (65,536) per group.
  for (const request of generateLargeTrace({
    seed: 9,
    nowMs: Date.now(),
    spanCount: 70_000,
  }) as Iterable<Request>) {
    for (const rs of request.resourceSpans) {
      const resource = JSON.stringify(rs.resource);
      for (const ss of rs.scopeSpans)
        for (const s of ss.spans) {
          traceId ||= s.traceId;
          sent.push({ resource, scope: JSON.stringify(ss.scope ?? {}), spanId: s.spanId });
        }
    }
    expect((await store.ingestOtlp(jsonBody(request), 'json')).ok).toBe(true);
  }
}, 120_000);
afterAll(() => store.close());

/** Resource → scope → span ids, each level in order of first appearance: the answer's order. */
function grouped(spans: readonly { resource: string; scope: string; spanId: string }[]): string[][][] {
  const resources = new Map<string, Map<string, string[]>>();
  for (const s of spans) {
    let scopes = resources.get(s.resource);
    if (!scopes) resources.set(s.resource, (scopes = new Map()));
    let ids = scopes.get(s.scope);
    if (!ids) scopes.set(s.scope, (ids = []));
    ids.push(s.spanId);
  }
  return [...resources.values()].map((scopes) => [...scopes.values()]);
}

describe('Tempo JSON of the local store, streamed', () => {
  it('groups a big trace by resource then scope in order of first appearance, spans in the order sent', async () => {
    const pieces = await streamedPieces(store, traceId, 'tempo-v2');
    expect(pieces.length).toBeGreaterThan(10);
    // Each owns its buffer: transferred to the HTTP thread, not copied with a whole batch around it.
    expect(pieces.every((p) => transferable(p).length === 1)).toBe(true);
    const body = Buffer.concat(pieces);
    expect(body.equals(Buffer.from((await store.getTrace(traceId, 'tempo-v2'))!))).toBe(true);
    const answer = JSON.parse(body.toString()) as Request & { trace: Request };
    const read = answer.trace.resourceSpans.map((rs) =>
      rs.scopeSpans.map((ss) => ss.spans.map((s) => s.spanId)),
    );
    expect(read).toEqual(grouped(sent));
    expect(read.length).toBeGreaterThan(2);
    expect(read.some((scopes) => scopes.length > 1)).toBe(true);
  }, 60_000);

  it('writes v1 the same way, under batches', async () => {
    const v1 = JSON.parse(Buffer.from((await store.getTrace(traceId, 'tempo-v1'))!).toString()) as {
      batches: unknown[];
    };
    const v2 = JSON.parse(Buffer.from((await store.getTrace(traceId, 'tempo-v2'))!).toString()) as {
      trace: { resourceSpans: unknown[] };
    };
    expect(v1.batches).toEqual(v2.trace.resourceSpans);
  }, 60_000);

  it('reads no further while its taker is behind, and goes on once it catches up', async () => {
    const taker = slowTaker();
    const read = store.streamTrace(traceId, 'tempo-v2', taker.send, new AbortController().signal);
    // The first piece comes once the first batch is read (slower on a busy machine); no other follows.
    await expect.poll(() => taker.pieces.length, { timeout: 20_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(taker.pieces.length).toBe(1);
    taker.catchUp();
    expect(await read).toBe(true);
    expect(
      Buffer.concat(taker.pieces).equals(Buffer.from((await store.getTrace(traceId, 'tempo-v2'))!)),
    ).toBe(true);
  }, 60_000);

  it('stops reading when cancelled midway, and frees its connection', async () => {
    await expectCancelledReadsFreeConnections(store, traceId, 'tempo-v1');
    expect(
      await store.streamTrace('f'.repeat(32), 'tempo-v2', () => undefined, new AbortController().signal),
    ).toBe(false);
  }, 60_000);
});
