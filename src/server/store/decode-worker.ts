/**
 * The decode worker: decodes OTLP exports and the chunks of streamed imports and prepares their
 * batches (prepare-input.ts, decode-imports.ts), the costly part of ingest, then hands them to the
 * database worker. Running beside the database worker, it keeps decoding while appends and commits run.
 * Small exports are decoded before big ones that wait (urgent-first.ts).
 */

import type { MessagePort } from 'node:worker_threads';
import type { SpanLimits } from '../../core/model/span-limits.ts';
import { DecodeImports } from './import/decode-imports.ts';
import { stamp } from './ingest/ack-timeline.ts';
import { batchBuffers } from './ingest/batch-columns.ts';
import { InputPreparer } from './ingest/prepare-input.ts';
import { timed } from './ingest/stage-clock.ts';
import { UrgentFirst } from './ingest/urgent-first.ts';
import {
  type DecodeCall,
  type ImportCommitted,
  type ImportMessage,
  type PreparedMessage,
  type StartMessage,
  serializeError,
} from './protocol.ts';

type ExportCall = Extract<DecodeCall, { method: 'ingestOtlp' }>;
type FlushCall = Extract<DecodeCall, { method: 'flush' }>;

function prepare(preparer: InputPreparer, m: ExportCall): PreparedMessage {
  stamp(m.timeline, 'decodeStart');
  try {
    const prepared = timed('decodeAndPrepare', () => preparer.prepareExport(...m.args));
    stamp(m.timeline, 'decodeEnd');
    // An urgent export's request goes along (copied) for the ack log.
    const request = m.urgent && prepared.ok ? { body: m.args[0], encoding: m.args[1] } : undefined;
    return { id: m.id, method: m.method, prepared, timeline: m.timeline, urgent: m.urgent, request };
  } catch (error) {
    return { id: m.id, method: 'failed', error: serializeError(error) };
  }
}

export function runDecodeWorker(parent: MessagePort, database: MessagePort, spanLimits?: SpanLimits): void {
  const preparer = new InputPreparer(spanLimits);
  const imports = new DecodeImports(preparer, parent, database);
  const forward = (m: PreparedMessage) => {
    // The batches' typed arrays move to the database worker without a copy.
    const batches = 'prepared' in m && m.prepared.ok ? m.prepared.batches : [];
    database.postMessage(m, batchBuffers(batches));
  };
  // Exports wait here and are decoded one per turn of the event loop, so that a small one arriving
  // while a big one is decoded goes next (urgent-first.ts). A flush goes once those before it have.
  const exports = new UrgentFirst<ExportCall>();
  const flushes: FlushCall[] = [];
  let decoding = false;
  const decodeNext = () => {
    const m = exports.shift();
    if (m) forward(prepare(preparer, m));
    if (exports.size > 0) setImmediate(decodeNext);
    else {
      decoding = false;
      for (const f of flushes.splice(0)) forward(f);
    }
  };
  parent.on('message', (m: DecodeCall | ImportMessage) => {
    if ('type' in m) imports.onMessage(m);
    else if (m.method === 'flush') {
      if (decoding) flushes.push(m);
      else forward(m);
    } else {
      exports.push(m, m.urgent);
      if (!decoding) {
        decoding = true;
        setImmediate(decodeNext);
      }
    }
  });
  database.on('message', (m: ImportCommitted) => imports.committed(m));
  parent.postMessage({ type: 'ready' } satisfies StartMessage);
}
