/**
 * The trace worker (a Vite module worker started by trace-client.ts): fetch or read, decode, build
 * the tree, lay out, and answer calls; see serve.ts and protocol.ts. A worker named for a trace asks
 * for it and opens it first.
 */
import { TRACE_ACCEPT } from '../core/api/media-types.ts';
import { earlyOpenOf } from './protocol.ts';
import { type Port, serveTraceWorker } from './serve.ts';

// A worker made for one trace of the store is named for it (trace-worker-client.ts): asked at once.
const early = earlyOpenOf(self.name);
serveTraceWorker(
  self as unknown as Port,
  early ? { ...early, response: fetch(early.url, { headers: { Accept: TRACE_ACCEPT } }) } : undefined,
);
