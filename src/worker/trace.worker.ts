/**
 * The trace worker (a Vite module worker started by trace-client.ts): fetch or read, decode, build
 * the tree, lay out, and answer calls; see serve.ts and protocol.ts. A worker named after a trace's
 * URL asks for it first.
 */
import { TRACE_ACCEPT } from '../core/api/media-types.ts';
import { WORKER_NAME } from './protocol.ts';
import { type Port, serveTraceWorker } from './serve.ts';

// A worker made for one trace of the store is named after it (trace-worker-client.ts): asked at once.
const url = self.name.startsWith(`${WORKER_NAME} `) ? self.name.slice(WORKER_NAME.length + 1) : null;
serveTraceWorker(
  self as unknown as Port,
  url ? { url, response: fetch(url, { headers: { Accept: TRACE_ACCEPT } }) } : undefined,
);
