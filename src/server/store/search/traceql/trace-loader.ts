/**
 * Traces for the evaluator: the rows of several traces in one query (one query per trace cost ~20 ms
 * each, mostly finding its rows), as SpanTables built by the same builder the decoders use, so the
 * tree and the evaluation are those of `spanscope query` on the same spans. The detail text (span
 * attributes, events, links, status message) is read only when the query needs it, and decoded per
 * span on first use; resources and scopes come from their blobs (cached by the TraceReader).
 */
import { listValue } from '@duckdb/node-api';
import { type SpanTable, TraceSetBuilder } from '../../../../core/model/span-table.ts';
import type { InstrumentationScope, Resource } from '../../../../core/model/types.ts';
import { detailsFromJson, resourceFromJson, scopeFromJson } from '../../../../core/transfer/detail-json.ts';
import { STORE_FORMAT } from '../../read/columnar-reader.ts';
import type { TraceReader } from '../../read/trace-reader.ts';
import { parentIdHex, spanIdHex, traceIdHex, traceIdsOfHexList } from '../../schema/binary-ids.ts';
import type { Reads } from './search-budget.ts';
import type { TraceRef } from './trace-pages.ts';

/** Spans per load query: batches stay small enough not to hold the worker's thread for long. */
export const LOAD_BATCH_SPANS = 20_000;

export interface LoadedTraces {
  readonly tables: Map<string, SpanTable>;
  /** Per trace, the store key (seq − the trace's first seq) of each table row. */
  readonly keys: Map<string, number[]>;
  /**
   * Per trace, the stored start (ns) of each table row: exact, where the table's float offsets are
   * not for a trace spanning more than ~104 days (2^53 ns).
   */
  readonly startNs: Map<string, (bigint | null)[]>;
  /** Bytes of detail text read. */
  readonly detailBytes: number;
}

/** Traces in groups of at most LOAD_BATCH_SPANS stored rows (a bigger trace is a group of its own). */
export function loadGroups(refs: readonly TraceRef[]): TraceRef[][] {
  const groups: TraceRef[][] = [];
  let group: TraceRef[] = [];
  let spans = 0;
  for (const r of refs) {
    if (group.length > 0 && spans + r.spanCount > LOAD_BATCH_SPANS) {
      groups.push(group);
      group = [];
      spans = 0;
    }
    group.push(r);
    spans += r.spanCount;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

export async function loadTraces(
  pool: Reads,
  reader: TraceReader,
  refs: readonly TraceRef[],
  withDetails: boolean,
): Promise<LoadedTraces> {
  const tables = new Map<string, SpanTable>();
  const keys = new Map<string, number[]>();
  const startNs = new Map<string, (bigint | null)[]>();
  if (refs.length === 0) return { tables, keys, startNs, detailBytes: 0 };
  let lo = refs[0].seqMin;
  let hi = refs[0].seqMax;
  for (const r of refs) {
    if (r.seqMin < lo) lo = r.seqMin;
    if (r.seqMax > hi) hi = r.seqMax;
  }
  const [
    traceIds,
    spanIds,
    parentIds,
    names,
    services,
    kinds,
    statuses,
    starts,
    durs,
    flags,
    resourceIds,
    scopeIds,
    seqs,
    details,
  ] = await pool.columns(
    `SELECT ${traceIdHex('trace_id')}, ${spanIdHex('span_id')}, ${parentIdHex('parent_id')}, name, service, kind::DOUBLE, status::DOUBLE, start_ns, dur_ns,
          model_flags::DOUBLE, resource_id::DOUBLE, scope_id::DOUBLE, seq, ${withDetails ? 'detail' : 'NULL'}
        FROM spans WHERE seq BETWEEN $1 AND $2 AND trace_id IN ${traceIdsOfHexList('$3')}
        ORDER BY trace_id, seq`,
    [lo, hi, listValue(refs.map((r) => r.traceId))],
  );
  const resourceJson = await reader.resources.get(resourceIds as number[]);
  const scopeJson = await reader.scopes.get(scopeIds as number[]);
  const resources = new Map<number, Resource>();
  const scopes = new Map<number, InstrumentationScope>();
  const resource = (id: number) => () => {
    let r = resources.get(id);
    if (!r) resources.set(id, (r = resourceFromJson(resourceJson.get(id) ?? '{}')));
    return r;
  };
  const scope = (id: number) => () => {
    let s = scopes.get(id);
    if (!s) scopes.set(id, (s = scopeFromJson(scopeJson.get(id) ?? '{}')));
    return s;
  };
  const builder = new TraceSetBuilder();
  builder.format = STORE_FORMAT;
  let detailBytes = 0;
  const firstSeq = new Map(refs.map((r) => [r.traceId, r.seqMin]));
  for (let i = 0; i < traceIds.length; i++) {
    const traceId = traceIds[i] as string;
    let traceKeys = keys.get(traceId);
    if (!traceKeys) keys.set(traceId, (traceKeys = []));
    traceKeys.push(Number((seqs[i] as bigint) - (firstSeq.get(traceId) ?? 0n)));
    let traceStarts = startNs.get(traceId);
    if (!traceStarts) startNs.set(traceId, (traceStarts = []));
    traceStarts.push(starts[i] as bigint | null);
    const text = withDetails ? (details[i] as string) : '{}';
    detailBytes += withDetails ? text.length : 0;
    const r = resource(Number(resourceIds[i]));
    const s = scope(Number(scopeIds[i]));
    builder.add({
      traceId,
      spanId: spanIds[i] as string,
      parentId: parentIds[i] as string,
      name: names[i] as string,
      service: services[i] as string,
      kind: Number(kinds[i]),
      status: Number(statuses[i]),
      startNs: starts[i] as bigint | null,
      durNs: durs[i] as bigint | null,
      shared: (Number(flags[i]) & 1) !== 0,
      details: () => detailsFromJson(text, r, s),
    });
  }
  for (const table of builder.build()) tables.set(table.traceId, table);
  return { tables, keys, startNs, detailBytes };
}
