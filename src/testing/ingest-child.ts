/**
 * Test support, run as a child process (`node --import tsx ingest-child.ts DATA_DIR WORKER_URL
 * [CHECKPOINT_BYTES]`): ingests synthetic exports into a store in DATA_DIR as fast as it can, and
 * prints `acked <traceId> <spans>` for every acknowledged one, until it is killed. The durability
 * test SIGKILLs it mid-ingest and checks that everything acknowledged survived; CHECKPOINT_BYTES
 * makes checkpoints frequent, so that the kill may land in one.
 */
import { createStore } from '../server/store/create-store.ts';
import { jsonBody, syntheticRequest } from './otlp-requests.ts';

const [dataDir, workerUrl, checkpointBytes] = process.argv.slice(2);
const store = await createStore({
  dataDir,
  workerUrl: new URL(workerUrl),
  ...(checkpointBytes ? { checkpoint: { maxWalBytes: Number(checkpointBytes), idleMs: 50 } } : {}),
});
process.stdout.write('ready\n');
for (let k = 0; ; k++) {
  const request = syntheticRequest({ traces: 1, spansPerTrace: 200, seed: k + 1 });
  const traceId = (request.resourceSpans[0].scopeSpans[0].spans[0] as { traceId: string }).traceId;
  // Two exports in flight: the kill lands while commits are under way.
  const [a, b] = await Promise.all([
    store.ingestOtlp(jsonBody(request), 'json'),
    store.ingestOtlp(jsonBody(syntheticRequest({ traces: 4, spansPerTrace: 50, seed: -k - 1 })), 'json'),
  ]);
  if (!a.ok || !b.ok) throw new Error('export refused');
  process.stdout.write(`acked ${traceId} ${a.acceptedSpans}\n`);
}
