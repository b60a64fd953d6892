/**
 * Test support, run as a child process (`node --import tsx ingest-child.ts DATA_DIR WORKER_URL
 * [CHECKPOINT_BYTES] [MODE]`): ingests synthetic exports into a store in DATA_DIR as fast as it can,
 * and prints `acked <traceId> <spans>` for every acknowledged one, until it is killed. The durability
 * test SIGKILLs it mid-ingest and checks that everything acknowledged survived; CHECKPOINT_BYTES
 * makes checkpoints frequent, so that the kill may land in one. MODE `small` adds a small (20-span,
 * acknowledged from the ack log) export beside each pair of big ones; `held` too, and the store never
 * applies those to DuckDB (they are only in the log when the kill lands).
 */
import { createStore } from '../server/store/create-store.ts';
import { jsonBody, syntheticRequest } from './otlp-requests.ts';

const [dataDir, workerUrl, checkpointBytes, mode = ''] = process.argv.slice(2);
const store = await createStore({
  dataDir,
  workerUrl: new URL(workerUrl),
  ...(checkpointBytes ? { checkpoint: { maxWalBytes: Number(checkpointBytes), idleMs: 50 } } : {}),
  ...(mode === 'held' ? { testHoldLoggedApplies: true } : {}),
});
process.stdout.write('ready\n');

const traceIdOf = (request: ReturnType<typeof syntheticRequest>) =>
  (request.resourceSpans[0].scopeSpans[0].spans[0] as { traceId: string }).traceId;

async function small(k: number): Promise<void> {
  const request = syntheticRequest({ traces: 1, spansPerTrace: 20, seed: 1_000_000 + k });
  const r = await store.ingestOtlp(jsonBody(request), 'json');
  if (!r.ok) throw new Error('export refused');
  process.stdout.write(`acked ${traceIdOf(request)} ${r.acceptedSpans}\n`);
}

for (let k = 0; ; k++) {
  const request = syntheticRequest({ traces: 1, spansPerTrace: 200, seed: k + 1 });
  // Two exports in flight (three with a small one): the kill lands while commits are under way.
  const [a, b] = await Promise.all([
    store.ingestOtlp(jsonBody(request), 'json'),
    store.ingestOtlp(jsonBody(syntheticRequest({ traces: 4, spansPerTrace: 50, seed: -k - 1 })), 'json'),
    mode ? small(k) : undefined,
  ]);
  if (!a.ok || !b.ok) throw new Error('export refused');
  process.stdout.write(`acked ${traceIdOf(request)} ${a.acceptedSpans}\n`);
}
