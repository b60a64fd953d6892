import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { fullFidelityRequest, jsonBody } from '../../testing/otlp-requests.ts';
import { BodyBudget, bodyBudgetFor, DEFAULT_BODY_BUDGET_BYTES } from './body-budget.ts';
import { readLimited } from './read-body.ts';

const MiB = 1024 * 1024;

describe('BodyBudget', () => {
  it('lends bytes up to its limit across leases and takes them back on release', () => {
    const budget = new BodyBudget(100);
    const a = budget.lease();
    const b = budget.lease();
    expect(a.take(60)).toBe(true);
    expect(b.take(41)).toBe(false);
    expect(b.take(40)).toBe(true);
    expect(budget.heldBytes).toBe(100);
    a.release();
    a.release();
    expect(budget.heldBytes).toBe(40);
    expect(b.take(60)).toBe(true);
    b.release();
    expect(budget.heldBytes).toBe(0);
  });

  it('has room for two bodies at the request limit at least', () => {
    expect(bodyBudgetFor(64 * MiB)).toBe(DEFAULT_BODY_BUDGET_BYTES);
    expect(bodyBudgetFor(1024 * MiB)).toBe(2048 * MiB);
  });
});

describe('a body read under the budget', () => {
  const chunks = (n: number, size: number) =>
    Readable.from(Array.from({ length: n }, () => Buffer.alloc(size, 7)));

  it('refuses a body past the budget as it arrives (429), and its lease gives back what it took', async () => {
    const budget = new BodyBudget(100_000);
    const lease = budget.lease();
    const read = readLimited(chunks(20, 10_000), { limitBytes: MiB, encoding: 'identity', lease });
    await expect(read).rejects.toMatchObject({ status: 429, message: /too many request bodies at once/ });
    expect(budget.heldBytes).toBeLessThanOrEqual(100_000);
    lease.release();
    expect(budget.heldBytes).toBe(0);
  });

  it('counts what a compressed body inflates to, not its compressed bytes', async () => {
    const budget = new BodyBudget(100_000);
    const lease = budget.lease();
    const bomb = gzipSync(Buffer.alloc(500_000));
    expect(bomb.byteLength).toBeLessThan(100_000);
    await expect(
      readLimited(Readable.from([bomb]), { limitBytes: MiB, encoding: 'gzip', lease }),
    ).rejects.toMatchObject({ status: 429 });
    lease.release();
    const fits = budget.lease();
    const body = await readLimited(Readable.from([gzipSync(Buffer.alloc(50_000, 1))]), {
      limitBytes: MiB,
      encoding: 'gzip',
      lease: fits,
    });
    expect([body.byteLength, budget.heldBytes]).toEqual([50_000, 50_000]);
    fits.release();
  });
});

describe('the receivers when the server holds too many bodies', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess();
  });
  afterAll(() => server.close());

  it('answer 429 with Retry-After (OTLP/HTTP: RESOURCE_EXHAUSTED), then take the retry once there is room', async () => {
    const budget = server.runtime.state.bodies;
    const others = budget.lease();
    expect(others.take(budget.limitBytes - 100)).toBe(true);
    const otlp = () =>
      fetch(`${server.otlpBase}/v1/traces`, {
        method: 'POST',
        body: new Blob([jsonBody(fullFidelityRequest()) as BlobPart]),
        headers: { 'Content-Type': 'application/json' },
      });
    const zipkin = () =>
      fetch(`${server.base}/api/v2/spans`, {
        method: 'POST',
        body: JSON.stringify([
          {
            traceId: '463ac35c9f6413ad48485a3953bb6124',
            id: '0000000000000001',
            name: 'x',
            timestamp: 1,
            duration: 1,
          },
        ]),
        headers: { 'Content-Type': 'application/json' },
      });
    const refused = await otlp();
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '1']);
    expect(await refused.json()).toMatchObject({ code: 8, message: /too many request bodies/ });
    const zipkinRefused = await zipkin();
    expect([zipkinRefused.status, zipkinRefused.headers.get('retry-after')]).toEqual([429, '1']);
    expect(server.store.spans).toHaveLength(0);
    others.release();
    expect((await otlp()).status).toBe(200);
    expect((await zipkin()).status).toBe(202);
    expect(server.store.spans.length).toBeGreaterThan(0);
    await expect.poll(() => budget.heldBytes).toBe(0);
  });
});
