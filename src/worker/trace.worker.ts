/**
 * The trace worker (a Vite module worker started by trace-client.ts): fetch or read, decode, build
 * the tree, lay out, and answer calls; see serve.ts and protocol.ts.
 */
import { type Port, serveTraceWorker } from './serve.ts';

serveTraceWorker(self as unknown as Port);
