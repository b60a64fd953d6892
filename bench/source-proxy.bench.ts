/**
 * What reading a trace through an external source costs over reading it from the store itself
 * (issue 12: target ≤ 20% over the upstream's own time), at 10k and 100k spans: a replay server
 * stands in for Tempo (src/testing/replay-server.ts) and answers the trace's Tempo v2 JSON from
 * memory; the server's `/api/sources/{name}/api/v2/traces/{id}` fetches it, decodes it and answers
 * it in the shape asked for (Tempo v2 JSON, or the columnar transfer the viewer asks for).
 *
 * The replay's answer costs nothing to make, so "upstream" here is only the transfer of its bytes: a
 * real Tempo spends its own time finding and assembling the trace, and the ratio against it is
 * smaller. The absolute overhead (decode + re-encode in the server) is the figure to read.
 *
 *   npx tsx bench/source-proxy.bench.ts [10000,100000]   (or `npm run bench -- source-proxy`)
 */
import { TRACE_ACCEPT } from '../src/core/api/media-types.ts';
import { encodeTraceAs } from '../src/server/sources/encode-trace.ts';
import { parseSourceSpec } from '../src/server/sources/source-config.ts';
import { generatedTable } from '../src/testing/generated-table.ts';
import { startInProcess } from '../src/testing/in-process-server.ts';
import { startReplayServer } from '../src/testing/replay-server.ts';
import { percentile, report } from './report.ts';

const SIZES = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const RUNS = 7;

async function timeGet(url: string, accept: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Accept: accept } });
  const body = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${url}: ${res.status} ${new TextDecoder().decode(body.subarray(0, 200))}`);
  return { ms: performance.now() - t0, bytes: body.length };
}

async function median(url: string, accept: string): Promise<{ ms: number; bytes: number }> {
  await timeGet(url, accept);
  const runs: { ms: number; bytes: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timeGet(url, accept));
  return {
    ms: percentile(
      runs.map((r) => r.ms),
      50,
    ),
    bytes: runs[0]?.bytes ?? 0,
  };
}

for (const spans of SIZES) {
  const label = spans >= 1e6 ? `${spans / 1e6}M` : `${spans / 1e3}k`;
  const table = generatedTable(spans);
  const answer = encodeTraceAs(table, 'tempo-v2');
  const path = `/api/v2/traces/${table.traceId}`;
  const tempo = await startReplayServer({ [path]: { body: answer } });
  const server = await startInProcess({ sources: [parseSourceSpec(`tempo=tempo:${tempo.url}`)] });
  try {
    const upstream = await median(`${tempo.url}${path}`, 'application/json');
    const json = await median(`${server.base}/api/sources/tempo${path}`, 'application/json');
    const columnar = await median(`${server.base}/api/sources/tempo${path}`, TRACE_ACCEPT);
    const note = `upstream ${upstream.ms.toFixed(0)} ms for ${(upstream.bytes / 1e6).toFixed(1)} MB (from memory)`;
    report({ name: `sources.tempo.upstream.${label}.ms`, value: upstream.ms, unit: 'ms' });
    for (const [shape, m] of [
      ['json', json],
      ['columnar', columnar],
    ] as const) {
      report({ name: `sources.tempo.proxied.${shape}.${label}.ms`, value: m.ms, unit: 'ms', note });
      report({
        name: `sources.tempo.overhead.${shape}.${label}.ms`,
        value: m.ms - upstream.ms,
        unit: 'ms',
        note: `${((m.ms / upstream.ms - 1) * 100).toFixed(0)}% over the replay's transfer`,
      });
    }
  } finally {
    await server.close();
    await tempo.close();
  }
}
