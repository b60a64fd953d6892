/**
 * Schema 1 → 2 (hex-text ids → numbers, binary-ids.ts) of a data directory, on open, crash-safe:
 * the schema-2 database is built beside the schema-1 one (`<db>.v2-migrating`), from the schema-1
 * file attached read-only, checkpointed and closed, then renamed over it. A rename within a
 * directory is atomic, so a crash at any point leaves either the intact schema-1 database (and a
 * partial file beside it, which the next start deletes before building again) or the complete
 * schema-2 one. The schema-1 database is checkpointed first, so that no WAL of it is left to be
 * replayed onto the new file. Spans are copied in seq ranges, one transaction each, with a log line
 * per range (spans migrated / total).
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { fsyncPath } from '../fsync-path.ts';
import { traceIdOfHex } from './binary-ids.ts';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.ts';

export interface MigrationOptions {
  readonly threads: number;
  /** Spans copied per transaction (and per progress line). */
  readonly chunkSpans?: number;
  readonly log: (line: string) => void;
}

const DEFAULT_CHUNK_SPANS = 250_000;

/** Where the schema-2 database is built. */
export const migratingPath = (path: string) => `${path}.v2-migrating`;

/** The schema-1 id columns of each table, as their schema-2 values (the other columns are copied as they are). */
const CONVERTED: Record<string, Record<string, string>> = {
  spans: {
    trace_id: traceIdOfHex('trace_id'),
    span_id: `('0x' || span_id)::UBIGINT`,
    parent_id: `CASE WHEN parent_id = '' THEN 0 ELSE ('0x' || parent_id)::UBIGINT END`,
  },
  trace_parts: { trace_id: traceIdOfHex('trace_id') },
  trace_service_parts: { trace_id: traceIdOfHex('trace_id') },
  pins: { trace_id: traceIdOfHex('trace_id') },
};

function copySql(table: string, where = ''): string {
  const replaced = Object.entries(CONVERTED[table] ?? {}).map(([column, sql]) => `${sql} AS ${column}`);
  const columns = replaced.length > 0 ? `* REPLACE (${replaced.join(', ')})` : '*';
  return `INSERT INTO main.${table} SELECT ${columns} FROM v1.${table} ${where}`;
}

function removeFile(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}

/**
 * Migrates the schema-1 database at `path` (closed, and checkpointed by its last user: no WAL left)
 * to schema 2 in place. Throws, leaving the schema-1 database as it was, when anything fails.
 */
export async function migrateV1(path: string, options: MigrationOptions): Promise<void> {
  const target = migratingPath(path);
  removeFile(target);
  if (existsSync(`${path}.wal`) && statSync(`${path}.wal`).size > 0)
    throw new Error(`${path}.wal is not empty after a checkpoint: the schema-1 database was not migrated`);
  try {
    const instance = await DuckDBInstance.create(target, { threads: String(options.threads) });
    try {
      const conn = await instance.connect();
      await build(conn, path, options);
      await conn.run('CHECKPOINT');
      conn.closeSync();
    } finally {
      instance.closeSync();
    }
    if (existsSync(`${target}.wal`) && statSync(`${target}.wal`).size > 0)
      throw new Error(`${target}.wal is not empty after a checkpoint`);
  } catch (error) {
    removeFile(target);
    throw new Error(
      `migrating ${path} to store schema ${SCHEMA_VERSION} failed (the schema-1 database is unchanged): ${(error as Error).message}`,
    );
  }
  rmSync(`${target}.wal`, { force: true });
  rmSync(`${path}.wal`, { force: true });
  fsyncPath(target);
  renameSync(target, path);
  fsyncPath(dirname(path));
  options.log(`spanscope: ${path} is now store schema ${SCHEMA_VERSION}`);
}

async function one(conn: DuckDBConnection, sql: string): Promise<bigint | number | string | null> {
  return ((await conn.runAndReadAll(sql)).getRows()[0]?.[0] ?? null) as bigint | number | string | null;
}

async function build(conn: DuckDBConnection, path: string, options: MigrationOptions): Promise<void> {
  for (const sql of SCHEMA_SQL) await conn.run(sql);
  await conn.run(`ATTACH '${path.replaceAll("'", "''")}' AS v1 (READ_ONLY)`);
  const tables = (
    await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'v1'`)
  )
    .getRows()
    .map((r) => String(r[0]));
  const total = Number(await one(conn, 'SELECT count(*) FROM v1.spans'));
  options.log(`spanscope: migrating ${path} from store schema 1 to ${SCHEMA_VERSION}: ${total} spans`);
  await conn.run('BEGIN TRANSACTION');
  for (const table of tables) {
    if (table === 'spans') continue;
    await conn.run(table === 'meta' ? copySql(table, `WHERE key <> 'schema'`) : copySql(table));
  }
  await conn.run(`INSERT INTO meta VALUES ('schema', '${SCHEMA_VERSION}')`);
  await conn.run('COMMIT');
  const chunk = options.chunkSpans ?? DEFAULT_CHUNK_SPANS;
  let from = BigInt((await one(conn, 'SELECT coalesce(min(seq), 0) FROM v1.spans')) ?? 0);
  const end = BigInt((await one(conn, 'SELECT coalesce(max(seq) + 1, 0) FROM v1.spans')) ?? 0);
  let done = 0;
  while (from < end) {
    // A range of `chunk` rows: seqs are dense but for the gaps of failed commits and retention.
    const to = BigInt(
      (await one(
        conn,
        `SELECT coalesce(max(seq) + 1, ${end}) FROM (SELECT seq FROM v1.spans WHERE seq >= ${from} ORDER BY seq LIMIT ${chunk})`,
      )) ?? end,
    );
    await conn.run('BEGIN TRANSACTION');
    await conn.run(copySql('spans', `WHERE seq >= ${from} AND seq < ${to}`));
    await conn.run('COMMIT');
    done = Number(await one(conn, 'SELECT count(*) FROM main.spans'));
    options.log(`spanscope: migrating to store schema ${SCHEMA_VERSION}: ${done} / ${total} spans`);
    from = to;
  }
  if (done !== total) throw new Error(`migrated ${done} spans of ${total}`);
  await conn.run('DETACH v1');
}
