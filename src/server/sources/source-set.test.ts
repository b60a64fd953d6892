import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../testing/replay-server.ts';
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

  it('resolves sources by name; a store nobody listens for answers unreachable, naming its source', async () => {
    const set = new SourceSet(
      [parseSourceSpec(`t=tempo:${tempo.url}`), parseSourceSpec('z=zipkin:http://127.0.0.1:9')],
      {},
    );
    expect(set.names).toEqual(['t', 'z']);
    expect(set.get('nope')).toBeNull();
    const err = await set
      .get('z')
      ?.source.getTrace('ab'.repeat(16), 'tempo-v2')
      .catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ failure: 'unreachable', source: 'z' });
    const [, z] = await set.list();
    expect(z?.health).toMatchObject({ reachable: false, failure: 'unreachable' });
    set.close();
  });
});
