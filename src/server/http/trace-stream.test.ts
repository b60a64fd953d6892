import { once } from 'node:events';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { COLUMNAR_STREAM_MEDIA_TYPE } from '../../core/api/media-types.ts';
import type { PieceSink } from '../store/types.ts';
import { sendError } from './respond.ts';
import { createRouter } from './router.ts';
import { traceRoutes } from './trace-routes.ts';

const TRACE = '0123456789abcdef0123456789abcdef';
const PIECE = 1024 * 1024;
const PIECES = 64;

/** A store whose streamed read sends PIECES pieces of 1 MiB, each once the one before is taken. */
class PacedStore {
  sent = 0;
  signal: AbortSignal | null = null;
  done: Promise<unknown> | null = null;

  streamTrace(_id: string, _encoding: unknown, send: PieceSink, signal: AbortSignal): Promise<boolean> {
    this.signal = signal;
    const read = (async () => {
      for (let i = 0; i < PIECES; i++) {
        if (signal.aborted) throw new Error('cancelled');
        this.sent++;
        await send(new Uint8Array(PIECE).fill(i));
      }
      return true;
    })();
    this.done = read.catch((e: unknown) => e);
    return read;
  }
}

let server: Server | null = null;

async function serve(store: PacedStore, stallMs: number): Promise<string> {
  const target = { name: 'local', source: store, store, spanDetails: async () => null };
  const routes = traceRoutes(() => target as never, stallMs);
  server = createServer(
    createRouter(
      routes,
      ({ res }) => sendError(res, 404, 'no route'),
      () => undefined,
    ),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/traces/${TRACE}`;
}

function request(url: string, accept = COLUMNAR_STREAM_MEDIA_TYPE): Promise<IncomingMessage> {
  return new Promise((resolve, reject) =>
    get(url, { headers: { Accept: accept } }, resolve).on('error', reject),
  );
}

afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = null;
});

describe('a streamed trace and a slow client', () => {
  it('reads no further than the client takes, and cuts off a client that takes nothing', async () => {
    const store = new PacedStore();
    const url = await serve(store, 400);
    const res = await request(url);
    res.pause().on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 200));
    // What the sockets buffer, not the whole answer.
    expect(store.sent).toBeGreaterThan(0);
    expect(store.sent).toBeLessThan(16);
    await expect.poll(() => store.signal?.aborted, { timeout: 5000 }).toBe(true);
    expect(await store.done).toMatchObject({ message: 'cancelled' });
    expect(store.sent).toBeLessThan(16);
    // The client finds its answer cut short.
    res.resume();
    await new Promise((resolve) => res.once('close', resolve));
    expect(res.complete).toBe(false);
  });

  it('gives a client that keeps reading the whole answer, however slowly', async () => {
    const store = new PacedStore();
    const url = await serve(store, 400);
    const res = await request(url);
    expect(res.statusCode).toBe(200);
    let bytes = 0;
    let last = -1;
    let ordered = true;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      bytes += chunk.byteLength;
      ordered &&= chunk[0] >= last;
      last = chunk[chunk.byteLength - 1];
      // Slower than the store, never stalled past the limit.
      if (bytes % (8 * PIECE) < chunk.byteLength) await new Promise((r) => setTimeout(r, 50));
    }
    expect([bytes, ordered, res.complete]).toEqual([PIECES * PIECE, true, true]);
    expect(await store.done).toBe(true);
  });
});

describe("the local store's Tempo JSON", () => {
  /** A store whose JSON answer fails after its first piece. */
  class FailingStore {
    encoding: unknown = null;
    streamTrace(_id: string, encoding: unknown, send: PieceSink): Promise<boolean> {
      this.encoding = encoding;
      return (async () => {
        await send(new TextEncoder().encode('{"trace":{"resourceSpans":['));
        throw new Error('the disk went away');
      })();
    }
  }

  it('is streamed (chunked, as it is read), and cut off, not ended, when the read fails midway', async () => {
    const store = new FailingStore();
    const url = await serve(store as unknown as PacedStore, 400);
    const res = await request(url, 'application/json');
    expect(store.encoding).toBe('tempo-v2');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    res.on('error', () => undefined).resume();
    await new Promise((resolve) => res.once('close', resolve));
    // No last chunk: a client cannot take the cut answer for a whole one.
    expect(res.complete).toBe(false);
  });
});
