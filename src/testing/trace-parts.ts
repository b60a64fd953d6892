/**
 * Random `trace_parts` rows for the tests of the newest-parts fast paths (the listing, the search's
 * pages): traces whose many late parts crowd the newest parts, ties in start, parts without a start;
 * the order the whole grouping gives them (trace start = min of its parts, newest first, nulls last,
 * then by id); and loading them into an empty store schema (`partsStore`, open for a test file).
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll } from 'vitest';
import { ReadPool } from '../server/store/read/read-pool.ts';
import { traceIdOfHex } from '../server/store/schema/binary-ids.ts';
import { SCHEMA_SQL } from '../server/store/schema/schema.ts';

export interface Part {
  readonly trace: number;
  readonly start: bigint | null;
}

export const BASE_NS = 1_700_000_000n * 1_000_000_000n;
export const traceHex = (t: number) => `a${t.toString(16).padStart(31, '0')}`;

/** A deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `traces` traces starting within 200 s; one in 10 has 12 late parts, some have one. */
export function makeParts(seed: number, traces: number): Part[] {
  const next = random(seed);
  const parts: Part[] = [];
  for (let t = 0; t < traces; t++) {
    // Coarse starts make ties; one trace in 20 has no start at all.
    const start = next() < 0.05 ? null : BASE_NS + BigInt(Math.floor(next() * 200)) * 1_000_000_000n;
    parts.push({ trace: t, start });
    const more = next() < 0.1 ? 12 : next() < 0.3 ? 1 : 0;
    // Later parts start at or after the first: an old trace whose spans keep coming.
    for (let k = 0; k < more; k++)
      parts.push({
        trace: t,
        start: start === null ? null : start + BigInt(Math.floor(next() * 300)) * 1_000_000_000n,
      });
  }
  return parts;
}

/** Every trace as the whole grouping orders them, within the start filter (unix seconds, both inclusive). */
export function groupedOrder(parts: readonly Part[], from?: number, to?: number): [string, bigint | null][] {
  const starts = new Map<number, bigint | null>();
  for (const p of parts) {
    const s = starts.get(p.trace);
    if (s === undefined || s === null || (p.start !== null && p.start < s))
      starts.set(p.trace, p.start ?? s ?? null);
  }
  const S = 1_000_000_000n;
  return [...starts]
    .filter(([, s]) => from === undefined || (s !== null && s >= BigInt(from) * S))
    .filter(([, s]) => to === undefined || (s !== null && s < (BigInt(to) + 1n) * S))
    .sort(([ta, a], [tb, b]) => {
      if (a !== b) return a === null ? 1 : b === null ? -1 : a > b ? -1 : 1;
      return traceHex(ta) < traceHex(tb) ? -1 : 1;
    })
    .map(([t, s]) => [traceHex(t), s]);
}

/** Replaces the trace parts (one service part per trace), part i holding seq i. */
export async function loadParts(conn: DuckDBConnection, parts: readonly Part[]): Promise<void> {
  await conn.run('DELETE FROM trace_parts');
  await conn.run('DELETE FROM trace_service_parts');
  const rows = parts.map(
    (p, i) =>
      `(${traceIdOfHex(`'${traceHex(p.trace)}'`)}, ${p.start ?? 'NULL'}, ${p.start === null ? 'NULL' : p.start + 1000n}, ${i}, ${i}, 1, 0, 'svc', 'root', ${p.start ?? 'NULL'})`,
  );
  await conn.run(`INSERT INTO trace_parts VALUES ${rows.join(',')}`);
  await conn.run(`INSERT INTO trace_service_parts SELECT DISTINCT trace_id, 'svc', 1, 0 FROM trace_parts`);
}

/** An empty store schema in memory with a read pool, opened before the calling file's tests and closed after. */
export function partsStore(): { load(parts: readonly Part[]): Promise<void>; readonly reads: ReadPool } {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let reads: ReadPool;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
    for (const sql of SCHEMA_SQL) await conn.run(sql);
    reads = await ReadPool.open(instance, 1);
  });
  afterAll(() => {
    reads.close();
    conn.closeSync();
    instance.closeSync();
  });
  return {
    load: (parts) => loadParts(conn, parts),
    get reads() {
      return reads;
    },
  };
}
