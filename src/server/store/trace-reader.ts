/**
 * Reads every stored row of one trace, in ingest order, with its resource and scope blobs.
 * The seq range from `trace_parts` lets DuckDB skip all row groups outside it (see schema.ts).
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { ReadPool } from './read-pool.ts';

export interface TraceRows {
  readonly traceId: string;
  readonly count: number;
  readonly spanId: string[];
  readonly parentId: string[];
  readonly name: string[];
  readonly service: string[];
  readonly kind: number[];
  readonly status: number[];
  readonly startNs: (bigint | null)[];
  readonly durNs: (bigint | null)[];
  readonly modelFlags: number[];
  readonly resourceId: number[];
  readonly scopeId: number[];
  readonly eventTimes: string[];
  readonly detail: string[];
  readonly resourceJson: ReadonlyMap<number, string>;
  readonly scopeJson: ReadonlyMap<number, string>;
}

const SPAN_SQL = `SELECT span_id, parent_id, name, service, kind, status, start_ns, dur_ns, model_flags,
  resource_id, scope_id, event_times, detail
  FROM spans WHERE seq BETWEEN $1 AND $2 AND trace_id = $3 ORDER BY seq`;

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
      const [idCol, jsonCol] = await this.pool.columns(
        `SELECT id, json FROM ${this.table} WHERE id IN (${missing.join(',')})`,
      );
      if (this.byId.size > 50_000) this.byId.clear();
      for (let i = 0; i < idCol.length; i++) {
        out.set(idCol[i] as number, jsonCol[i] as string);
        this.byId.set(idCol[i] as number, jsonCol[i] as string);
      }
    }
    return out;
  }
}

export class TraceReader {
  private readonly resources: BlobCache;
  private readonly scopes: BlobCache;

  constructor(private readonly pool: ReadPool) {
    this.resources = new BlobCache(pool, 'resources');
    this.scopes = new BlobCache(pool, 'scopes');
  }

  /** The trace's rows, or null when no span of it is stored. `traceId` must be canonical. */
  async read(traceId: string): Promise<TraceRows | null> {
    const [seqMin, seqMax] = await this.pool.columns(
      'SELECT min(seq_min), max(seq_max) FROM trace_parts WHERE trace_id = $1',
      [traceId],
    );
    if (seqMin[0] === null) return null;
    const cols = await this.pool.columns(SPAN_SQL, [seqMin[0], seqMax[0], traceId]);
    const [spanId, parentId, name, service, kind, status, startNs, durNs, modelFlags] = cols;
    const [resourceId, scopeId, eventTimes, detail] = cols.slice(9);
    const as = <T>(c: DuckDBValue[]) => c as unknown as T[];
    return {
      traceId,
      count: spanId.length,
      spanId: as(spanId),
      parentId: as(parentId),
      name: as(name),
      service: as(service),
      kind: as(kind),
      status: as(status),
      startNs: as(startNs),
      durNs: as(durNs),
      modelFlags: as(modelFlags),
      resourceId: as(resourceId),
      scopeId: as(scopeId),
      eventTimes: as(eventTimes),
      detail: as(detail),
      resourceJson: await this.resources.get(as<number>(resourceId)),
      scopeJson: await this.scopes.get(as<number>(scopeId)),
    };
  }
}
