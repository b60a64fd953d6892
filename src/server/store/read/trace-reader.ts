/**
 * Where one trace's rows are (its seq range, from `trace_parts`, lets DuckDB skip every row group
 * outside it: see schema.ts) and the resource and scope blobs its spans point at.
 * Reading the rows themselves is left to DuckDB (tempo-trace.ts aggregates JSON, columnar-reader.ts
 * reads typed vectors): converting 100k rows value by value into JS took most of a second.
 */
import { traceIdOfHex } from '../schema/binary-ids.ts';
import type { ReadPool } from './read-pool.ts';

/**
 * `FROM` these: the parts of trace $1 (hex), or of a pinned trace those stored by the time it was
 * pinned (its snapshot, schema.ts). A part is one commit group's rows and groups commit in seq order,
 * so a part is wholly before the pin or wholly after it.
 */
export const TRACE_PARTS = `trace_parts WHERE trace_id = ${traceIdOfHex('$1')} AND trace_parts.seq_max <=
  coalesce((SELECT max(pins.seq_max) FROM pins WHERE pins.trace_id = ${traceIdOfHex('$1')}), trace_parts.seq_max)`;

/** `FROM` these: a trace's span rows. $1, $2: its seq range; $3: its id (hex). */
export const TRACE_ROWS = `FROM spans WHERE seq BETWEEN $1 AND $2 AND trace_id = ${traceIdOfHex('$3')}`;

export interface TraceRange {
  readonly traceId: string;
  readonly seqMin: bigint;
  readonly seqMax: bigint;
  /** Earliest span start (ns), or null when no span has one. */
  readonly startNs: bigint | null;
}

/** Blobs never change once written, so they are cached (bounded) across reads. */
class BlobCache {
  private readonly byId = new Map<number, string>();

  constructor(
    private readonly pool: ReadPool,
    private readonly table: 'resources' | 'scopes',
  ) {}

  async get(ids: Iterable<number>): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const json = this.byId.get(id);
      if (json === undefined) missing.push(id);
      else out.set(id, json);
    }
    if (missing.length > 0) {
      const rows = await this.pool.rows<{ id: number; json: string }>(
        `SELECT id, json FROM ${this.table} WHERE id IN (${missing.join(',')})`,
      );
      if (this.byId.size > 50_000) this.byId.clear();
      for (const r of rows) {
        out.set(r.id, r.json);
        this.byId.set(r.id, r.json);
      }
    }
    return out;
  }
}

export class TraceReader {
  readonly resources: BlobCache;
  readonly scopes: BlobCache;

  constructor(readonly pool: ReadPool) {
    this.resources = new BlobCache(pool, 'resources');
    this.scopes = new BlobCache(pool, 'scopes');
  }

  /** Where the trace's rows are, or null when no span of it is stored. `traceId` must be canonical. */
  async range(traceId: string): Promise<TraceRange | null> {
    const [r] = await this.pool.rows<{ seq_min: bigint | null; seq_max: bigint; start_ns: bigint | null }>(
      `SELECT min(seq_min) AS seq_min, max(seq_max) AS seq_max, min(start_ns) AS start_ns FROM ${TRACE_PARTS}`,
      [traceId],
    );
    if (!r || r.seq_min === null) return null;
    return { traceId, seqMin: r.seq_min, seqMax: r.seq_max, startNs: r.start_ns };
  }
}
