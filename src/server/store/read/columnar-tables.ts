/**
 * The head of a streamed columnar answer (columnar-reader.ts): the trace's counts, string table,
 * resources and scopes from one scan (TABLES_SQL), and the maps that turn what the hot scan carries
 * (64-bit hashes of names and services, store ids of resources and scopes) into indexes of those tables.
 */
import { type DuckDBConnection, type DuckDBValue, listValue } from '@duckdb/node-api';
import { encodeUtf8List } from '../../../core/transfer/utf8-list.ts';
import { TABLES_SQL } from './columnar-queries.ts';

/** Blobs of a trace's resources or scopes by store id: the ids (in list order) and their UTF-8 JSON. */
export async function blobs(c: DuckDBConnection, sql: string, ids: readonly number[]) {
  // An empty list parameter has no type DuckDB can bind.
  if (ids.length === 0) return { ids: [], texts: encodeUtf8List([]) };
  const rows = (await c.runAndReadAll(sql, [listValue([...ids])])).getRowObjectsJS() as {
    id: number;
    json: string;
  }[];
  return { ids: rows.map((r) => r.id), texts: encodeUtf8List(rows.map((r) => r.json)) };
}

export interface TraceTables {
  readonly n: number;
  readonly m: number;
  readonly base: bigint | null;
  /** Distinct names and services, and the IndexOf key of each (hashKey). */
  readonly strings: string[];
  readonly stringKeys: number[];
  readonly resourceIds: number[];
  readonly scopeIds: number[];
}

/** TABLES_SQL read into the head's counts and tables. */
export async function traceTables(c: DuckDBConnection, params: DuckDBValue[]): Promise<TraceTables> {
  type Row = {
    g: number;
    v: string | null;
    h: bigint;
    id: number | null;
    n: number;
    base: bigint | null;
    m: number;
  };
  const rows = (await c.runAndReadAll(TABLES_SQL, params)).getRowObjectsJS() as unknown as Row[];
  const out: TraceTables = {
    n: 0,
    m: 0,
    base: null,
    strings: [],
    stringKeys: [],
    resourceIds: [],
    scopeIds: [],
  };
  const seen = new Set<string>();
  let totals: Row | undefined;
  for (const r of rows) {
    if (r.g === 15) totals = r;
    else if (r.g === 13 || r.g === 14) (r.g === 13 ? out.resourceIds : out.scopeIds).push(r.id as number);
    else if (r.v !== null && !seen.has(r.v)) {
      seen.add(r.v);
      out.strings.push(r.v);
      out.stringKeys.push(hashKey(Number(BigInt.asUintN(32, r.h)), Number(BigInt.asUintN(32, r.h >> 32n))));
    }
  }
  return totals ? { ...out, n: totals.n, m: totals.m, base: totals.base } : out;
}

/** Keys (store ids, or 53 bits of a 64-bit hash) → index; the last one is remembered (spans come in runs). */
export class IndexOf {
  private readonly map = new Map<number, number>();
  private lastKey = -1;
  private lastIndex = 0;

  constructor(
    keys: readonly number[],
    private readonly what: string,
  ) {
    keys.forEach((k, i) => {
      if (this.map.has(k)) throw new Error(`two ${what} share the key ${k}`);
      this.map.set(k, i);
    });
  }

  get(key: number): number {
    if (key === this.lastKey) return this.lastIndex;
    const i = this.map.get(key);
    if (i === undefined) throw new Error(`a span's ${this.what} is not in the trace's table`);
    this.lastKey = key;
    this.lastIndex = i;
    return i;
  }
}

/**
 * 53 bits of a 64-bit hash (its two u32 halves, little-endian), exact as a JS number; two strings of
 * one trace that share them (odds ~1e-8 at 10,000 distinct names) are refused by IndexOf.
 */
export function hashKey(lo: number, hi: number): number {
  return lo + (hi & 0x1fffff) * 2 ** 32;
}
