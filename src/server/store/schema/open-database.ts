/**
 * The DuckDB instance of a data directory (or memory), at the current schema: a schema-1 database
 * migrated first (migrate-v1.ts), one of a newer schema refused with a message naming both
 * versions, and a directory another process holds refused with a message naming that process.
 */
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_DB_THREADS, logLineTo, type StoreOptions } from '../store-options.ts';
import { migrateV1 } from './migrate-v1.ts';
import { refuseNewerSchema, storedSchemaVersion } from './schema-version.ts';

function openInstance(path: string, options: StoreOptions): Promise<DuckDBInstance> {
  return DuckDBInstance.create(path, { threads: String(options.threads ?? DEFAULT_DB_THREADS) }).catch(
    (err: Error) => {
      throw dataDirectoryInUse(err, path) ?? err;
    },
  );
}

export async function openCurrentSchema(path: string, options: StoreOptions): Promise<DuckDBInstance> {
  const instance = await openInstance(path, options);
  let version: number | null;
  try {
    const conn = await instance.connect();
    version = await storedSchemaVersion(conn, path);
    refuseNewerSchema(version, path);
    // No WAL may be left to replay onto the migrated file.
    if (version === 1) await conn.run('CHECKPOINT');
    conn.closeSync();
  } catch (error) {
    instance.closeSync();
    throw error;
  }
  if (version !== 1) return instance;
  instance.closeSync();
  await migrateV1(path, {
    threads: options.threads ?? DEFAULT_DB_THREADS,
    chunkSpans: options.migrationChunkSpans,
    log: logLineTo(options),
  });
  return openInstance(path, options);
}

/**
 * DuckDB's lock error, said for the user: another process (a second `spanscope serve`) has the
 * data directory open; DuckDB names its PID.
 */
function dataDirectoryInUse(err: Error, path: string): Error | null {
  if (!/Could not set lock on file/.test(err.message)) return null;
  const pid = /PID (\d+)/.exec(err.message)?.[1];
  return new Error(
    `the data directory ${dirname(path)} is in use by another process${pid ? ` (PID ${pid})` : ''}; ` +
      'stop it, or give this server another --data directory',
  );
}
