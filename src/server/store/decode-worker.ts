/**
 * The decode worker: decodes OTLP exports and imported files and prepares their batches
 * (prepare-input.ts), the costly part of ingest, then hands them to the database worker. Running
 * beside the database worker, it keeps decoding while appends and commits run.
 */
import type { MessagePort } from 'node:worker_threads';
import { batchBuffers } from './batch-columns.ts';
import { InputPreparer } from './prepare-input.ts';
import { type DecodeCall, type PreparedMessage, type StartMessage, serializeError } from './protocol.ts';

function prepare(preparer: InputPreparer, m: DecodeCall): PreparedMessage {
  if (m.method === 'flush') return m;
  try {
    if (m.method === 'ingestOtlp')
      return { id: m.id, method: m.method, prepared: preparer.prepareExport(...m.args) };
    return { id: m.id, method: m.method, prepared: preparer.prepareFile(...m.args) };
  } catch (error) {
    return { id: m.id, method: 'failed', error: serializeError(error) };
  }
}

export function runDecodeWorker(parent: MessagePort, database: MessagePort): void {
  const preparer = new InputPreparer();
  parent.on('message', (m: DecodeCall) => {
    const prepared = prepare(preparer, m);
    // The batches' typed arrays move to the database worker without a copy.
    const batches = 'prepared' in prepared && 'batches' in prepared.prepared ? prepared.prepared.batches : [];
    database.postMessage(prepared, batchBuffers(batches));
  });
  parent.postMessage({ type: 'ready' } satisfies StartMessage);
}
