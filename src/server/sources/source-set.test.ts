import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeColumnarTrace } from '../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../core/transfer/detail-batch.ts';
import { generatedTable } from '../../testing/generated-table.ts';
import { type ReplayServer, startReplayServer } from '../../testing/replay-server.ts';
import { encodeTraceAs } from './encode-trace.ts';
import { parseSourceSpec } from './source-config.ts';
import { SourceSet } from './source-set.ts';
import { UpstreamError } from './trace-source.ts';

describe('SourceSet', () => {
  let tempo: ReplayServer;
  beforeAll(async () => {
    tempo = await startReplayServer({ '/api/echo': { body: 'echo' } });
  });
  afterAll(() => tempo.close());

  it('probes each source once per cache period, and again after it', async () => {
    const set = new SourceSet([parseSourceSpec(`t=tempo:${tempo.url}`)], {}, { healthTtlMs: 1000 });
    const probes = () => tempo.requests.filter((r) => r.path === '/api/echo').length;
    const before = probes();
    const [first] = await set.list(10_000);
    await set.list(10_500);
    expect(probes() - before).toBe(1);
    expect(first?.health).toMatchObject({ reachable: true });
    await set.list(11_001);
    expect(probes() - before).toBe(2);
    set.close();
  });

  it('resolves sources by name, each kind through its adapter; an unreachable one is reported as such', async () => {
    const set = new SourceSet(
      [parseSourceSpec(`t=tempo:${tempo.url}`), parseSourceSpec('z=zipkin:http://127.0.0.1:9')],
      {},
    );
    expect(set.names).toEqual(['t', 'z']);
    expect(set.get('nope')).toBeNull();
    expect(set.get('t')?.kind).toBe('tempo');
    const err = await set
      .get('z')
      ?.source.getTrace('ab'.repeat(16), 'tempo-v2')
      .catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ failure: 'unreachable', source: 'z' });
    const [t, z] = await set.list();
    expect(t?.health).toMatchObject({ reachable: true });
    expect(z?.health).toMatchObject({ reachable: false, failure: 'unreachable' });
    set.close();
  });

  it('answers the details a deferred answer left out, reading the trace again once they are gone', async () => {
    const table = generatedTable(300);
    const path = `/api/v2/traces/${table.traceId}`;
    tempo.route(path, { body: encodeTraceAs(table, 'tempo-v2') });
    let now = 0;
    const set = new SourceSet(
      [parseSourceSpec(`t=tempo:${tempo.url}`)],
      {},
      {
        detailCache: { ttlMs: 1000, nowMs: () => now },
      },
    );
    const t = set.get('t');
    if (!t) throw new Error('no source t');
    const reads = () => tempo.requests.filter((r) => r.path === path).length;
    const body = await t.source.getTrace(table.traceId, 'columnar-deferred');
    const { deferred } = decodeColumnarTrace(body as Uint8Array);
    if (!deferred) throw new Error('the details were not deferred');
    const all = () => t.spanDetails(table.traceId, deferred.keyOf(0), deferred.keyOf(299));
    const before = reads();
    const first = await all();
    expect(decodeDetailBatch(first as Uint8Array, 300).offsets.length).toBe(301);
    expect(reads()).toBe(before);

    // Gone (too old): read again, once for requests at the same time, and the same answer.
    now = 1001;
    const again = await Promise.all([all(), all()]);
    expect(reads()).toBe(before + 1);
    for (const a of again) expect(Buffer.from(a as Uint8Array).equals(first as Uint8Array)).toBe(true);

    // The store's trace changed meanwhile (a span more): the old keys are refused, not mixed up.
    tempo.route(path, { body: encodeTraceAs(generatedTable(301), 'tempo-v2') });
    now = 2002;
    await expect(all()).rejects.toMatchObject({ failure: 'not-found', source: 't' });
    await expect(all()).rejects.toThrow(/changed since it was opened\): open the trace again/);
    expect(await t.spanDetails('cd'.repeat(16), 0n, 1n)).toBeNull();
    set.close();
  });
});
