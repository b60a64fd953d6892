/**
 * The database worker: opens the store, stores what the decode worker prepared (exports, and the
 * batches of streamed imports: database-imports.ts), and answers every call from the HTTP thread.
 * DuckDB lives here only.
 */
import type { MessagePort } from 'node:worker_threads';
import { DatabaseImports } from './import/database-imports.ts';
import { ImportTally } from './import/import-tally.ts';
import { stamp } from './ingest/ack-timeline.ts';
import {
  type AnyCallMessage,
  type ImportBatchMessage,
  type PreparedMessage,
  type ReplyMessage,
  type StartMessage,
  serializeError,
  type TracePiece,
  type TraceStreamMessage,
  transferable,
  type WorkerOptions,
} from './protocol.ts';
import { StoreRecovery } from './store-recovery.ts';
import { StreamWindow } from './stream-window.ts';

async function answer(recovery: StoreRecovery, m: AnyCallMessage | PreparedMessage): Promise<unknown> {
  if (m.method === 'close') return recovery.close();
  const store = recovery.current;
  // Read-after-ack: small exports acknowledged from the ack log are committed before a read runs.
  if (m.method !== 'ingestOtlp' && m.method !== 'failed' && m.method !== 'flush')
    await store.acknowledgedApplied();
  switch (m.method) {
    case 'ingestOtlp':
      return 'prepared' in m
        ? store.ingestPrepared(m.prepared, m.timeline, m.urgent, m.request)
        : store.ingestOtlp(...m.args);
    case 'failed':
      throw Object.assign(new Error(m.error.message), m.error);
    case 'flush':
      return null;
    case 'getTrace':
      return store.getTrace(...m.args);
    case 'getSpanDetails':
      return store.getSpanDetails(...m.args);
    case 'readTraceAhead':
      return store.readTraceAhead(...m.args);
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
  }
}

export async function runDatabaseWorker(
  parent: MessagePort,
  options: Extract<WorkerOptions, { role: 'database' }>,
): Promise<void> {
  let recovery: StoreRecovery;
  try {
    recovery = await StoreRecovery.open(options, (line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    parent.postMessage({ type: 'failed', error: serializeError(error) } satisfies StartMessage);
    parent.close();
    return;
  }
  // An import begun while the database reopens fails at its first batch, with the reason.
  const tally = () => {
    try {
      return recovery.current.importTally();
    } catch (error) {
      return new ImportTally(() => Promise.reject(error));
    }
  };
  const imports = new DatabaseImports(tally, (error) => recovery.failed(error), parent, options.prepared);
  /** Streamed trace reads under way, by call id. */
  const streams = new Map<number, { readonly cancel: AbortController; readonly window: StreamWindow }>();
  const stream = async (m: TraceStreamMessage) => {
    const under = streams.get(m.id);
    if (m.type === 'trace-credit') return under?.window.credit(m.bytes);
    if (m.type === 'trace-cancel') {
      under?.cancel.abort();
      return under?.window.release();
    }
    const cancel = new AbortController();
    const window = new StreamWindow(options.streamWindowBytes);
    streams.set(m.id, { cancel, window });
    const send = (bytes: Uint8Array) => {
      const length = bytes.byteLength;
      parent.postMessage({ type: 'trace-piece', id: m.id, bytes } satisfies TracePiece, transferable(bytes));
      return window.sent(length);
    };
    let reply: ReplyMessage;
    try {
      await recovery.current.acknowledgedApplied();
      const found = await recovery.current.streamTrace(m.traceId, m.encoding, send, cancel.signal);
      reply = { id: m.id, ok: true, value: found };
    } catch (error) {
      if (!cancel.signal.aborted) recovery.failed(error);
      reply = { id: m.id, ok: false, error: serializeError(error) };
    } finally {
      streams.delete(m.id);
    }
    parent.postMessage(reply);
  };
  const handle = async (m: AnyCallMessage | PreparedMessage | ImportBatchMessage | TraceStreamMessage) => {
    if ('type' in m) {
      if (m.type === 'trace-stream' || m.type === 'trace-cancel' || m.type === 'trace-credit')
        await stream(m);
      else imports.onMessage(m);
      return;
    }
    const timeline = 'timeline' in m ? m.timeline : undefined;
    stamp(timeline, 'received');
    let reply: ReplyMessage;
    try {
      reply = { id: m.id, ok: true, value: await answer(recovery, m), ...(timeline ? { timeline } : {}) };
    } catch (error) {
      recovery.failed(error);
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
