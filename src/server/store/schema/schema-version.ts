/**
 * The schema number a database was written with (`meta`), and the refusal of one this code cannot
 * read: a directory written by a newer spanscope is never opened (its tables may mean something
 * else), and never migrated down.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA_VERSION } from './schema.ts';

/** The stored schema number; null for a new (empty) database. */
export async function storedSchemaVersion(conn: DuckDBConnection, path: string): Promise<number | null> {
  const tables = await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta'`);
  if (Number(tables.getRows()[0][0]) === 0) return null;
  const reader = await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema'`);
  const value = reader.getRows()[0]?.[0];
  if (value === undefined) return null;
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1)
    throw new Error(`the store database ${path} has an unknown schema "${String(value)}"`);
  return version;
}

/** Throws when `version` is newer than this code's: the message names both. */
export function refuseNewerSchema(version: number | null, path: string): void {
  if (version !== null && version > SCHEMA_VERSION)
    throw new Error(
      `the store database ${path} has schema ${version}, newer than schema ${SCHEMA_VERSION}, the newest ` +
        'this spanscope supports: run a newer spanscope, or give this server another --data directory',
    );
}
