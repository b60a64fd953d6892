/**
 * A second run of a synthetic trace (random-table.ts) for diff benchmarks: the same spans with new
 * ids, durations off by up to ±20%, and at seeded random a share of them changed the ways two runs
 * of one request differ: leaves dropped, spans renamed, statuses flipped, leaves retried (a copy
 * started right after the original, under the same parent).
 */
import { seededRandom } from '../core/demo/random.ts';
import type { SpanTable } from '../core/model/span-table.ts';

export interface PerturbOptions {
  readonly seed?: number;
  /** Share of spans changed by each kind of change (default 0.01). */
  readonly rate?: number;
}

export function perturbTable(table: SpanTable, options: PerturbOptions = {}): SpanTable {
  const rand = seededRandom(options.seed ?? 7);
  const rate = options.rate ?? 0.01;
  const n = table.count;
  const hasChildren = new Set(table.parentIds);
  const rows: number[] = [];
  const retries: number[] = [];
  for (let r = 0; r < n; r++) {
    const leaf = !hasChildren.has(table.spanIds[r]);
    if (leaf && rand() < rate) continue;
    rows.push(r);
    if (leaf && rand() < rate) retries.push(r);
  }
  const all = [...rows, ...retries];
  const m = all.length;
  const newId = (r: number, copy: number): string => `${copy}${table.spanIds[r].slice(1)}`;
  const idOf = new Map(rows.map((r) => [table.spanIds[r], newId(r, 1)]));
  const startNs = new Float64Array(m);
  const durNs = new Float64Array(m);
  const names = new Uint32Array(m);
  const statuses = new Uint8Array(m);
  const spanIds: string[] = [];
  const parentIds: string[] = [];
  const nameCount = table.strings.length;
  all.forEach((r, i) => {
    const retry = i >= rows.length;
    durNs[i] = Math.max(0, table.durNs[r] * (0.8 + 0.4 * rand()));
    startNs[i] = retry ? table.startNs[r] + table.durNs[r] : table.startNs[r];
    names[i] = rand() < rate ? (table.names[r] + 1) % nameCount : table.names[r];
    statuses[i] = rand() < rate ? 2 - table.statuses[r] : table.statuses[r];
    spanIds.push(retry ? newId(r, 2) : (idOf.get(table.spanIds[r]) as string));
    const parent = table.parentIds[r];
    parentIds.push(parent === '' ? '' : (idOf.get(parent) ?? parent));
  });
  const bytes = (column: Uint8Array): Uint8Array => Uint8Array.from(all, (r) => column[r]);
  // Its ids are new: the table's id bytes (if any) stay behind.
  const { idBytes: _idBytes, ...kept } = table;
  return {
    ...kept,
    traceId: `${table.traceId.slice(0, 31)}2`,
    count: m,
    startNs,
    durNs,
    spanIds,
    parentIds,
    names,
    services: Uint32Array.from(all, (r) => table.services[r]),
    kinds: bytes(table.kinds),
    statuses,
    flags: bytes(table.flags),
    eventStart: new Uint32Array(m + 1),
    eventNs: new Float64Array(0),
    details: (i) => table.details(all[i]),
  };
}
