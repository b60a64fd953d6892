/**
 * The missing-time rules of DESIGN §2, per item: a span without a start starts where its parent
 * starts (at the top level or under a missing parent: at the earliest start in the trace); a
 * missing or negative duration is 0. A synthetic "missing parent" spans its children.
 */
import type { SpanTable } from '../model/span-table.ts';
import { DROPPED } from './resolve-links.ts';
import { NodeFlag } from './types.ts';

export interface ItemTimes {
  /** Per item: offsets from table.baseNs in ns (dropped rows: NaN). */
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
  /** MissingStart / MissingDuration bits per item. */
  readonly flags: Uint8Array;
  readonly missingStartCount: number;
  readonly missingDurationCount: number;
}

/** `parent` is acyclic (cycles already cut); items ≥ table.count are synthetic. */
export function effectiveTimes(table: SpanTable, parent: Int32Array): ItemTimes {
  const n = table.count;
  const count = parent.length;
  const raw = table.startNs;
  const startNs = new Float64Array(count).fill(Number.NaN);
  const endNs = new Float64Array(count).fill(Number.NaN);
  const flags = new Uint8Array(count);

  let earliestNs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < n; r++) if (parent[r] !== DROPPED && raw[r] < earliestNs) earliestNs = raw[r];
  if (earliestNs === Number.POSITIVE_INFINITY) earliestNs = 0;

  let missingStartCount = 0;
  for (let r = 0; r < n; r++) {
    if (parent[r] === DROPPED) continue;
    if (Number.isNaN(raw[r])) {
      flags[r] |= NodeFlag.MissingStart;
      missingStartCount++;
    } else startNs[r] = raw[r];
  }
  // Each start-less row takes the start of its nearest ancestor that has one; the walk fills the
  // whole chain, so every row is walked over once.
  const path = missingStartCount > 0 ? new Int32Array(n) : null;
  for (let r = 0; path && r < n; r++) {
    if (parent[r] === DROPPED || !Number.isNaN(startNs[r])) continue;
    let len = 0;
    let j = r;
    while (j >= 0 && j < n && Number.isNaN(startNs[j])) {
      path[len++] = j;
      j = parent[j];
    }
    const inherited = j >= 0 && j < n ? startNs[j] : earliestNs;
    for (let k = 0; k < len; k++) startNs[path[k]] = inherited;
  }

  let missingDurationCount = 0;
  for (let r = 0; r < n; r++) {
    if (parent[r] === DROPPED) continue;
    const dur = table.durNs[r];
    if (dur >= 0) endNs[r] = startNs[r] + dur;
    else {
      endNs[r] = startNs[r];
      flags[r] |= NodeFlag.MissingDuration;
      missingDurationCount++;
    }
  }

  for (let r = 0; r < n; r++) {
    const p = parent[r];
    if (p < n) continue;
    if (!(startNs[p] <= startNs[r])) startNs[p] = startNs[r];
    if (!(endNs[p] >= endNs[r])) endNs[p] = endNs[r];
  }
  return { startNs, endNs, flags, missingStartCount, missingDurationCount };
}
