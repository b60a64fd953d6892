/**
 * Entry point of the trace conversion worker thread (bundled to dist/server/convert-worker.mjs): an
 * external store's big trace decoded and re-encoded off the HTTP thread (trace-converter.ts).
 */
import { parentPort } from 'node:worker_threads';
import { transferable } from '../store/protocol.ts';
import { type ConvertMessage, convertAnswer } from './trace-converter.ts';

const port = parentPort;
if (!port) throw new Error('convert-worker.ts runs as a worker thread (see trace-converter.ts)');
port.on('message', (m: ConvertMessage) => {
  const answer = convertAnswer(m);
  port.postMessage(answer, answer.type === 'done' ? transferable(answer.bytes) : []);
});
