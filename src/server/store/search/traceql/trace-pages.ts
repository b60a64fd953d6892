/**
 * The traces a search looks at, newest first (by trace start, as every search answer is ordered),
 * in pages that grow fourfold: 256 traces, 1,024, 4,096, … A search that finds its `limit` traces
 * among the newest stops after a page or two; one that finds few reads every page, costing about a
 * third more than one pass. A page's spans lie in the seq range of its traces, so when traces were
 * ingested roughly in time order DuckDB skips the row groups of the other pages by their min/max.
 * A page is read from the traces of the newest trace parts (a top-N, exact by a start bound) rather
 * than a grouping of every part, which at 10M stored spans (~220k parts) cost ~0.5 s per search.
 */
import { traceIdHex, traceIdOfHex } from '../../schema/binary-ids.ts';
import type { Reads } from './search-budget.ts';

export interface TraceRef {
  readonly traceId: string;
  /** Earliest span start (unix ns), or null when no span has one (such traces come last). */
  readonly startNs: bigint | null;
  readonly seqMin: bigint;
  readonly seqMax: bigint;
  /** Rows stored (copies of a span counted each time). */
  readonly spanCount: number;
}

export const FIRST_PAGE = 256;
const GROWTH = 4;
/**
 * Part starts read per trace asked for by the newest-parts fast paths (a page here, the listing in
 * recent-traces.ts), tried in turn: a trace's parts are usually one or two, so 4 per trace name
 * enough traces almost always; but a big trace just stored (the bench's 100k spans came in ~200
 * exports) may hold every one of the newest parts, and a top-N of 64 per trace still costs far
 * less than grouping every part.
 */
export const PARTS_PER_TRACE = [4, 64] as const;

const NS_PER_S = 1_000_000_000n;

/**
 * Unix seconds → the trace start filter (both ends inclusive at second precision), as recent-traces.ts
 * reads it. Bounds go as text: seconds up to 2^53 make nanoseconds beyond what a BIGINT binds.
 */
export function startFilter(
  startS: number | undefined,
  endS: number | undefined,
): { sql: string; values: string[] } {
  const clauses: string[] = [];
  const values: string[] = [];
  const seconds = (s: number | undefined) =>
    s === undefined || !Number.isFinite(s) ? null : BigInt(Math.max(0, Math.floor(s)));
  const from = seconds(startS);
  const to = seconds(endS);
  if (from !== null) clauses.push(`start_ns >= $${values.push(String(from * NS_PER_S))}::VARCHAR::HUGEINT`);
  if (to !== null) clauses.push(`start_ns < $${values.push(String((to + 1n) * NS_PER_S))}::VARCHAR::HUGEINT`);
  return { sql: clauses.join(' AND '), values };
}

/** Page sizes for `total` traces: 256, 1,024, … until they cover it. */
export function pageSizes(total: number): number[] {
  const sizes: number[] = [];
  let covered = 0;
  for (let size = FIRST_PAGE; covered < total; size *= GROWTH) {
    sizes.push(size);
    covered += size;
  }
  return sizes;
}

export class TracePages {
  private after: { key: bigint; traceId: string } | null = null;
  private pageIndex = 0;
  private done = false;
  /** Traces in the time range, or parts there when the first page came from the newest parts (known once it was read). */
  total = 0;
  private readonly filter: { sql: string; values: string[] };

  constructor(
    private readonly pool: Reads,
    startS?: number,
    endS?: number,
  ) {
    this.filter = startFilter(startS, endS);
  }

  /** How many pages a search through every trace reads (at most). */
  get plannedPages(): number {
    return pageSizes(this.total).length;
  }

  /** The next page of traces, newest first; [] once every trace was given. */
  async next(): Promise<TraceRef[]> {
    if (this.done) return [];
    const first = this.pageIndex === 0;
    const size = FIRST_PAGE * GROWTH ** this.pageIndex++;
    let page: TraceRef[] | null = null;
    for (const perTrace of PARTS_PER_TRACE) page ??= await this.fromNewestParts(size, perTrace, first);
    page ??= await this.grouped(size, first);
    const last = page.at(-1);
    if (page.length < size || !last) this.done = true;
    else this.after = { key: last.startNs ?? -1n, traceId: last.traceId };
    return page;
  }

  /** Conditions on a trace (its start_ns, key and trace_id) for the range and the pages given, with their values. */
  private conditions(): { values: string[]; sql: string[]; before: string | null } {
    const values: string[] = [...this.filter.values];
    const sql = this.filter.sql ? [this.filter.sql] : [];
    if (!this.after) return { values, sql, before: null };
    // Keyset paging on (start, trace id); a trace without a start sorts as -1 (last).
    const k = `$${values.push(String(this.after.key))}::VARCHAR::HUGEINT`;
    const id = traceIdOfHex(`$${values.push(this.after.traceId)}::VARCHAR`);
    sql.push(`(key < ${k} OR (key = ${k} AND trace_id > ${id}))`);
    return { values, sql, before: k };
  }

  /**
   * The page from the traces of the newest `size × perTrace` parts of the range (at or before
   * the pages given), not a grouping of every part: exact when `size` of those traces start after θ,
   * the oldest start among those parts, since every other trace's first part starts at θ or before.
   * null when it cannot tell. On the first page, `total` becomes the parts of the range: at least
   * as many as its traces.
   */
  private async fromNewestParts(size: number, perTrace: number, first: boolean): Promise<TraceRef[] | null> {
    const { values, sql, before } = this.conditions();
    const partFilter = [
      'start_ns IS NOT NULL',
      ...(this.filter.sql ? [this.filter.sql] : []),
      ...(before ? [`start_ns <= ${before}`] : []),
    ].join(' AND ');
    const columns = await this.pool.columns(
      `WITH p AS (
          SELECT trace_id, start_ns FROM trace_parts WHERE ${partFilter}
          ORDER BY start_ns DESC LIMIT ${size * perTrace})
        SELECT ${traceIdHex('trace_id')}, start_ns, lo, hi, n,
          ${first ? `(SELECT count(*) FROM trace_parts ${this.filter.sql ? `WHERE ${this.filter.sql}` : ''})::DOUBLE` : '0'}
        FROM (${TRACES} WHERE trace_id IN (SELECT trace_id FROM p) GROUP BY trace_id)
        WHERE start_ns > (SELECT min(start_ns) FROM p) AND ${sql.join(' AND ') || 'TRUE'}
        ORDER BY key DESC, trace_id LIMIT ${size}`,
      values,
    );
    const page = refsOf(columns);
    if (page.length < size) return null;
    if (first) this.total = Number(columns[5][0]);
    return page;
  }

  /** The page from a grouping of every part; on the first page `total` counts the traces of the range. */
  private async grouped(size: number, first: boolean): Promise<TraceRef[]> {
    const { values, sql } = this.conditions();
    const columns = await this.pool.columns(
      `SELECT ${traceIdHex('trace_id')}, start_ns, lo, hi, n, count(*) OVER ()::DOUBLE
        FROM (${TRACES} GROUP BY trace_id)
        ${sql.length ? `WHERE ${sql.join(' AND ')}` : ''}
        ORDER BY key DESC, trace_id LIMIT ${size}`,
      values,
    );
    if (first) this.total = Number(columns[5][0] ?? 0);
    return refsOf(columns);
  }
}

/** A trace from its parts (followed by a GROUP BY trace_id). */
const TRACES = `SELECT trace_id, min(start_ns) AS start_ns, coalesce(min(start_ns)::HUGEINT, -1) AS key,
    min(seq_min) AS lo, max(seq_max) AS hi, sum(span_count)::DOUBLE AS n
  FROM trace_parts`;

function refsOf([ids, starts, los, his, counts]: unknown[][]): TraceRef[] {
  return ids.map((id, i) => ({
    traceId: id as string,
    startNs: starts[i] as bigint | null,
    seqMin: los[i] as bigint,
    seqMax: his[i] as bigint,
    spanCount: Number(counts[i]),
  }));
}
