/**
 * The store's TraceQL search against the evaluator: on random traces (search-traces.ts) imported
 * into the store, every valid generated query finds the same traces, newest first up to `limit`,
 * with span sets of the same sizes, by() keys and aggregate values, and the same matched spans as
 * `evaluate` over the same file decoded in memory (what `spanscope query` does). Queries come from
 * the whole spanset grammar (query-arbitraries.ts: structural operators, pipelines, events, links:
 * the evaluator's path), from filters joined by && and || (SQL's path, with the traces SQL cannot
 * decide evaluated), and from pipelines of those and aggregates (SQL's path for count() and
 * durations, the evaluator's for attributes and by()).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { decodeInput } from '../../../../core/formats/index.ts';
import { TraceSetBuilder } from '../../../../core/model/span-table.ts';
import { compileQuery, type Query } from '../../../../core/query/compile.ts';
import { TraceQLError } from '../../../../core/query/errors.ts';
import { evaluate } from '../../../../core/query/evaluate.ts';
import { traceForQuery } from '../../../../core/query/trace-adapter.ts';
import { buildTree } from '../../../../core/tree/build-tree.ts';
import { importBytes } from '../../../../testing/import-bytes.ts';
import { fieldArbitrary, queryArbitrary } from '../../../../testing/query-arbitraries.ts';
import { type SearchDataSet, searchDataArb } from '../../../../testing/search-traces.ts';
import { DuckStore } from '../../duck-store.ts';
import { anyValueOf } from './answer-spansets.ts';

function compiled(text: string): Query | null {
  try {
    return compileQuery(text);
  } catch (err) {
    if (err instanceof TraceQLError) return null;
    throw err;
  }
}

interface Found {
  readonly traceId: string;
  /** Per span set, its size and by() / aggregate values (sorted). */
  readonly sets: string[];
  readonly spanIds: string[];
}

const setOf = (matched: number, attributes: readonly { key: string; value?: unknown }[]) =>
  JSON.stringify([matched, attributes]);

/** What the evaluator finds in the file, newest trace first (traces without a start last). */
function expected(data: SearchDataSet, query: Query, limit: number): Found[] {
  const sink = new TraceSetBuilder();
  decodeInput(data.file, sink);
  const found: (Found & { start: bigint | null })[] = [];
  for (const table of sink.build()) {
    const trace = traceForQuery(table, buildTree(table, { adjustClockSkew: false }));
    const result = evaluate(query, trace);
    if (!result.matched) continue;
    const hasStart = table.startNs.some((s) => !Number.isNaN(s));
    found.push({
      traceId: table.traceId,
      start: hasStart ? table.baseNs : null,
      sets: result.spansets
        .map((s) =>
          setOf(
            s.spans.length,
            s.attributes.flatMap(({ name, value }) => {
              const v = anyValueOf(value);
              return v ? [{ key: name, value: v }] : [];
            }),
          ),
        )
        .sort(),
      spanIds: [...new Set(result.spansets.flatMap((s) => s.spans.map((i) => trace.spanId(i))))].sort(),
    });
  }
  found.sort((a, b) => {
    if (a.start !== b.start) {
      if (a.start === null) return 1;
      if (b.start === null) return -1;
      return a.start > b.start ? -1 : 1;
    }
    return a.traceId < b.traceId ? -1 : 1;
  });
  return found.slice(0, limit).map(({ start: _, ...f }) => f);
}

let stores: DuckStore[] = [];
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  stores = [];
});

async function storeWith(data: SearchDataSet): Promise<DuckStore> {
  const store = await DuckStore.open({ memory: true });
  stores.push(store);
  await importBytes(store, data.file);
  return store;
}

async function searched(store: DuckStore, q: string, limit: number): Promise<Found[]> {
  const answer = await store.search({ q, limit, spss: 1000 });
  return answer.traces.map((t) => ({
    traceId: t.traceID,
    sets: t.spanSets.map((s) => setOf(s.matched, s.attributes ?? [])).sort(),
    spanIds: [...new Set(t.spanSets.flatMap((s) => s.spans.map((span) => span.spanID)))].sort(),
  }));
}

const filterQuery: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldArbitrary.condition.map((c) => `{ ${c} }`),
    fc.tuple(tie('q'), fc.constantFrom('&&', '||'), tie('q')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
  ),
})).q;

/** Pipelines SQL answers (count(), durations) and some it hands over (attributes, by()). */
const PIPELINES = [
  '{ } | count() > 2',
  'count() >= 1',
  '{ } | count() > 1000',
  '{ status = error } | count() = 1',
  '{ name = "a" } | count() > 0',
  '{ span.a = "a" || kind = server } | count() >= 2',
  '({ name = "a" }) && ({ name = "b" }) | count() > 1',
  'avg(duration) > 100ms',
  '{ } | avg(duration) >= 0',
  '{ status != error } | min(duration) < 10ms',
  '{ } | max(span:duration) > 500ms',
  '{ } | sum(duration) > 1s',
  '{ } | sum(duration) < 0',
  '{ } | count() > 1 | avg(duration) < 500ms',
  'max(duration) > 1ms | count() > 2',
  '{ } | avg(span.n) > 2',
  '{ } | sum(.n) >= 0',
  '{ } | by(resource.service.name) | count() > 1',
  '{ } | by(name) | max(duration) > 100ms',
];

const aggregateStage = fc
  .tuple(
    fc.constantFrom(
      'count()',
      'avg(duration)',
      'min(duration)',
      'max(span:duration)',
      'sum(duration)',
      'avg(span.n)',
      'max(.f)',
    ),
    fc.constantFrom('=', '!=', '<', '<=', '>', '>='),
    fc.constantFrom('0', '1', '2', '3', '1.5', '1000', '10ms', '100ms', '500ms', '1s', '2s'),
  )
  .map(([a, op, v]) => `${a} ${op} ${v}`);

const pipelineQuery: fc.Arbitrary<string> = fc
  .tuple(
    fc.option(filterQuery, { nil: undefined }),
    fc.option(fc.constantFrom('by(resource.service.name)', 'by(name)', 'by(span.a)'), {
      nil: undefined,
      freq: 4,
    }),
    fc.array(aggregateStage, { minLength: 1, maxLength: 2 }),
  )
  .map(([filter, by, aggregates]) => [filter, by, ...aggregates].filter(Boolean).join(' | '));

const validQueries = (arb: fc.Arbitrary<string>) =>
  fc.array(
    arb.filter((q) => compiled(q) !== null),
    { minLength: 1, maxLength: 6 },
  );

async function check(data: SearchDataSet, queries: readonly string[], limit: number): Promise<void> {
  const store = await storeWith(data);
  for (const q of queries) {
    const query = compiled(q) as Query;
    const want = expected(data, query, limit);
    const got = await searched(store, q, limit);
    // `{}` is the listing of recent traces (no span sets), as before TraceQL.
    if (/^\{\s*\}$/.test(q.trim()))
      expect(
        got.map((t) => t.traceId),
        q,
      ).toEqual(want.map((t) => t.traceId));
    else expect(got, q).toEqual(want);
  }
  await store.close();
  stores = stores.filter((s) => s !== store);
}

describe('TraceQL search in the store = the evaluator (properties)', () => {
  test('filters joined by && and || (SQL decides, or hands over the traces it cannot)', async () => {
    await fc.assert(
      fc.asyncProperty(searchDataArb, validQueries(filterQuery), fc.integer({ min: 1, max: 6 }), check),
      { numRuns: Number(process.env.SEARCH_RUNS ?? 60) },
    );
  }, 120_000);

  test('pipelines: count(), avg, min, max, sum of durations and attributes, by(), with and without filters', async () => {
    for (const q of PIPELINES) expect(compiled(q), q).not.toBeNull();
    await fc.assert(
      fc.asyncProperty(searchDataArb, fc.constant(PIPELINES), fc.integer({ min: 1, max: 6 }), check),
      { numRuns: Number(process.env.SEARCH_RUNS ?? 15) },
    );
    await fc.assert(
      fc.asyncProperty(searchDataArb, validQueries(pipelineQuery), fc.integer({ min: 1, max: 6 }), check),
      { numRuns: Number(process.env.SEARCH_RUNS ?? 40) },
    );
  }, 240_000);

  test('the whole spanset grammar (structural operators, pipelines, events, links)', async () => {
    await fc.assert(
      fc.asyncProperty(searchDataArb, validQueries(queryArbitrary), fc.integer({ min: 1, max: 6 }), check),
      { numRuns: Number(process.env.SEARCH_RUNS ?? 40) },
    );
  }, 120_000);
});
