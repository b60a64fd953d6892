/**
 * Entry point of the store's worker thread (bundled to dist/server/store-worker.mjs): opens the
 * database, then answers calls from create-store.ts. All DuckDB work, decoding included, happens
 * here, so the HTTP thread stays responsive while appends and commits run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DuckStore } from './duck-store.ts';
import {
  type CallMessage,
  type ReplyMessage,
  type StartMessage,
  type StoreMethod,
  serializeError,
  transferable,
  type WorkerOptions,
} from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('store-worker.ts runs as a worker thread (see create-store.ts)');

async function call(store: DuckStore, m: CallMessage): Promise<unknown> {
  const method = store[m.method as StoreMethod] as (...args: unknown[]) => Promise<unknown>;
  return method.apply(store, m.args as unknown[]);
}

try {
  const store = await DuckStore.open(workerData as WorkerOptions);
  port.on('message', async (m: CallMessage) => {
    let reply: ReplyMessage;
    try {
      reply = { id: m.id, ok: true, value: await call(store, m) };
    } catch (error) {
      reply = { id: m.id, ok: false, error: serializeError(error) };
    }
    port.postMessage(reply, reply.ok ? transferable(reply.value) : []);
    if (m.method === 'close') port.close();
  });
  port.postMessage({ type: 'ready' } satisfies StartMessage);
} catch (error) {
  port.postMessage({ type: 'failed', error: serializeError(error) } satisfies StartMessage);
  port.close();
}
