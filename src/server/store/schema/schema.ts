/**
 * The DuckDB schema of the embedded store.
 *
 * Schema 2. Ids are numbers (binary-ids.ts): trace_id UHUGEINT, span_id and parent_id UBIGINT (0: no
 * parent), in `spans`, `trace_parts`, `trace_service_parts` and `pins`; schema 1 kept them as hex
 * text. A schema-1 data directory is migrated on open (migrate-v1.ts); one of a newer schema is
 * refused (schema-version.ts).
 *
 * - `spans`: one row per span, in ingest order. `seq` numbers rows in that order, so the
 *   [seq_min, seq_max] range that `trace_parts` keeps per trace lets DuckDB skip every row group outside
 *   it by its min/max statistics: a trace by id reads a few row groups, not the table (no index on
 *   the 1M-row table, which would slow every append). Hot fields are typed columns; `detail` is the
 *   rest of the span as OTLP JSON (core/transfer/detail-json.ts), `attrs` its attributes as one
 *   flat JSON object for search (see search-attrs.ts), `event_times` the event times (the one hot
 *   part of events, needed to send a trace as columns without parsing every detail).
 * - `resources`, `scopes`: each distinct ResourceSpans/ScopeSpans header once, as OTLP JSON.
 * - `trace_parts`: per trace and commit, the totals of the trace's spans in that commit (time and
 *   seq range, counts, root span); `trace_service_parts` likewise per service. Queries sum the parts
 *   of a trace. Appending parts costs nothing at ingest, where upserting one row per trace into
 *   an indexed table cost more than writing the spans (~20 µs per span); a trace's spans usually
 *   arrive in one or two commits, so there are few parts per trace.
 * - `tag_values`: autocomplete keys and values seen in ingested data (bounded, tag-catalog.ts).
 * - `pins`: pinned traces (pins/pins.ts): a flag that retention honours, not a copy. The trace's rows
 *   stay where they are, so every read path (Tempo v1/v2, columnar, deferred details, find, search)
 *   answers a pinned trace as it answers any other, and pinning a 1M-span trace costs one row. Its
 *   `seq_max` (the trace's last stored seq when pinned) makes it a snapshot: reads of a trace take
 *   its parts up to it only (read/trace-reader.ts), so spans that arrive later are not shown.
 * - `ingest_marks`: (seq, time) pairs, a few a minute while spans arrive: every row with a smaller
 *   seq was stored before that time. Retention's age limit is by ingest time (a file of last month's
 *   traces imported today is kept for the retention period), without a column per span or part.
 * - `ack_log_applied`: the seqs of the ack-log entries whose rows are committed (a small export
 *   acknowledged from the log, ingest/logged-exports.ts), written in the same transaction, so a
 *   restart replays exactly the others; rows of entries no longer in the log are deleted (on open, and
 *   before each background checkpoint).
 *
 * Tables added after a data directory was made are created on open (CREATE … IF NOT EXISTS), so
 * directories made before them open as they are, without a new schema number.
 */

export const SCHEMA_VERSION = 2;

export const SCHEMA_SQL = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS spans (
    seq BIGINT NOT NULL,
    trace_id UHUGEINT NOT NULL,
    span_id UBIGINT NOT NULL,
    parent_id UBIGINT NOT NULL,
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
  `CREATE TABLE IF NOT EXISTS trace_parts (
    trace_id UHUGEINT NOT NULL,
    start_ns UBIGINT,
    end_ns UBIGINT,
    seq_min BIGINT NOT NULL,
    seq_max BIGINT NOT NULL,
    span_count BIGINT NOT NULL,
    error_count BIGINT NOT NULL,
    root_service VARCHAR,
    root_name VARCHAR,
    root_start_ns UBIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS trace_service_parts (
    trace_id UHUGEINT NOT NULL,
    service VARCHAR NOT NULL,
    span_count BIGINT NOT NULL,
    error_count BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS tag_values (
    scope VARCHAR NOT NULL, key VARCHAR NOT NULL, type VARCHAR, value VARCHAR
  )`,
  `CREATE TABLE IF NOT EXISTS pins (
    trace_id UHUGEINT NOT NULL,
    seq_max BIGINT NOT NULL,
    note VARCHAR NOT NULL,
    pinned_by VARCHAR NOT NULL,
    pinned_at_ms BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ingest_marks (seq BIGINT NOT NULL, at_ms BIGINT NOT NULL)`,
  // No index: inserts into an indexed table take DuckDB's checkpoint lock.
  `CREATE TABLE IF NOT EXISTS ack_log_applied (seq UBIGINT NOT NULL)`,
];
