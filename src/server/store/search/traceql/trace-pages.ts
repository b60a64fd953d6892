/**
 * The traces a search looks at, newest first (by trace start, as every search answer is ordered),
 * in pages that grow fourfold: 256 traces, 1,024, 4,096, … A search that finds its `limit` traces
 * among the newest stops after a page or two; one that finds few reads every page, costing about a
 * third more than one pass. A page's spans lie in the seq range of its traces, so when traces were
 * ingested roughly in time order DuckDB skips the row groups of the other pages by their min/max.
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
  /** Traces in the time range (known once the first page was read). */
  total = 0;
  private readonly filter: { sql: string; values: string[] };

  constructor(
    private readonly pool: Reads,
    startS?: number,
    endS?: number,
  ) {
    this.filter = startFilter(startS, endS);
  }

  /** How many pages a search through every trace reads. */
  get plannedPages(): number {
    return pageSizes(this.total).length;
  }

  /** The next page of traces, newest first; [] once every trace was given. */
  async next(): Promise<TraceRef[]> {
    if (this.done) return [];
    const size = FIRST_PAGE * GROWTH ** this.pageIndex++;
    const values: string[] = [...this.filter.values];
    const conditions = this.filter.sql ? [this.filter.sql] : [];
    // Keyset paging on (start, trace id); a trace without a start sorts as -1 (last).
    if (this.after) {
      const k = `$${values.push(String(this.after.key))}::VARCHAR::HUGEINT`;
      const id = traceIdOfHex(`$${values.push(this.after.traceId)}::VARCHAR`);
      conditions.push(`(key < ${k} OR (key = ${k} AND trace_id > ${id}))`);
    }
    // The first page also counts the traces of the range (the rows before the LIMIT).
    const [ids, starts, los, his, counts, totals] = await this.pool.columns(
      `SELECT ${traceIdHex('trace_id')}, start_ns, lo, hi, n, count(*) OVER ()::DOUBLE FROM (
          SELECT trace_id, min(start_ns) AS start_ns, coalesce(min(start_ns)::HUGEINT, -1) AS key,
            min(seq_min) AS lo, max(seq_max) AS hi, sum(span_count)::DOUBLE AS n
          FROM trace_parts GROUP BY trace_id)
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY key DESC, trace_id LIMIT ${size}`,
      values,
    );
    const page: TraceRef[] = ids.map((id, i) => ({
      traceId: id as string,
      startNs: starts[i] as bigint | null,
      seqMin: los[i] as bigint,
      seqMax: his[i] as bigint,
      spanCount: Number(counts[i]),
    }));
    if (this.pageIndex === 1) this.total = Number(totals[0] ?? 0);
    const last = page.at(-1);
    if (page.length < size || !last) this.done = true;
    else this.after = { key: last.startNs ?? -1n, traceId: last.traceId };
    return page;
  }
}
