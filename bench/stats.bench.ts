/**
 * Statistics grouped by an attribute at 1M spans, in the worker's own code (TraceSession), without
 * a browser: the grouping once the values are there (target ≤ 300 ms), the values read from the
 * store's answer (parse + mapping onto the spans, over loopback HTTP like the worker), and from the
 * span details of a dropped file. The store's own time for the answer is in the browser benchmark.
 *
 *   npx tsx bench/stats.bench.ts            (or through `npm run bench -- stats`)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rowValues } from '../src/core/analysis/attribute-values.ts';
import { generateLargeTrace } from '../src/core/demo/index.ts';
import { decodeInput } from '../src/core/formats/index.ts';
import { TraceSetBuilder } from '../src/core/model/span-table.ts';
import { DeferredDetails } from '../src/core/transfer/deferred-details.ts';
import { DetailLoader, storeDetailSource } from '../src/worker/detail-loader.ts';
import { TraceSession } from '../src/worker/trace-session.ts';
import { percentile, report } from './report.ts';

const SPANS = Number(process.env.BENCH_SPANS ?? 1_000_000);
const KEY = 'db.system.name';
const label = SPANS >= 1e6 ? `${SPANS / 1e6}M` : `${SPANS / 1e3}k`;
const encoder = new TextEncoder();

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await run();
  return { ms: performance.now() - t0, value };
}

const sink = new TraceSetBuilder();
for (const r of generateLargeTrace({ seed: 7, nowMs: Date.UTC(2026, 10, 23, 12), spanCount: SPANS }))
  decodeInput(encoder.encode(JSON.stringify(r)), sink);
const [table] = sink.build();
console.log(`# ${table.count} spans decoded`);

// 1. A dropped file: the values come from the span details (every span's details decoded).
const file = new TraceSession(table, [table.traceId], true);
file.opened();
const critical = await timed(async () => file.criticalPath());
const fromDetails = await timed(() => file.groupStats({ by: 'attribute', key: KEY }));
const runs: number[] = [];
for (let i = 0; i < 5; i++) runs.push((await timed(() => file.groupStats({ by: 'attribute', key: KEY }))).ms);
const rows = fromDetails.value.rows.length;
report({
  name: `stats.groupByAttribute.${label}.ms`,
  value: percentile(runs, 50),
  unit: 'ms',
  target: '≤ 300',
  ok: percentile(runs, 50) <= 300,
  note: `${KEY}, values there: ${rows} rows + each row's nodes; median of ${runs.map((r) => r.toFixed(0)).join(', ')}`,
});
report({
  name: `stats.criticalPath.${label}.ms`,
  value: critical.ms,
  unit: 'ms',
  note: 'computed once per layout, then kept for the critical-path column',
});
report({
  name: `stats.groupByAttribute.${label}.fromDetailsMs`,
  value: fromDetails.ms,
  unit: 'ms',
  note: 'first grouping of a dropped file: every span details decoded for the values',
});
for (const by of ['service', 'operation'] as const) {
  const t = await timed(() => file.groupStats({ by }));
  report({
    name: `stats.groupBy${by === 'service' ? 'Service' : 'Operation'}.${label}.ms`,
    value: t.ms,
    unit: 'ms',
  });
}

// 2. A store trace whose details stay in the store: the answer of details/values, served over
// loopback as the store writes it, parsed and mapped onto the spans by the worker's DetailLoader.
const { codes, values } = rowValues(table, KEY);
const keyBase = 5_000_000n;
const keys = Uint32Array.from({ length: table.count }, (_, i) => i);
const withValue = keys.filter((i) => codes[i] >= 0);
const answer = `{"keyBase":"${keyBase}","values":${JSON.stringify(values)},"offsets":[${withValue.join(',')}],"codes":[${Array.from(withValue, (i) => codes[i]).join(',')}]}`;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(answer);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
try {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/traces/${table.traceId}`;
  const storeRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    const loader = new DetailLoader(new DeferredDetails(keys, keyBase), storeDetailSource(url));
    const session = new TraceSession(table, [table.traceId], true, loader);
    session.criticalPath();
    const t = await timed(() => session.groupStats({ by: 'attribute', key: KEY }));
    if (!('valuesFrom' in t.value) || t.value.valuesFrom !== 'store') throw new Error('not from the store');
    storeRuns.push(t.ms);
  }
  report({
    name: `stats.groupByAttribute.${label}.fromStoreAnswerMs`,
    value: percentile(storeRuns, 50),
    unit: 'ms',
    note: `the store's answer (${(answer.length / 2 ** 20).toFixed(1)} MB JSON, ${withValue.length} spans with a value) fetched, parsed, mapped and grouped; without the store's own time`,
  });
} finally {
  server.close();
}
