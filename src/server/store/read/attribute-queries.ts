/**
 * One attribute's value per span of a trace, and the trace's attribute keys, from the flat search
 * JSON of spans and resources (`attrs`, search-attrs.ts): what the viewer groups its statistics by
 * when the trace is too big to fetch every span's details.
 *
 * A span's value is its own attribute, else its resource's (TraceQL's unscoped `.key`); values are
 * DuckDB's text of the JSON value (strings as they are, other values as compact JSON), which
 * core/analysis/attribute-values.ts reproduces for traces grouped in the browser. JSON nulls (empty
 * values) count as none, and so does JSON DuckDB cannot read (a lone surrogate, which the search
 * JSON keeps as an escape: `try`, so that one such span does not fail the answer). Over 1M spans: ~0.15–0.6 s on one DuckDB thread, most of it parsing the
 * JSON of the spans that have the key (a raw `contains` test skips the others; resources are
 * looked up once each).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  type AttributeKeys,
  type KeyCount,
  MAX_ATTRIBUTE_KEY_CHARS,
  MAX_LISTED_KEYS,
} from '../../../core/analysis/attribute-values.ts';
import type { AttributeValues } from '../types.ts';
import { columnBytes, forEachChunk } from './columnar-queries.ts';
import { TRACE_ROWS } from './trace-reader.ts';

/**
 * Keys (offsets from $1) of the spans with a value, in seq order, with the value's code (its rank
 * among the distinct values) and, on the first span of each value, the value. $4: the key as a JSON
 * Pointer, $5: the key as JSON writes it (a span whose raw attrs lack it is not parsed).
 */
const VALUES_SQL = `WITH t AS (
    SELECT seq, resource_id, CASE WHEN contains(attrs, $5) THEN try(json_extract_string(attrs, $4)) END AS sv
    ${TRACE_ROWS}),
  r AS (SELECT id, any_value(try(json_extract_string(attrs, $4))) AS rv FROM resources
    WHERE id IN (SELECT DISTINCT resource_id FROM t) GROUP BY id),
  v AS MATERIALIZED (SELECT (t.seq - $1)::UINTEGER AS key, coalesce(t.sv, r.rv) AS value
    FROM t LEFT JOIN r ON r.id = t.resource_id WHERE coalesce(t.sv, r.rv) IS NOT NULL),
  d AS (SELECT value, min(key) AS first_key, (row_number() OVER (ORDER BY value) - 1)::UINTEGER AS code
    FROM v GROUP BY value)
  SELECT v.key, d.code, CASE WHEN v.key = d.first_key THEN d.value END AS value
  FROM v JOIN d USING (value) ORDER BY v.key`;

/** Span attribute keys with the number of spans having each; $4: longest key, $5: how many. */
const SPAN_KEYS_SQL = `SELECT k AS key, count(*)::DOUBLE AS n
  FROM (SELECT unnest(try(json_keys(attrs))) AS k ${TRACE_ROWS})
  WHERE length(k) <= $4 GROUP BY k ORDER BY n DESC, k LIMIT $5`;

/** Resource attribute keys with the number of the trace's spans whose resource has each. */
const RESOURCE_KEYS_SQL = `WITH t AS (SELECT resource_id, count(*) AS n ${TRACE_ROWS} GROUP BY resource_id),
  r AS (SELECT id, any_value(attrs) AS attrs FROM resources WHERE id IN (SELECT resource_id FROM t) GROUP BY id)
  SELECT k AS key, sum(n)::DOUBLE AS n
  FROM (SELECT unnest(try(json_keys(r.attrs))) AS k, t.n FROM t JOIN r ON r.id = t.resource_id)
  WHERE length(k) <= $4 GROUP BY k ORDER BY n DESC, k LIMIT $5`;

export interface SeqRange {
  readonly traceId: string;
  readonly seqMin: bigint;
  readonly seqMax: bigint;
}

/** RFC 6901: `/` + the key with `~` as `~0` and `/` as `~1` (no other character needs escaping). */
export function jsonPointer(key: string): string {
  return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function u32(bytes: Uint8Array, rows: number): Uint32Array {
  return new Uint32Array(bytes.buffer, bytes.byteOffset, rows);
}

/** The value of `key` of every span of the trace that has one (span, else resource), by key. */
export async function attributeValues(
  c: DuckDBConnection,
  range: SeqRange,
  key: string,
): Promise<AttributeValues> {
  const keys: Uint32Array[] = [];
  const codes: Uint32Array[] = [];
  const values: string[] = [];
  const n = await forEachChunk(
    c,
    VALUES_SQL,
    [range.seqMin, range.seqMax, range.traceId, jsonPointer(key), JSON.stringify(key)],
    (chunk) => {
      const rows = chunk.rowCount;
      const code = u32(columnBytes(chunk, 1, 4), rows);
      keys.push(u32(columnBytes(chunk, 0, 4), rows).slice());
      codes.push(code.slice());
      // Only the first span of a value carries it: one string per distinct value, not per span.
      let text: { getItem(i: number): unknown } | null = null;
      for (let i = 0; i < rows; i++) {
        if (values[code[i]] !== undefined) continue;
        text ??= chunk.getColumnVector(2) as unknown as { getItem(i: number): unknown };
        values[code[i]] = String(text.getItem(i));
      }
    },
  );
  const concat = (parts: Uint32Array[]) => {
    const out = new Uint32Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  return { keyBase: range.seqMin, offsets: concat(keys), codes: concat(codes), values };
}

async function keyCounts(c: DuckDBConnection, sql: string, range: SeqRange): Promise<KeyCount[]> {
  const rows = (
    await c.runAndReadAll(sql, [
      range.seqMin,
      range.seqMax,
      range.traceId,
      MAX_ATTRIBUTE_KEY_CHARS,
      MAX_LISTED_KEYS + 1,
    ])
  ).getRowObjectsJS() as { key: string; n: number }[];
  return rows.map((r) => ({ key: r.key, count: r.n }));
}

/** The span and resource attribute keys of the trace, most frequent first, MAX_LISTED_KEYS at most each. */
export async function attributeKeys(c: DuckDBConnection, range: SeqRange): Promise<AttributeKeys> {
  const span = await keyCounts(c, SPAN_KEYS_SQL, range);
  const resource = await keyCounts(c, RESOURCE_KEYS_SQL, range);
  return {
    span: span.slice(0, MAX_LISTED_KEYS),
    resource: resource.slice(0, MAX_LISTED_KEYS),
    truncated: span.length > MAX_LISTED_KEYS || resource.length > MAX_LISTED_KEYS,
  };
}
