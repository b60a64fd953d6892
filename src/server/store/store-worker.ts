/**
 * Entry point of the store's worker threads (bundled to dist/server/store-worker.mjs), in one of two
 * roles (create-store.ts starts one of each): the decode worker, and the database worker. Nothing of
 * ingest or storage runs on the HTTP thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runDatabaseWorker } from './database-worker.ts';
import { runDecodeWorker } from './decode-worker.ts';
import { startStageClock } from './ingest/stage-clock.ts';
import type { WorkerOptions } from './protocol.ts';

if (!parentPort) throw new Error('store-worker.ts runs as a worker thread (see create-store.ts)');
const options = workerData as WorkerOptions;
if (options.stages) startStageClock(options.stages, options.role);
if (options.role === 'decode') runDecodeWorker(parentPort, options.prepared, options.spanLimits);
else await runDatabaseWorker(parentPort, options);
