/**
 * Schema-1 data directories for the migration tests: the one in v1-store/ (made by the store before
 * schema 2, with the answers it gave), and bigger ones made from it by copying its traces under new
 * trace ids, written as schema-1 rows in SQL (ids as hex text), with no pins copied.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { DB_FILE } from '../server/store/store-options.ts';
import type { storeAnswers } from './store-answers.ts';

const HERE = join(import.meta.dirname, 'v1-store');

export type StoreAnswers = Awaited<ReturnType<typeof storeAnswers>>;

/** What the schema-1 store answered (v1-store/answers.json), with the trace ids it held. */
export function v1Answers(): StoreAnswers & { traceIds: string[] } {
  return JSON.parse(readFileSync(join(HERE, 'answers.json'), 'utf8'));
}

/** The trace id of copy `k` (1-based) of trace `id`: its first 8 hex digits replaced by k. */
export function copiedTraceId(id: string, k: number): string {
  return k.toString(16).padStart(8, '0') + id.slice(8);
}

/**
 * Writes the schema-1 database into `dir` (which must exist), with `copies` copies of each of its
 * traces (ids: copiedTraceId) appended after its own rows.
 */
export async function writeV1DataDir(dir: string, copies = 0): Promise<void> {
  const path = join(dir, DB_FILE);
  writeFileSync(path, gunzipSync(readFileSync(join(HERE, `${DB_FILE}.gz`))));
  if (copies === 0) return;
  const instance = await DuckDBInstance.create(path, { threads: '1' });
  try {
    const conn = await instance.connect();
    const stride = (await conn.runAndReadAll('SELECT max(seq) + 1 FROM spans')).getRows()[0][0] as bigint;
    const copy = `(SELECT range + 1 AS k FROM range(${copies}))`;
    const id = `lpad(lower(to_hex(k)), 8, '0') || trace_id[9:]`;
    const seq = (column: string) => `${column} + k * ${stride}`;
    await conn.run(
      `INSERT INTO spans SELECT s.* REPLACE (${seq('seq')} AS seq, ${id} AS trace_id) FROM spans s, ${copy} ORDER BY k, seq`,
    );
    await conn.run(
      `INSERT INTO trace_parts SELECT p.* REPLACE (${id} AS trace_id, ${seq('seq_min')} AS seq_min, ${seq('seq_max')} AS seq_max)
        FROM trace_parts p, ${copy}`,
    );
    await conn.run(
      `INSERT INTO trace_service_parts SELECT p.* REPLACE (${id} AS trace_id) FROM trace_service_parts p, ${copy}`,
    );
    await conn.run('CHECKPOINT');
    conn.closeSync();
  } finally {
    instance.closeSync();
  }
}

/** The schema version a data directory's database says it has (its `meta` row). */
export async function schemaOf(dir: string): Promise<string> {
  const instance = await DuckDBInstance.create(join(dir, DB_FILE));
  try {
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema'`)).getRows();
    conn.closeSync();
    return String(rows[0][0]);
  } finally {
    instance.closeSync();
  }
}
