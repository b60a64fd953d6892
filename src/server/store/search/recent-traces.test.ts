import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadPool } from '../read/read-pool.ts';
import { traceIdOfHex } from '../schema/binary-ids.ts';
import { SCHEMA_SQL } from '../schema/schema.ts';
import { recentTraces } from './recent-traces.ts';

/**
 * The listing's fast path (the newest parts' traces) against a JS oracle over the same parts: traces
 * whose many late parts would crowd the newest parts, ties in start, parts without a start, time
 * filters, limits above the trace count.
 */

interface Part {
  readonly trace: number;
  readonly start: bigint | null;
}

const BASE = 1_700_000_000n * 1_000_000_000n;
const traceHex = (t: number) => `a${t.toString(16).padStart(31, '0')}`;

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

function makeParts(seed: number, traces: number): Part[] {
  const next = random(seed);
  const parts: Part[] = [];
  for (let t = 0; t < traces; t++) {
    // Coarse starts make ties; one trace in 20 has no start at all.
    const start = next() < 0.05 ? null : BASE + BigInt(Math.floor(next() * 200)) * 1_000_000_000n;
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

/** The listing as the whole grouping answers it: trace start = min of its parts, newest first, nulls last. */
function oracle(parts: Part[], limit: number, from?: number, to?: number): [string, string][] {
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
    .slice(0, limit)
    .map(([t, s]) => [traceHex(t), String(s ?? 0n)]);
}

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let reads: ReadPool;

async function load(parts: Part[]): Promise<void> {
  await conn.run('DELETE FROM trace_parts');
  await conn.run('DELETE FROM trace_service_parts');
  const rows = parts.map(
    (p, i) =>
      `(${traceIdOfHex(`'${traceHex(p.trace)}'`)}, ${p.start ?? 'NULL'}, ${p.start === null ? 'NULL' : p.start + 1000n}, ${i}, ${i}, 1, 0, 'svc', 'root', ${p.start ?? 'NULL'})`,
  );
  await conn.run(`INSERT INTO trace_parts VALUES ${rows.join(',')}`);
  await conn.run(`INSERT INTO trace_service_parts SELECT DISTINCT trace_id, 'svc', 1, 0 FROM trace_parts`);
}

async function listed(limit: number, startS?: number, endS?: number): Promise<[string, string][]> {
  const answer = await recentTraces(reads, { limit, spss: 3, startS, endS });
  return answer.traces.map((t) => [t.traceID, t.startTimeUnixNano]);
}

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

describe('recent traces: the newest parts’ traces answer as the whole grouping', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: every limit and time filter`, async () => {
      const parts = makeParts(seed, 400);
      await load(parts);
      const from = 1_700_000_050;
      const to = 1_700_000_120;
      for (const limit of [1, 3, 20, 97, 399, 400, 1000]) {
        expect(await listed(limit), `limit ${limit}`).toEqual(oracle(parts, limit));
        expect(await listed(limit, from), `limit ${limit}, start`).toEqual(oracle(parts, limit, from));
        expect(await listed(limit, from, to), `limit ${limit}, range`).toEqual(
          oracle(parts, limit, from, to),
        );
        expect(await listed(limit, undefined, to), `limit ${limit}, end`).toEqual(
          oracle(parts, limit, undefined, to),
        );
      }
    });
  }

  it('an old trace whose late parts fill the newest parts does not hide the newest traces', async () => {
    const parts: Part[] = [{ trace: 0, start: BASE }];
    for (let k = 0; k < 200; k++) parts.push({ trace: 0, start: BASE + 1_000_000_000_000n + BigInt(k) });
    for (let t = 1; t <= 30; t++) parts.push({ trace: t, start: BASE + BigInt(t) * 1_000_000_000n });
    await load(parts);
    expect(await listed(20)).toEqual(oracle(parts, 20));
    expect(await listed(31)).toEqual(oracle(parts, 31));
  });

  it('ties at the oldest of the newest parts are ordered by trace id, as the grouping orders them', async () => {
    // Stored with the highest trace ids first, so the tied parts a top-N keeps are not the lowest ids.
    const parts: Part[] = Array.from({ length: 100 }, (_, i) => 99 - i).map((t) => ({
      trace: t,
      start: BASE + BigInt(t % 3),
    }));
    await load(parts);
    for (const limit of [1, 5, 20, 50]) expect(await listed(limit)).toEqual(oracle(parts, limit));
  });
});
