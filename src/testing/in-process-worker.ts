/** The trace worker's message loop in the test process, behind a MessageChannel: a WorkerLike for openTrace. */
import { MessageChannel } from 'node:worker_threads';
import { type Port, serveTraceWorker } from '../worker/serve.ts';
import type { WorkerLike } from '../worker/trace-client.ts';

export function inProcessWorker(): WorkerLike {
  const { port1, port2 } = new MessageChannel();
  serveTraceWorker(port2 as unknown as Port);
  port2.start();
  port1.start();
  return {
    postMessage: (m, t) => port1.postMessage(m, t as never),
    addEventListener: (type: string, l: (e: never) => void) => port1.addEventListener(type, l as never),
    terminate: () => {
      port1.close();
      port2.close();
    },
  } as WorkerLike;
}
