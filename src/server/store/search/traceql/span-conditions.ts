/**
 * The two SQL questions a search asks of a set of traces, over their span rows with each filter's
 * three-valued condition (sql-field.ts) as a column `c<i>`:
 *
 * - `candidates`: per trace, whether leaf i may hold on some span (`h`), surely holds on one (`e`),
 *   is unknown on one (`u`); with the spans and attribute bytes read (every trace of the page).
 * - `exactSpans`: for traces whose answer SQL knows, the spans of the query's result (the exact
 *   and/or tree of query-shape.ts), how many, and whether two rows share a span id (copies, Zipkin
 *   halves: the evaluator's tree does not count them as the rows do, so such traces go to it), and
 *   when the query's scalar filters aggregate durations, their sum, least and greatest.
 */
import { listValue } from '@duckdb/node-api';
import { spanIdHex, traceIdHex, traceIdOfHex, traceIdsOfHexList } from '../../schema/binary-ids.ts';
import { type QueryShape, resultSpansSql } from './query-shape.ts';
import type { Reads } from './search-budget.ts';
import { SpanColumns, SqlParams } from './span-columns.ts';
import { filterCondition } from './sql-field.ts';
import type { TraceRef } from './trace-pages.ts';

export interface LeafFlags {
  /** Some span may hold (true or unknown). */
  readonly h: boolean[];
  /** Some span surely holds. */
  readonly e: boolean[];
  /** Some span is unknown. */
  readonly u: boolean[];
}

export interface CandidateRow extends LeafFlags {
  readonly traceId: string;
  readonly spans: number;
  readonly attrBytes: number;
}

export interface ExactSpan {
  readonly spanId: string;
  readonly name: string;
  readonly startNs: bigint | null;
  readonly durNs: bigint | null;
  readonly status: number;
  /** Store key: seq − the trace's first seq. */
  readonly key: bigint;
}

/** Span durations over a trace's result spans (a missing or negative one counts 0). */
export interface DurationTotals {
  readonly sum: bigint;
  readonly min: bigint;
  readonly max: bigint;
  /**
   * The trace's times span 2^53 ns or more: the evaluator's durations (differences of float64
   * offsets from the trace's start) may then differ from the stored ones.
   */
  readonly unsure: boolean;
}

export interface ExactTrace {
  readonly traceId: string;
  readonly matched: number;
  /** Set when the query's scalar filters aggregate durations. */
  readonly durations: DurationTotals | null;
  /** Two rows share a span id: the evaluator must answer this trace. */
  readonly sharedIds: boolean;
  /** A condition is unknown on some span (only asked for single traces). */
  readonly unknown: boolean;
  readonly spans: ExactSpan[];
}

/** `WITH …, c AS (…)`: the rows of `refs` with a column c<i> per leaf, and the parameters. */
function conditionRows(shape: QueryShape, refs: readonly TraceRef[]) {
  const params = new SqlParams();
  const cols = new SpanColumns(params);
  const conditions = shape.leaves.map((leaf, i) => `${filterCondition(leaf.expr, cols)} AS c${i}`);
  let lo = refs[0].seqMin;
  let hi = refs[0].seqMax;
  for (const r of refs) {
    if (r.seqMin < lo) lo = r.seqMin;
    if (r.seqMax > hi) hi = r.seqMax;
  }
  const where =
    refs.length === 1
      ? `s.seq BETWEEN ${params.add(lo)} AND ${params.add(hi)} AND s.trace_id = ${traceIdOfHex(params.text(refs[0].traceId))}`
      : `s.seq BETWEEN ${params.add(lo)} AND ${params.add(hi)} AND s.trace_id IN (SELECT trace_id FROM w)`;
  const ids = refs.length === 1 ? null : params.add(listValue(refs.map((r) => r.traceId)));
  const withW = ids ? `w AS (SELECT * FROM ${traceIdsOfHexList(ids)} AS u(trace_id)),\n` : '';
  const rows = cols.rowsSql(where);
  const c = `c AS (SELECT sp.*, ${conditions.length ? conditions.join(', ') : 'TRUE AS c_'} FROM sp${
    cols.readsTrace ? ' LEFT JOIN tr USING (trace_id)' : ''
  })`;
  return { params, cols, sql: `WITH ${withW}${rows},\n${c}` };
}

const bools = (column: unknown[]) => column.map((v) => v === true);

export async function candidates(
  pool: Reads,
  shape: QueryShape,
  refs: readonly TraceRef[],
): Promise<CandidateRow[]> {
  if (refs.length === 0) return [];
  const { params, cols, sql } = conditionRows(shape, refs);
  const n = shape.leaves.length;
  const flags = shape.leaves.flatMap((_, i) => [
    `bool_or(coalesce(c${i}, TRUE)) AS h${i}`,
    `coalesce(bool_or(c${i}), FALSE) AS e${i}`,
    `bool_or(c${i} IS NULL) AS u${i}`,
  ]);
  const statement = params.finish(`${sql}
    SELECT ${traceIdHex('trace_id')}, count(*)::DOUBLE AS spans, ${cols.readsAttrs ? 'sum(attrs_bytes)' : '0'}::DOUBLE AS bytes
      ${flags.length ? `, ${flags.join(', ')}` : ''}
    FROM c GROUP BY trace_id`);
  const columns = await pool.columns(statement.sql, statement.values);
  const [ids, spans, bytes] = columns;
  const h = Array.from({ length: n }, (_, i) => bools(columns[3 + 3 * i]));
  const e = Array.from({ length: n }, (_, i) => bools(columns[4 + 3 * i]));
  const u = Array.from({ length: n }, (_, i) => bools(columns[5 + 3 * i]));
  return ids.map((id, row) => ({
    traceId: id as string,
    spans: Number(spans[row]),
    attrBytes: Number(bytes[row]),
    h: h.map((leaf) => leaf[row]),
    e: e.map((leaf) => leaf[row]),
    u: u.map((leaf) => leaf[row]),
  }));
}

/**
 * The result spans of traces whose answer SQL knows (shape.exact set): per trace the first `spss`
 * (earliest first) or, with `spss` null, all of them.
 */
export async function exactSpans(
  pool: Reads,
  shape: QueryShape,
  refs: readonly TraceRef[],
  spss: number | null,
): Promise<ExactTrace[]> {
  const exact = shape.exact;
  if (refs.length === 0 || !exact) return [];
  const { params, sql } = conditionRows(shape, refs);
  const has = shape.leaves.map((_, i) => `coalesce(bool_or(c${i}), FALSE) AS e${i}`);
  const unknown = shape.leaves.map((_, i) => `c${i} IS NULL`).join(' OR ') || 'FALSE';
  const inResult = resultSpansSql(
    exact,
    (i) => `coalesce(c${i}, FALSE)`,
    (i) => `e${i}`,
  );
  const lo = params.add(refs.reduce((m, r) => (r.seqMin < m ? r.seqMin : m), refs[0].seqMin));
  const totals = shape.aggregates.some((a) => a.fn !== 'count');
  const d = '(CASE WHEN dur_ns > 0 THEN dur_ns ELSE 0 END)::HUGEINT';
  const span = `{'span_id': span_id, 'name': name, 'start_ns': start_ns, 'dur_ns': dur_ns, 'status': status, 'seq': seq}`;
  // Earliest first, spans without a start last: as a key that has no NULL in it.
  const order = `{'late': start_ns IS NULL, 'start': coalesce(start_ns, 0), 'id': span_id, 'seq': seq}`;
  // Per trace aggregates, not windows: over a 100k-span trace each window was a sort of every row.
  const statement = params.finish(`${sql},
    a AS (SELECT trace_id, count(*) > count(DISTINCT span_id) AS shared_ids,
        bool_or(${unknown}) AS unknown ${has.length ? `, ${has.join(', ')}` : ''}
        ${totals ? `, max(start_ns::HUGEINT + ${d}) - min(start_ns) >= ${2n ** 53n} AS times_unsure` : ''}
      FROM c GROUP BY trace_id),
    m AS (SELECT * FROM c JOIN a USING (trace_id) WHERE ${inResult}),
    g AS (SELECT trace_id, count(*)::DOUBLE AS matched
        ${totals ? `, sum(${d}) AS dur_sum, min(${d}) AS dur_min, max(${d}) AS dur_max` : ''}
        ${spss === null ? '' : `, arg_min(${span}, ${order}, ${Math.max(1, Math.floor(spss))}) AS firsts`}
      FROM m GROUP BY trace_id),
    f AS (${
      spss === null
        ? 'SELECT trace_id, span_id, name, start_ns, dur_ns, status, seq FROM m'
        : 'SELECT trace_id, unnest(firsts, recursive := true) FROM g'
    })
    SELECT ${traceIdHex('trace_id')}, matched, shared_ids, unknown, ${spanIdHex('span_id')}, name, start_ns, dur_ns, status::DOUBLE, seq - ${lo}
      ${totals ? ', dur_sum::VARCHAR, dur_min::VARCHAR, dur_max::VARCHAR, coalesce(times_unsure, FALSE)' : ''}
    FROM f JOIN g USING (trace_id) JOIN a USING (trace_id)
    ORDER BY trace_id, start_ns NULLS LAST, span_id, seq`);
  const columns = await pool.columns(statement.sql, statement.values);
  const [ids, matched, shared, unknowns, spanIds, names, starts, durs, statuses, seqs] = columns;
  const [sums, mins, maxes, unsure] = columns.slice(10);
  const out: ExactTrace[] = [];
  const base = new Map(refs.map((r) => [r.traceId, r.seqMin]));
  const lowest = refs.reduce((m, r) => (r.seqMin < m ? r.seqMin : m), refs[0].seqMin);
  for (let i = 0; i < ids.length; i++) {
    let t = out.at(-1);
    if (t?.traceId !== ids[i]) {
      t = {
        traceId: ids[i] as string,
        matched: Number(matched[i]),
        durations: totals
          ? {
              sum: BigInt(sums[i] as string),
              min: BigInt(mins[i] as string),
              max: BigInt(maxes[i] as string),
              unsure: unsure[i] === true,
            }
          : null,
        sharedIds: shared[i] === true,
        unknown: unknowns[i] === true,
        spans: [],
      };
      out.push(t);
    }
    t.spans.push({
      spanId: spanIds[i] as string,
      name: names[i] as string,
      startNs: starts[i] as bigint | null,
      durNs: durs[i] as bigint | null,
      status: Number(statuses[i]),
      key: (seqs[i] as bigint) + lowest - (base.get(t.traceId) ?? lowest),
    });
  }
  return out;
}
