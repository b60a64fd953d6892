/**
 * The DuckDB schema of the embedded store.
 *
 * - `spans`: one row per span, in ingest order. `seq` numbers rows in that order, so the
 *   [seq_min, seq_max] range that `traces` keeps per trace lets DuckDB skip every row group outside
 *   it by its min/max statistics: a trace by id reads a few row groups, not the table (no index on
 *   the 1M-row table, which would slow every append). Hot fields are typed columns; `detail` is the
 *   rest of the span as OTLP JSON (core/transfer/detail-json.ts), `attrs` its attributes as one
 *   flat JSON object for search (see search-attrs.ts), `event_times` the event times (the one hot
 *   part of events, needed to send a trace as columns without parsing every detail).
 * - `resources`, `scopes`: each distinct ResourceSpans/ScopeSpans header once, as OTLP JSON.
 * - `traces`: one row per trace, maintained on ingest (time range, counts, root span), for the
 *   recent-traces listing and the seq range; `trace_services`: spans and errors per service.
 * - `tag_values`: autocomplete keys and values seen in ingested data (bounded, tag-catalog.ts).
 */

export const SCHEMA_VERSION = '1';

export const SCHEMA_SQL = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS spans (
    seq BIGINT NOT NULL,
    trace_id VARCHAR NOT NULL,
    span_id VARCHAR NOT NULL,
    parent_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    service VARCHAR NOT NULL,
    kind UTINYINT NOT NULL,
    status UTINYINT NOT NULL,
    start_ns UBIGINT,
    dur_ns BIGINT,
    model_flags UTINYINT NOT NULL,
    resource_id UINTEGER NOT NULL,
    scope_id UINTEGER NOT NULL,
    event_times VARCHAR NOT NULL,
    attrs VARCHAR NOT NULL,
    detail VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS resources (
    id UINTEGER NOT NULL, service VARCHAR NOT NULL, attrs VARCHAR NOT NULL, json VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS scopes (
    id UINTEGER NOT NULL, name VARCHAR NOT NULL, version VARCHAR NOT NULL, json VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS traces (
    trace_id VARCHAR PRIMARY KEY,
    start_ns UBIGINT,
    end_ns UBIGINT,
    seq_min BIGINT NOT NULL,
    seq_max BIGINT NOT NULL,
    span_count BIGINT NOT NULL,
    error_count BIGINT NOT NULL,
    root_service VARCHAR,
    root_name VARCHAR
  )`,
  `CREATE TABLE IF NOT EXISTS trace_services (
    trace_id VARCHAR NOT NULL,
    service VARCHAR NOT NULL,
    span_count BIGINT NOT NULL,
    error_count BIGINT NOT NULL,
    PRIMARY KEY (trace_id, service)
  )`,
  `CREATE TABLE IF NOT EXISTS tag_values (
    scope VARCHAR NOT NULL, key VARCHAR NOT NULL, type VARCHAR, value VARCHAR
  )`,
  // Per-commit staging of the trace rollups, merged into traces/trace_services by an upsert.
  `CREATE TEMP TABLE IF NOT EXISTS traces_stage AS SELECT * FROM traces LIMIT 0`,
  `CREATE TEMP TABLE IF NOT EXISTS trace_services_stage AS SELECT * FROM trace_services LIMIT 0`,
];

export const UPSERT_TRACES_SQL = `
  INSERT INTO traces SELECT * FROM temp.traces_stage
  ON CONFLICT (trace_id) DO UPDATE SET
    start_ns = least(start_ns, excluded.start_ns),
    end_ns = greatest(end_ns, excluded.end_ns),
    seq_min = least(seq_min, excluded.seq_min),
    seq_max = greatest(seq_max, excluded.seq_max),
    span_count = span_count + excluded.span_count,
    error_count = error_count + excluded.error_count,
    root_service = coalesce(root_service, excluded.root_service),
    root_name = CASE WHEN root_service IS NULL THEN excluded.root_name ELSE root_name END`;

export const UPSERT_TRACE_SERVICES_SQL = `
  INSERT INTO trace_services SELECT * FROM temp.trace_services_stage
  ON CONFLICT (trace_id, service) DO UPDATE SET
    span_count = span_count + excluded.span_count,
    error_count = error_count + excluded.error_count`;

export const CLEAR_STAGE_SQL = [`DELETE FROM temp.traces_stage`, `DELETE FROM temp.trace_services_stage`];
