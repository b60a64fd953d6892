/**
 * Issue 12: what reading a trace through a Jaeger or Zipkin source costs over the upstream's own
 * answer, at 10k and 100k spans (target: ≤ 20% over the upstream's time). The upstream is the test
 * replay server answering the demo generator's trace in each store's format; "upstream" is a plain
 * GET of those bytes, "source" the adapter's getTrace (GET, decode by core, encode for the route):
 * columnar (what the viewer asks) and Tempo v2 JSON. Best of 3 each.
 */
import { encodeJaegerJson } from '../src/core/formats/jaeger-json/encode.ts';
import { encodeOtlpJson } from '../src/core/formats/otlp-json/encode.ts';
import { encodeZipkinJson } from '../src/core/formats/zipkin-json/encode.ts';
import { createJaegerSource } from '../src/server/sources/jaeger/jaeger-source.ts';
import type { TraceSource } from '../src/server/sources/trace-source.ts';
import { createZipkinSource } from '../src/server/sources/zipkin/zipkin-source.ts';
import type { TraceEncoding } from '../src/server/store/types.ts';
import { generatedTable } from '../src/testing/generated-table.ts';
import { httpUpstream, startReplay } from '../src/testing/replay-upstream.ts';
import { report } from './report.ts';

async function best(run: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await run();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

for (const spans of [10_000, 100_000]) {
  const table = generatedTable(spans);
  const id = table.traceId;
  const v1 = startReplay([
    { path: `/api/traces/${id}`, body: encodeJaegerJson([table]) },
    { path: '/api/services', body: '{"data":["a"]}' },
  ]);
  const v3 = startReplay([
    { path: `/api/v3/traces/${id}`, body: `{"result":${encodeOtlpJson([table])}}` },
    { path: '/api/v3/services', body: '{"services":["a"]}' },
  ]);
  const zipkin = startReplay([{ path: `/api/v2/trace/${id}`, body: encodeZipkinJson([table]) }]);
  const cases: [string, Awaited<typeof v1>, string, (base: string) => TraceSource][] = [
    ['jaeger-v1', await v1, `/api/traces/${id}`, (b) => createJaegerSource('j', httpUpstream('j', b))],
    ['jaeger-v3', await v3, `/api/v3/traces/${id}`, (b) => createJaegerSource('j', httpUpstream('j', b))],
    ['zipkin', await zipkin, `/api/v2/trace/${id}`, (b) => createZipkinSource('z', httpUpstream('z', b))],
  ];
  for (const [kind, replay, path, create] of cases) {
    const source = create(replay.base);
    const upstreamMs = await best(async () => (await fetch(`${replay.base}${path}`)).arrayBuffer());
    for (const encoding of ['columnar', 'tempo-v2'] as TraceEncoding[]) {
      const sourceMs = await best(() => source.getTrace(id, encoding));
      const overhead = ((sourceMs - upstreamMs) / upstreamMs) * 100;
      report({
        name: `sources.${kind}.${spans / 1000}k.${encoding}.overheadPercent`,
        value: overhead,
        unit: '%',
        target: '≤ 20',
        ok: overhead <= 20,
        note: `upstream ${upstreamMs.toFixed(0)} ms, through the source ${sourceMs.toFixed(0)} ms`,
      });
    }
    await replay.close();
  }
}
