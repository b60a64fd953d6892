/**
 * The database worker: opens the store, stores what the decode worker prepared (exports, and the
 * batches of streamed imports: database-imports.ts), and answers every call from the HTTP thread.
 * DuckDB lives here only.
 */
import type { MessagePort } from 'node:worker_threads';
import { DuckStore } from './duck-store.ts';
import { DatabaseImports } from './import/database-imports.ts';
import {
  type AnyCallMessage,
  type ImportBatchMessage,
  type PreparedMessage,
  type ReplyMessage,
  type StartMessage,
  serializeError,
  transferable,
  type WorkerOptions,
} from './protocol.ts';

async function answer(store: DuckStore, m: AnyCallMessage | PreparedMessage): Promise<unknown> {
  switch (m.method) {
    case 'ingestOtlp':
      return 'prepared' in m ? store.ingestPrepared(m.prepared) : store.ingestOtlp(...m.args);
    case 'failed':
      throw Object.assign(new Error(m.error.message), m.error);
    case 'flush':
      return null;
    case 'getTrace':
      return store.getTrace(...m.args);
    case 'getSpanDetails':
      return store.getSpanDetails(...m.args);
    case 'findInDetails':
      return store.findInDetails(...m.args);
    case 'findByQuery':
      return store.findByQuery(...m.args);
    case 'attributeValues':
      return store.attributeValues(...m.args);
    case 'attributeKeys':
      return store.attributeKeys(...m.args);
    case 'search':
      return store.search(...m.args);
    case 'tags':
      return store.tags(...m.args);
    case 'tagValues':
      return store.tagValues(...m.args);
    case 'spanCount':
      return store.spanCount();
    case 'pin':
      return store.pin(...m.args);
    case 'unpin':
      return store.unpin(...m.args);
    case 'pins':
      return store.pins();
    case 'pinOf':
      return store.pinOf(...m.args);
    case 'status':
      return store.status();
    case 'close':
      return store.close();
  }
}

export async function runDatabaseWorker(
  parent: MessagePort,
  options: Extract<WorkerOptions, { role: 'database' }>,
): Promise<void> {
  let store: DuckStore;
  try {
    store = await DuckStore.open(options);
  } catch (error) {
    parent.postMessage({ type: 'failed', error: serializeError(error) } satisfies StartMessage);
    parent.close();
    return;
  }
  const imports = new DatabaseImports(store, parent, options.prepared);
  const handle = async (m: AnyCallMessage | PreparedMessage | ImportBatchMessage) => {
    if ('type' in m) {
      imports.onMessage(m);
      return;
    }
    let reply: ReplyMessage;
    try {
      reply = { id: m.id, ok: true, value: await answer(store, m) };
    } catch (error) {
      reply = { id: m.id, ok: false, error: serializeError(error) };
    }
    parent.postMessage(reply, reply.ok ? transferable(reply.value) : []);
    if (m.method === 'close') {
      options.prepared.close();
      parent.close();
    }
  };
  parent.on('message', handle);
  options.prepared.on('message', handle);
  parent.postMessage({ type: 'ready' } satisfies StartMessage);
}
