/**
 * DetailLoader's find in details: the store's keys mapped onto the open trace's spans, and the
 * store's answer read (or refused) by storeDetailSource, against a real local HTTP server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeferredDetails } from '../core/transfer/deferred-details.ts';
import { DetailLoader, type DetailSource, storeDetailSource } from './detail-loader.ts';

function loaderAnswering(keyBase: bigint, offsets: number[]): DetailLoader {
  const source: DetailSource = {
    batch: () => Promise.reject(new Error('no batch expected')),
    matching: async () => ({ keyBase, offsets: Uint32Array.from(offsets) }),
    query: async () => ({ keyBase, offsets: Uint32Array.from(offsets) }),
    // Offset i has the value v{i}.
    values: async () => ({
      keyBase,
      offsets: Uint32Array.from(offsets),
      codes: Uint32Array.from(offsets, (_, i) => i),
      values: offsets.map((_, i) => `v${i}`),
    }),
    keys: () => Promise.reject(new Error('no keys expected')),
  };
  // Spans 0..4 have keys 1000, 1002, 1004, 1006, 1008 (other traces' rows in between).
  return new DetailLoader(new DeferredDetails(Uint32Array.of(0, 2, 4, 6, 8), 1000n), source);
}

async function marked(loader: DetailLoader): Promise<number[]> {
  const marks = new Uint8Array(loader.details.count);
  await loader.markMatching('x', marks);
  return Array.from(marks);
}

describe('DetailLoader.markMatching', () => {
  it('marks the spans whose keys the store names, whatever its key base', async () => {
    expect(await marked(loaderAnswering(1000n, [0, 4, 8]))).toEqual([1, 0, 1, 0, 1]);
    // A lower base (the store counts from an earlier seq): same keys, shifted offsets.
    expect(await marked(loaderAnswering(990n, [12, 16]))).toEqual([0, 1, 0, 1, 0]);
  });

  it('skips keys the open trace does not have (between its spans, after its last)', async () => {
    expect(await marked(loaderAnswering(1000n, [1, 3, 6, 9, 500]))).toEqual([0, 0, 0, 1, 0]);
    expect(await marked(loaderAnswering(1000n, []))).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('DetailLoader.attributeValues', () => {
  it('gives each span the value of its key, −1 to the spans the store does not name', async () => {
    const v = await loaderAnswering(990n, [1, 12, 13, 16, 500]).attributeValues('k');
    expect(Array.from(v.codes)).toEqual([-1, 1, -1, 3, -1]);
    expect(v.values).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
  });
});

describe('storeDetailSource.matching over HTTP', () => {
  let server: Server;
  let base = '';
  let answer: { status: number; body: string } = { status: 200, body: '' };
  const asked: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const source = () => storeDetailSource(`${base}/api/v2/traces/abc/`);

  it('asks beside the trace URL with the text encoded, and reads keys beyond 2^53 exactly', async () => {
    answer = { status: 200, body: '{"keyBase":"9007199254740993","offsets":[0,5]}' };
    const m = await source().matching('a&b "c" é');
    expect(asked.at(-1)).toBe('/api/v2/traces/abc/details/matching?text=a%26b+%22c%22+%C3%A9');
    expect(m.keyBase).toBe(9007199254740993n);
    expect(Array.from(m.offsets)).toEqual([0, 5]);
  });

  it('refuses answers of another shape, and passes on the store error', async () => {
    for (const body of [
      '{"keyBase":1,"offsets":[]}',
      '{"keyBase":"-1","offsets":[]}',
      '{"offsets":[]}',
      '[]',
    ]) {
      answer = { status: 200, body };
      await expect(source().matching('x'), body).rejects.toThrow(/answered something else/);
    }
    answer = { status: 200, body: '{"keyBase":"1",' };
    await expect(source().matching('x')).rejects.toThrow(SyntaxError);
    answer = { status: 400, body: '{"error":"invalid text: 1001 characters, at most 1000"}' };
    await expect(source().matching('x')).rejects.toThrow(/invalid text: 1001 characters/);
  });

  it('asks for attribute values and keys beside the trace URL; reads and checks the answers', async () => {
    answer = {
      status: 200,
      body: '{"keyBase":"9007199254740993","values":["a","b"],"offsets":[0,5,9],"codes":[1,0,1]}',
    };
    const v = await source().values(' db.system/ü ');
    expect(asked.at(-1)).toBe('/api/v2/traces/abc/details/values?key=+db.system%2F%C3%BC+');
    expect(v).toEqual({
      keyBase: 9007199254740993n,
      offsets: Uint32Array.of(0, 5, 9),
      codes: Uint32Array.of(1, 0, 1),
      values: ['a', 'b'],
    });
    answer = { status: 200, body: '{"span":[{"key":"k","count":2}],"resource":[],"truncated":false}' };
    expect(await source().keys()).toEqual({ span: [{ key: 'k', count: 2 }], resource: [], truncated: false });
    expect(asked.at(-1)).toBe('/api/v2/traces/abc/details/keys');
  });

  it('refuses attribute answers of another shape or with codes that name no value', async () => {
    const values = (over: object) =>
      JSON.stringify({ keyBase: '1', values: ['a'], offsets: [0], codes: [0], ...over });
    for (const body of [
      values({ keyBase: 1 }),
      values({ values: [1] }),
      values({ codes: [0, 0] }),
      values({ offsets: null }),
      '[]',
    ]) {
      answer = { status: 200, body };
      await expect(source().values('k'), body).rejects.toThrow(/answered something else/);
    }
    for (const codes of [[1], [-1], [0.5], ['0']]) {
      answer = { status: 200, body: values({ codes }) };
      await expect(source().values('k'), String(codes)).rejects.toThrow(/names no value/);
    }
    for (const body of [
      '{"span":[],"resource":[]}',
      '{"span":[{"key":1,"count":1}],"resource":[],"truncated":false}',
      '{"span":[null],"resource":[],"truncated":false}',
      '{"span":[{"key":"k","count":"1"}],"resource":[],"truncated":true}',
    ]) {
      answer = { status: 200, body };
      await expect(source().keys(), body).rejects.toThrow(/answered something else/);
    }
    answer = { status: 404, body: '{"error":"trace abc not found"}' };
    await expect(source().keys()).rejects.toMatchObject({ status: 404 });
  });
});
