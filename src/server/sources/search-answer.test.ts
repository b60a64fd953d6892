import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempoSearchTrace } from '../../core/api/tempo-search.ts';
import { type SpanTable, spanService } from '../../core/model/span-table.ts';
import { type FixtureTrace, fixtureTraces } from '../../testing/fixture-traces.ts';
import { fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { importBytes } from '../../testing/import-bytes.ts';
import { DuckStore } from '../store/duck-store.ts';
import type { SearchParams } from '../store/types.ts';
import { searchAnswer, summarise } from './search-answer.ts';
import { translateQuery } from './search-terms.ts';
import { searchWindow } from './search-window.ts';

const JAEGER = { name: 'Jaeger', resourceAttributes: true, typedValues: true };
const ALL: SearchParams = { limit: 1000, spss: 3 };
/** Every time the store could hold (the local store's search without a range). */
const EVER = { startMs: 0, endMs: 2 ** 52 };

/** The traces of the formats the external sources answer in, each in one file only (the store would merge the others). */
function sourceTraces(): FixtureTrace[] {
  const traces = fixtureTraces().filter((t) =>
    /^(jaeger-json|zipkin-v2-json|otlp-json\/jaeger-)/.test(t.rel),
  );
  const files = new Map<string, Set<string>>();
  for (const t of traces) files.set(t.table.traceId, (files.get(t.table.traceId) ?? new Set()).add(t.rel));
  return traces.filter((t) => files.get(t.table.traceId)?.size === 1);
}

describe.skipIf(!fixturesPresent)('a search answer over traces read from an external store', () => {
  const traces = sourceTraces();
  let store: DuckStore;
  beforeAll(async () => {
    store = await DuckStore.open({ memory: true });
    for (const rel of new Set(traces.map((t) => t.rel))) await importBytes(store, readFixture(rel));
  });
  afterAll(() => store.close());

  it('has traces of every kind of source', () => {
    expect(traces.some((t) => t.rel.startsWith('zipkin'))).toBe(true);
    expect(traces.some((t) => t.rel.startsWith('jaeger-json'))).toBe(true);
    expect(traces.length).toBeGreaterThan(15);
  });

  it('summarises each trace as the local store does once the file is imported', async () => {
    const local = await store.search(ALL);
    for (const { rel, table } of traces) {
      const stored = local.traces.find((t) => t.traceID === table.traceId);
      expect({ rel, summary: summarise(table) }).toEqual({ rel, summary: stored });
    }
  });

  // The store's two paths differ on a span without a start: its SQL path leaves the start out, its
  // evaluator (which this answer uses) gives the start the tree builder gave it (its parent's).
  function withoutMissingStarts(table: SpanTable, trace: TempoSearchTrace | undefined) {
    const missing = new Set(table.spanIds.filter((_, i) => Number.isNaN(table.startNs[i])));
    return trace?.spanSets.map((set) => ({
      ...set,
      spans: set.spans.map(({ startTimeUnixNano, ...span }) =>
        missing.has(span.spanID) ? span : { ...span, startTimeUnixNano },
      ),
    }));
  }

  it('answers a query with the span sets the local store finds', async () => {
    for (const { rel, table } of traces) {
      const q = `{ resource.service.name = ${JSON.stringify(spanService(table, 0))} }`;
      const local = (await store.search({ ...ALL, q })).traces.find((t) => t.traceID === table.traceId);
      const ours = searchAnswer([table], translateQuery(q, JAEGER), { ...ALL, q }, EVER, 0).traces[0];
      expect({ rel, ours: { ...ours, spanSets: undefined } }).toEqual({
        rel,
        ours: { ...local, spanSets: undefined },
      });
      expect({ rel, sets: withoutMissingStarts(table, ours) }).toEqual({
        rel,
        sets: withoutMissingStarts(table, local),
      });
    }
  });

  it('drops the traces the query does not match, orders newest first, applies the range and limit', () => {
    const tables = traces.map((t) => t.table);
    const all = searchAnswer(tables, translateQuery(undefined, JAEGER), ALL, EVER, 10);
    expect(all.traces).toHaveLength(tables.length);
    const starts = all.traces.map((t) => BigInt(t.startTimeUnixNano));
    expect(starts).toEqual([...starts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(all.metrics).toMatchObject({ inspectedTraces: tables.length, inspectedBytes: '10' });

    const none = searchAnswer(tables, translateQuery('{ name = "no such span" }', JAEGER), ALL, EVER, 0);
    expect(none.traces).toEqual([]);

    const limited = searchAnswer(tables, translateQuery(undefined, JAEGER), { ...ALL, limit: 2 }, EVER, 0);
    expect(limited.traces).toEqual(all.traces.slice(0, 2));

    const newest = all.traces[0];
    const startS = Number(BigInt(newest.startTimeUnixNano) / 1_000_000_000n);
    const range = { ...ALL, startS, endS: startS };
    const ranged = searchAnswer(tables, translateQuery(undefined, JAEGER), range, searchWindow(range), 0);
    expect(ranged.traces.map((t) => t.traceID)).toContain(newest.traceID);
    expect(ranged.traces.every((t) => BigInt(t.startTimeUnixNano) / 1_000_000_000n === BigInt(startS))).toBe(
      true,
    );
  });
});
