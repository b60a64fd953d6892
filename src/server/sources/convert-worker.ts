/**
 * Entry point of the trace conversion worker thread (bundled to dist/server/convert-worker.mjs): an
 * external store's big trace decoded as its chunks arrive and re-encoded, off the HTTP thread
 * (trace-converter.ts). One conversion at a time; messages of another job (one that failed or was
 * aborted, whose chunks were already on their way) are dropped.
 */
import { parentPort } from 'node:worker_threads';
import { TraceStream } from './convert-trace.ts';
import { type ConvertAnswer, type ConvertMessage, convertAnswer, transfersOf } from './trace-converter.ts';

const port = parentPort;
if (!port) throw new Error('convert-worker.ts runs as a worker thread (see trace-converter.ts)');
const post = (answer: ConvertAnswer) =>
  port.postMessage(answer, answer.type === 'done' ? transfersOf(answer.trace) : []);

let current: { readonly id: number; readonly stream: TraceStream } | null = null;

port.on('message', (m: ConvertMessage) => {
  if (m.type === 'open') {
    current = { id: m.id, stream: new TraceStream(m.conversion) };
    return post({ type: 'ready', id: m.id });
  }
  const job = current;
  if (!job || job.id !== m.id) return;
  if (m.type === 'chunk') {
    const answer = convertAnswer(m.id, () => {
      job.stream.push(m.bytes);
      return null;
    });
    if (answer.type === 'done') return;
    current = null;
    return post(answer);
  }
  current = null;
  post(
    m.type === 'end'
      ? convertAnswer(m.id, () => job.stream.end())
      : { type: 'failed', id: m.id, failure: null, message: 'aborted' },
  );
});
