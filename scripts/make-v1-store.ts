/**
 * Writes src/testing/v1-store/: a schema-1 data directory made by this commit's store from real
 * fixtures (OTLP JSON and protobuf, Jaeger, Zipkin with 64-bit trace ids), with a pin taken before
 * more spans of its trace arrived (a snapshot), and the answers the store gave (answers.json).
 * Only meaningful at a commit whose store writes schema 1.
 *
 *   node --import tsx --import ./scripts/raw-loader.mjs scripts/make-v1-store.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_FILE, DuckStore } from '../src/server/store/duck-store.ts';
import { readFixture } from '../src/testing/fixtures.ts';
import { importBytes } from '../src/testing/import-bytes.ts';
import { storeAnswers } from '../src/testing/store-answers.ts';

const FIXTURES = [
  'otlp-json/tempo-sg-trace-with-failed-requests.json',
  'otlp-json/jaeger-integ-link_attributes_trace.json',
  'otlp-json/jui-otlp2jaeger-multi-in.jsonl',
  'otlp-json/otlp2parquet-invalid-trace_invalid_kind.json',
  'otlp-protobuf/otlp2parquet-trace.pb',
  'jaeger-json/jaeger-model-json-fixture.json',
  'jaeger-json/grafana-jaeger-mockJsonResponse.json',
  'jaeger-json/jui-stats-spansAmongEachOther.json',
  'zipkin-v2-json/zipkin-lens-netflix.json',
  'zipkin-v2-json/zipkin-lens-skew.json',
];
/** Imported after the pin: spans added to the pinned trace must stay out of its snapshot. */
const LATER = 'otlp-json/jaeger-integ-example_trace.json';

const out = join(import.meta.dirname, '../src/testing/v1-store');
const dataDir = mkdtempSync(join(tmpdir(), 'spanscope-v1-'));
const now = () => 1_765_000_000_000;
let store = await DuckStore.open({ dataDir, now });
const traceIds: string[] = [];
for (const f of FIXTURES) traceIds.push(...(await importBytes(store, readFixture(f))).traceIds);
await store.pin({ traceId: traceIds[0], note: 'kept: v1 → v2', pinnedBy: 'cli' });
const later = readFixture(LATER);
// The same spans under the pinned trace's id: stored after the pin, outside its snapshot.
const pinnedLater = new TextEncoder().encode(
  new TextDecoder().decode(later).replaceAll(/"traceId": ?"[0-9a-fA-F]+"/g, `"traceId":"${traceIds[0]}"`),
);
await importBytes(store, pinnedLater);
traceIds.push(...(await importBytes(store, later)).traceIds);
await store.close();
store = await DuckStore.open({ dataDir, now });
const ids = [...new Set(traceIds)].sort();
writeFileSync(
  join(out, 'answers.json'),
  `${JSON.stringify({ traceIds: ids, ...(await storeAnswers(store, ids)) }, null, 1)}\n`,
);
await store.close();
writeFileSync(join(out, `${DB_FILE}.gz`), execFileSync('gzip', ['-9', '-n', '-c', join(dataDir, DB_FILE)]));
console.log(`${ids.length} traces; ${readFileSync(join(out, `${DB_FILE}.gz`)).length} bytes gzipped`);
rmSync(dataDir, { recursive: true });
