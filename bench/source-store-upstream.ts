/**
 * source-proxy.bench.ts `store` (needs `npm run build`): the overhead against an upstream that does
 * its own work. A built Spanscope server (its local store, in memory) holds the trace, pushed through
 * OTLP/HTTP, and answers `/api/v2/traces/{id}` as Tempo v2 JSON: it finds the trace and writes the
 * answer, as a real Tempo finds and assembles one. A second Spanscope server (in this process, so its
 * CPU is measurable) reads it through `--source tempo=tempo:<first server>`. The upstream's own time is
 * a GET of that Tempo JSON straight from the first server; the CPU of the first server is in another
 * process, so only wall times are compared (against the ≤ 20% target).
 */
import { startServer } from '../e2e/server.ts';
import { TRACE_ACCEPT } from '../src/core/api/media-types.ts';
import { parseSourceSpec } from '../src/server/sources/source-config.ts';
import { startInProcess } from '../src/testing/in-process-server.ts';
import { pushLargeTrace } from './browser-push.ts';
import { label, medians, reportOverhead, reportUpstream } from './source-timing.ts';

const STORE = { what: "a Spanscope store's own answer", cpu: false, judged: true };

export async function benchStoreUpstream(sizes: readonly number[]): Promise<void> {
  const { server: store, stop } = await startServer({ demo: false });
  const proxy = await startInProcess({ sources: [parseSourceSpec(`tempo=tempo:${store.url}`)] });
  try {
    for (const [i, spans] of sizes.entries()) {
      const id = await pushLargeTrace(store.url, spans, 31 + i);
      const path = `/api/v2/traces/${id}`;
      const proxied = `${proxy.base}/api/sources/tempo${path}`;
      const shapes = [
        ['json', 'application/json'],
        ['columnar', TRACE_ACCEPT],
      ] as const;
      const [upstream, ...answers] = await medians([
        { url: `${store.url}${path}`, accept: 'application/json' },
        ...shapes.map(([, accept]) => ({ url: proxied, accept })),
      ]);
      reportUpstream('sources.tempo.store', label(spans), upstream, STORE);
      for (const [k, [shape]] of shapes.entries())
        reportOverhead('sources.tempo.store', shape, label(spans), upstream, answers[k], STORE);
    }
  } finally {
    await proxy.close();
    await stop();
  }
}
