/**
 * The decode worker: decodes OTLP exports and the chunks of streamed imports and prepares their
 * batches (prepare-input.ts, decode-imports.ts), the costly part of ingest, then hands them to the
 * database worker. Running beside the database worker, it keeps decoding while appends and commits run.
 */

import type { MessagePort } from 'node:worker_threads';
import type { SpanLimits } from '../../core/model/span-limits.ts';
import { DecodeImports } from './import/decode-imports.ts';
import { stamp } from './ingest/ack-timeline.ts';
import { batchBuffers } from './ingest/batch-columns.ts';
import { InputPreparer } from './ingest/prepare-input.ts';
import { timed } from './ingest/stage-clock.ts';
import {
  type DecodeCall,
  type ImportCommitted,
  type ImportMessage,
  type PreparedMessage,
  type StartMessage,
  serializeError,
} from './protocol.ts';

function prepare(preparer: InputPreparer, m: DecodeCall): PreparedMessage {
  if (m.method === 'flush') return m;
  stamp(m.timeline, 'decodeStart');
  try {
    const prepared = timed('decodeAndPrepare', () => preparer.prepareExport(...m.args));
    stamp(m.timeline, 'decodeEnd');
    return { id: m.id, method: m.method, prepared, timeline: m.timeline };
  } catch (error) {
    return { id: m.id, method: 'failed', error: serializeError(error) };
  }
}

export function runDecodeWorker(parent: MessagePort, database: MessagePort, spanLimits?: SpanLimits): void {
  const preparer = new InputPreparer(spanLimits);
  const imports = new DecodeImports(preparer, parent, database);
  parent.on('message', (m: DecodeCall | ImportMessage) => {
    if ('type' in m) {
      imports.onMessage(m);
      return;
    }
    const prepared = prepare(preparer, m);
    // The batches' typed arrays move to the database worker without a copy.
    const batches = 'prepared' in prepared && prepared.prepared.ok ? prepared.prepared.batches : [];
    database.postMessage(prepared, batchBuffers(batches));
  });
  database.on('message', (m: ImportCommitted) => imports.committed(m));
  parent.postMessage({ type: 'ready' } satisfies StartMessage);
}
