/**
 * `/api/search?q=…`: a TraceQL search of the store, newest traces first, until `limit` traces match.
 *
 * Traces are taken page by page, newest first (trace-pages.ts). For each page one SQL statement
 * evaluates every spanset filter on every span row, three-valued (sql-field.ts), and keeps the
 * traces that can match (query-shape.ts's candidate condition). Of those, in order:
 * - a trace SQL fully decided (a query of filters joined by `&&`/`||`, then maybe scalar filters
 *   of count() or durations; no unknown span, no two rows sharing a span id) is answered from SQL:
 *   its matched spans and their aggregates come from a second statement (sql-aggregates.ts);
 * - every other one is loaded (trace-loader.ts, a few dozen per statement) and evaluated by the one
 *   evaluator (core/query), exactly as `spanscope query` evaluates a file.
 * The evaluator runs on the database worker's thread, so it yields to the event loop between traces
 * (every ~10 ms): commits keep being answered while a long search runs. The search stops at the
 * time limit (search-budget.ts).
 */
import type { TempoSearchResponse, TempoSpanSet } from '../../../../core/api/tempo-search.ts';
import type { Query } from '../../../../core/query/compile.ts';
import { evaluate } from '../../../../core/query/evaluate.ts';
import { traceForQuery } from '../../../../core/query/trace-adapter.ts';
import { buildTree } from '../../../../core/tree/build-tree.ts';
import type { ReadPool } from '../../read/read-pool.ts';
import type { TraceReader } from '../../read/trace-reader.ts';
import type { SearchParams } from '../../types.ts';
import { clampLimit, traceSummaries } from '../recent-traces.ts';
import { evaluatedSpanSets, exactSpanSet } from './answer-spansets.ts';
import { type Formula, type QueryShape, queryShape } from './query-shape.ts';
import { SearchBudget } from './search-budget.ts';
import { type CandidateRow, candidates, exactSpans } from './span-conditions.ts';
import { aggregateValues } from './sql-aggregates.ts';
import { loadGroups, loadTraces } from './trace-loader.ts';
import { TracePages, type TraceRef } from './trace-pages.ts';

export interface SearchContext {
  readonly pool: ReadPool;
  readonly reader: TraceReader;
}

/** Candidates resolved per round: at least this many, so the evaluator gets batches. */
const MIN_ROUND = 16;
/** The evaluator yields to the worker's event loop after running this long. */
const YIELD_AFTER_MS = 10;

function holds(f: Formula, leaf: (i: number) => boolean): boolean {
  switch (f.kind) {
    case 'true':
      return true;
    case 'leaf':
      return leaf(f.leaf);
    case 'and':
      return holds(f.left, leaf) && holds(f.right, leaf);
    case 'or':
      return holds(f.left, leaf) || holds(f.right, leaf);
  }
}

/**
 * 'sure': SQL knows the trace's spanset (its scalar filters, computed with it, may still drop it);
 * 'maybe': the evaluator decides; null: it cannot match.
 */
export function verdict(shape: QueryShape, row: CandidateRow): 'sure' | 'maybe' | null {
  if (!holds(shape.candidate, (i) => row.h[i])) return null;
  if (!shape.exact || row.u.some(Boolean)) return 'maybe';
  return holds(shape.exact, (i) => row.e[i]) ? 'sure' : null;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Metrics {
  traces: number;
  spans: number;
  bytes: number;
  jobs: number;
}

class Search {
  private lastYield = performance.now();

  constructor(
    private readonly ctx: SearchContext,
    private readonly query: Query,
    private readonly shape: QueryShape,
    private readonly budget: SearchBudget,
    private readonly spss: number,
    private readonly metrics: Metrics,
  ) {}

  /** The span sets of each trace that matches, by trace id. */
  async resolve(refs: readonly TraceRef[], sure: ReadonlySet<string>): Promise<Map<string, TempoSpanSet[]>> {
    const out = new Map<string, TempoSpanSet[]>();
    const known = refs.filter((r) => sure.has(r.traceId));
    const answered = new Set<string>();
    for (const t of await exactSpans(this.budget, this.shape, known, this.spss)) {
      const aggregates = t.sharedIds ? 'unknown' : aggregateValues(this.shape.aggregates, t);
      if (aggregates === 'unknown') continue;
      answered.add(t.traceId);
      if (aggregates) out.set(t.traceId, [exactSpanSet(t, aggregates)]);
    }
    const rest = refs.filter((r) => !answered.has(r.traceId));
    for (const group of loadGroups(rest)) {
      this.budget.check();
      const loaded = await loadTraces(this.budget, this.ctx.reader, group, this.shape.readsSpanDetails);
      this.metrics.bytes += loaded.detailBytes;
      for (const ref of group) {
        const table = loaded.tables.get(ref.traceId);
        if (!table) continue;
        const trace = traceForQuery(table, buildTree(table, { adjustClockSkew: false }));
        const result = evaluate(this.query, trace);
        if (result.matched) {
          const starts = loaded.startNs.get(ref.traceId) ?? [];
          out.set(
            ref.traceId,
            evaluatedSpanSets(trace, table.baseNs, result, this.spss, (row) => starts[row]),
          );
        }
        if (performance.now() - this.lastYield > YIELD_AFTER_MS) {
          await nextTick();
          this.budget.check();
          this.lastYield = performance.now();
        }
      }
    }
    return out;
  }
}

export async function traceqlSearch(
  ctx: SearchContext,
  query: Query,
  params: SearchParams,
): Promise<TempoSearchResponse> {
  const budget = new SearchBudget(ctx.pool, params.timeoutMs);
  const shape = queryShape(query.ast);
  const limit = clampLimit(params.limit);
  const metrics: Metrics = { traces: 0, spans: 0, bytes: 0, jobs: 0 };
  const search = new Search(ctx, query, shape, budget, Math.max(1, Math.floor(params.spss)), metrics);
  const pages = new TracePages(budget, params.startS, params.endS);
  const found: { traceId: string; spanSets: TempoSpanSet[] }[] = [];
  while (found.length < limit) {
    const page = await pages.next();
    if (page.length === 0) break;
    metrics.jobs++;
    // Traces with fewer rows than a `count() > n` stage needs cannot match: not even read.
    const readable = shape.minRows > 0 ? page.filter((r) => r.spanCount >= shape.minRows) : page;
    metrics.traces += readable.length;
    for (const r of readable) metrics.spans += r.spanCount;
    const rows = new Map(
      (readable.length > 0 ? await candidates(budget, shape, readable) : []).map((row) => [row.traceId, row]),
    );
    const list: TraceRef[] = [];
    const sure = new Set<string>();
    for (const ref of page) {
      const row = rows.get(ref.traceId);
      if (!row) continue;
      metrics.bytes += row.attrBytes;
      const v = verdict(shape, row);
      if (v === null) continue;
      list.push(ref);
      if (v === 'sure') sure.add(ref.traceId);
    }
    for (let i = 0; i < list.length && found.length < limit; ) {
      const round = list.slice(i, i + Math.max(MIN_ROUND, limit - found.length));
      i += round.length;
      const matched = await search.resolve(round, sure);
      for (const ref of round) {
        const spanSets = matched.get(ref.traceId);
        if (spanSets && found.length < limit) found.push({ traceId: ref.traceId, spanSets });
      }
    }
  }
  const summaries = new Map(
    (
      await traceSummaries(
        budget,
        found.map((f) => f.traceId),
      )
    ).map((s) => [s.traceID, s]),
  );
  return {
    traces: found.flatMap((f) => {
      const s = summaries.get(f.traceId);
      return s ? [{ ...s, spanSets: f.spanSets }] : [];
    }),
    metrics: {
      inspectedTraces: metrics.traces,
      inspectedSpans: String(metrics.spans),
      inspectedBytes: String(metrics.bytes),
      completedJobs: metrics.jobs,
      totalJobs: Math.max(metrics.jobs, pages.plannedPages),
    },
  };
}
