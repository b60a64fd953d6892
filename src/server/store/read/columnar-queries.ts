/**
 * The SQL behind columnar reads (columnar-reader.ts) and the copying of its results. DuckDB computes
 * every hot column in the type the transfer wants (ids as u64, times as f64 offsets, names and
 * services as indexes into the trace's string table, …), so a result chunk's vectors are copied into
 * the body as raw bytes: no JS value is made per span. Converting 100k rows value by value took
 * about a second; this takes tens of milliseconds.
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { TRACE_ROWS } from './trace-reader.ts';

/** Events of a span: `event_times` is a comma-separated list of unix ns (schema.ts). */
const EVENT_COUNT = `CASE WHEN event_times = '' THEN 0
  ELSE length(event_times) - length(replace(event_times, ',', '')) + 1 END`;

/** One row: span count, earliest start, event count. */
export const SHAPE_SQL = `SELECT count(*)::DOUBLE AS n, min(start_ns) AS base,
  coalesce(sum(${EVENT_COUNT}), 0)::DOUBLE AS m ${TRACE_ROWS}`;

/** The trace's distinct names and services: its string table. */
export const STRINGS_SQL = `SELECT DISTINCT v FROM (SELECT name AS v ${TRACE_ROWS} UNION ALL SELECT service ${TRACE_ROWS})`;

/** The trace's distinct resource or scope blobs: their store ids and JSON. */
export function blobsSql(table: 'resources' | 'scopes', column: 'resource_id' | 'scope_id'): string {
  return `SELECT d.id::DOUBLE AS id, coalesce(any_value(b.json), '{}') AS json
    FROM (SELECT DISTINCT ${column} AS id ${TRACE_ROWS}) d LEFT JOIN ${table} b ON b.id = d.id GROUP BY d.id`;
}

/** A list parameter ($n) joined as a table of (value, index). */
const indexed = (param: string, type: string) =>
  `(SELECT unnest(${param}::${type}[]) AS v, (generate_subscripts(${param}::${type}[], 1) - 1)::UINTEGER AS i)`;

/**
 * The hot columns, in seq order. $4: strings, $5: resource ids, $6: scope ids (each trace's own
 * table, in the order of the body's lists), $7: the earliest start.
 */
export const HOT_SQL = `WITH t AS (SELECT * ${TRACE_ROWS}),
    str AS ${indexed('$4', 'VARCHAR')}, res AS ${indexed('$5', 'UINTEGER')}, sco AS ${indexed('$6', 'UINTEGER')}
  SELECT (t.seq - $1)::UINTEGER AS key,
    t.span_id, t.parent_id,
    coalesce((t.start_ns - $7::UBIGINT)::DOUBLE, 'NaN'::DOUBLE) AS start_ns,
    coalesce(t.dur_ns::DOUBLE, 'NaN'::DOUBLE) AS dur_ns,
    sn.i AS name, sv.i AS service, res.i AS resource, sco.i AS scope,
    t.kind, t.status, t.model_flags, (${EVENT_COUNT})::UINTEGER AS events
  FROM t JOIN str sn ON sn.v = t.name JOIN str sv ON sv.v = t.service
    JOIN res ON res.v = t.resource_id JOIN sco ON sco.v = t.scope_id
  ORDER BY t.seq`;

/** Column order of HOT_SQL with each column's bytes per row. */
export const HOT_COLUMNS = [
  ['key', 4],
  ['spanIds', 8],
  ['parentIds', 8],
  ['startNs', 8],
  ['durNs', 8],
  ['names', 4],
  ['services', 4],
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

/** Runs a query and hands each result chunk, with the rows before it, to `each`. Returns the row count. */
export async function forEachChunk(
  c: DuckDBConnection,
  sql: string,
  params: DuckDBValue[],
  each: (chunk: DuckDBDataChunk, firstRow: number) => void,
): Promise<number> {
  const result = await c.stream(sql, params);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return rows;
    each(chunk, rows);
    rows += chunk.rowCount;
  }
}
