/**
 * The SQL behind columnar reads (columnar-reader.ts) and the copying of its results. DuckDB computes
 * the hot columns in the types the transfer wants (ids as u64, times as f64 offsets, …), so a result
 * chunk's vectors are copied into the body as raw bytes; names, services, resources and scopes come
 * as hashes or store ids that the reader maps to table indexes with typed arrays, no JS value made per
 * span. Converting 100k rows value by value took about a second; this takes tens of milliseconds.
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { TRACE_ROWS } from './trace-reader.ts';

/** Events of a span: `event_times` is a comma-separated list of unix ns (schema.ts). */
const EVENT_COUNT = `CASE WHEN event_times = '' THEN 0
  ELSE length(event_times) - length(replace(event_times, ',', '')) + 1 END`;

/**
 * What the body's head needs, in one scan: the trace's distinct names (g = 7), services (g = 11),
 * resource ids (g = 13) and scope ids (g = 14), and one row of totals (g = 15): span count, earliest
 * start, event count. Names and services come with DuckDB's 64-bit hash, which the hot columns carry
 * instead of the text (a join there would give up the scan's order, and so the streaming).
 */
export const TABLES_SQL = `SELECT g, coalesce(name, service) AS v, hash(coalesce(name, service)) AS h, id, n, base, m
  FROM (SELECT grouping(name, service, resource_id, scope_id)::INTEGER AS g, name, service,
      coalesce(resource_id, scope_id)::DOUBLE AS id, count(*)::DOUBLE AS n, min(start_ns) AS base,
      coalesce(sum(${EVENT_COUNT}), 0)::DOUBLE AS m
    ${TRACE_ROWS} GROUP BY GROUPING SETS ((name), (service), (resource_id), (scope_id), ()))`;

/** The JSON of resource or scope blobs by store id ($1); '{}' for an id without one. */
export function blobsSql(table: 'resources' | 'scopes'): string {
  return `SELECT d.id::DOUBLE AS id, coalesce(any_value(b.json), '{}') AS json
    FROM (SELECT unnest($1::UINTEGER[]) AS id) d LEFT JOIN ${table} b ON b.id = d.id GROUP BY d.id`;
}

/**
 * The hot columns of one table scan, in the scan's order (the insertion order, which is seq order:
 * commit groups are appended in seq order and commit in that order); `ORDERED_HOT_SQL` sorts them,
 * for a table whose rows are found out of order (the reader checks every key). Names and services
 * come as hashes, resources and scopes as store ids; the reader maps them to the body's indexes.
 * $4: the earliest start.
 */
export const HOT_SQL = `SELECT (seq - $1)::UINTEGER AS key, span_id, parent_id,
    coalesce((start_ns - $4::UBIGINT)::DOUBLE, 'NaN'::DOUBLE) AS start_ns,
    coalesce(dur_ns::DOUBLE, 'NaN'::DOUBLE) AS dur_ns,
    hash(name) AS name, hash(service) AS service, resource_id, scope_id,
    kind, status, model_flags, (${EVENT_COUNT})::UINTEGER AS events
  ${TRACE_ROWS}`;
export const ORDERED_HOT_SQL = `${HOT_SQL} ORDER BY seq`;

/** Column order of HOT_SQL with each column's bytes per row. */
export const HOT_COLUMNS = [
  ['key', 4],
  ['spanIds', 8],
  ['parentIds', 8],
  ['startNs', 8],
  ['durNs', 8],
  ['names', 8],
  ['services', 8],
  ['resourceOf', 4],
  ['scopeOf', 4],
  ['kinds', 1],
  ['statuses', 1],
  ['flags', 1],
  ['eventCount', 4],
] as const;

/** Every event time as an f64 offset from $4 (the earliest start), spans in seq order. */
export const EVENTS_SQL = `SELECT (e.v::HUGEINT - $4::HUGEINT)::DOUBLE FROM (
    SELECT seq, unnest(string_split(event_times, ',')) AS v,
      generate_subscripts(string_split(event_times, ','), 1) AS k
    ${TRACE_ROWS} AND event_times <> '') e
  ORDER BY e.seq, e.k`;

/** The detail blobs as UTF-8 bytes, in seq order. */
export const DETAILS_SQL = `SELECT encode(detail) ${TRACE_ROWS} ORDER BY seq`;

/**
 * Keys (offsets from $1) of the spans whose attribute keys or values, event names or status message
 * contain $4 (lower-case), in seq order. Values are matched as their JSON text (arrays and maps
 * too). $5 true skips the cheap test of the raw detail first, for needles JSON would escape.
 */
export const DETAIL_MATCHES_SQL = `SELECT (seq - $1)::UINTEGER ${TRACE_ROWS}
    AND ($5 OR contains(lower(detail), $4))
    AND list_bool_or(list_transform(list_concat(
      json_extract_string(detail, '$.attributes[*].key'),
      json_extract_string(detail, '$.attributes[*].value.*'),
      json_extract_string(detail, '$.events[*].name'),
      [json_extract_string(detail, '$.status.message')]), lambda s: contains(lower(s), $4)))
  ORDER BY seq`;

/** The raw bytes of a fixed-width column of a result chunk (valid until the next fetch). */
export function columnBytes(chunk: DuckDBDataChunk, column: number, bytesPerRow: number): Uint8Array {
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
  return duckdb.vector_get_data(vector, chunk.rowCount * bytesPerRow);
}

/**
 * Runs a query and hands each result chunk, with the rows before it, to `each`, until it says stop.
 * Returns the row count (before the chunk that said stop).
 */
export async function forEachChunk(
  c: DuckDBConnection,
  sql: string,
  params: DuckDBValue[],
  each: (chunk: DuckDBDataChunk, firstRow: number) => unknown,
  /** Awaited before each chunk is fetched: a streamed read waits here for a slow client. */
  pace?: () => Promise<void>,
): Promise<number> {
  const result = await c.stream(sql, params);
  let rows = 0;
  for (;;) {
    await pace?.();
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return rows;
    if (each(chunk, rows) === 'stop') return rows;
    rows += chunk.rowCount;
  }
}
