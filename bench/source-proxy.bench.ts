/**
 * What reading a trace through an external source costs over reading it from the store itself
 * (issue 12: target ≤ 20% over the upstream's own time), at 10k and 100k spans. The server's
 * `/api/sources/{name}/api/v2/traces/{id}` fetches the trace, decodes it as it arrives and answers it
 * in the shape asked for (Tempo v2 JSON, or the columnar transfer the viewer asks for). Modes:
 *
 * - `replay` (default): a replay server (src/testing/replay-server.ts) stands in for the store and
 *   answers from memory (bench/source-replays.ts): Tempo v2 JSON (`sources.tempo.*`, both shapes),
 *   Jaeger v1 and Zipkin v2 JSON of the same trace (`sources.jaeger.*`, `sources.zipkin.*`, columnar).
 *   The replay's answer costs nothing to make, so "upstream" is only the transfer of its bytes: the
 *   absolute overhead (decode + re-encode) is the figure to read, with its CPU time (the whole
 *   process, every thread, minus what the upstream's transfer alone costs; wall times swing with the
 *   machine's load, CPU time much less). The ratio is over the transfer, not over a store's work.
 * - `store` (needs `npm run build`): the upstream is a Spanscope store doing its own work
 *   (`sources.tempo.store.*`, bench/source-store-upstream.ts): the ratio against the ≤ 20% target.
 * - `paint` (needs `npm run build`): time to first paint through a source beside the local store
 *   (`sources.tempo.firstPaint.*`, bench/source-paint.ts).
 *
 *   npx tsx bench/source-proxy.bench.ts [10000,100000] [replay|store|paint]   (or `npm run bench -- source-proxy`)
 */
import { TRACE_ACCEPT } from '../src/core/api/media-types.ts';
import { parseSourceSpec } from '../src/server/sources/source-config.ts';
import { generatedTable } from '../src/testing/generated-table.ts';
import { startInProcess } from '../src/testing/in-process-server.ts';
import { startReplayServer } from '../src/testing/replay-server.ts';
import { benchFirstPaint } from './source-paint.ts';
import { type ReplayedKind, replayOf } from './source-replays.ts';
import { benchStoreUpstream } from './source-store-upstream.ts';
import { label, medians, reportOverhead, reportUpstream } from './source-timing.ts';

const SIZES = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const MODE = process.argv[3] ?? 'replay';
const REPLAY = { what: "the replay's transfer", cpu: true, judged: false };

/** Each kind of store replayed, and the shapes asked of it (Jaeger and Zipkin: the viewer's only). */
const KINDS: readonly [ReplayedKind, readonly ('json' | 'columnar')[]][] = [
  ['tempo', ['json', 'columnar']],
  ['jaeger', ['columnar']],
  ['zipkin', ['columnar']],
];

async function benchReplays(sizes: readonly number[]): Promise<void> {
  for (const spans of sizes) {
    const table = generatedTable(spans);
    for (const [kind, shapes] of KINDS) {
      const { routes, tracePath } = replayOf(kind, table);
      const upstream = await startReplayServer(routes);
      const server = await startInProcess({ sources: [parseSourceSpec(`${kind}=${kind}:${upstream.url}`)] });
      try {
        const proxied = `${server.base}/api/sources/${kind}/api/v2/traces/${table.traceId}`;
        const [direct, ...answers] = await medians([
          { url: `${upstream.url}${tracePath}`, accept: 'application/json' },
          ...shapes.map((shape) => ({
            url: proxied,
            accept: shape === 'json' ? 'application/json' : TRACE_ACCEPT,
          })),
        ]);
        reportUpstream(`sources.${kind}`, label(spans), direct, REPLAY);
        for (const [k, shape] of shapes.entries())
          reportOverhead(`sources.${kind}`, shape, label(spans), direct, answers[k], REPLAY);
      } finally {
        await server.close();
        await upstream.close();
      }
    }
  }
}

if (MODE === 'replay') await benchReplays(SIZES);
else if (MODE === 'store') await benchStoreUpstream(SIZES);
else if (MODE === 'paint') await benchFirstPaint(SIZES);
else throw new Error(`mode ${MODE}: expected replay, store or paint`);
