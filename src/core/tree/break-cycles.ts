/**
 * Cuts parent cycles (a → b → a, or a span that is its own parent) so that every item reaches the
 * top level. In each cycle the member that starts first (ties: input order; no start: last)
 * loses its parent and moves to the top level, since a caller usually starts before its callees.
 * O(n): each item is walked once.
 */
import { TOP } from './resolve-links.ts';

export interface CycleCut {
  /** The parent array with one link per cycle cut to TOP. */
  readonly parent: Int32Array;
  /** Items whose parent link was cut, one per cycle. */
  readonly cut: readonly number[];
}

/** `startNs` holds the items' raw starts (NaN allowed); items past its length never start first. */
export function breakCycles(parent: Int32Array, startNs: Float64Array): CycleCut {
  const count = parent.length;
  const out = parent.slice();
  const cut: number[] = [];
  const keyOf = (i: number): number => {
    const v = i < startNs.length ? startNs[i] : Number.NaN;
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  // walkOf[i] = 1 + the item whose upward walk first reached i; 0 = not reached yet.
  const walkOf = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (walkOf[i] !== 0) continue;
    const walk = i + 1;
    let j = i;
    while (j >= 0 && walkOf[j] === 0) {
      walkOf[j] = walk;
      j = out[j];
    }
    // Reaching an item of an earlier walk means its chain is already known to end at the top.
    if (j < 0 || walkOf[j] !== walk) continue;
    let first = j;
    for (let k = out[j]; k !== j; k = out[k]) {
      const a = keyOf(k);
      const b = keyOf(first);
      if (a < b || (a === b && k < first)) first = k;
    }
    out[first] = TOP;
    cut.push(first);
  }
  return { parent: out, cut };
}
