/**
 * Subtree fingerprints for the second alignment pass: children left unmatched by (service, name)
 * are matched by the shape of their subtrees, so that a renamed span whose calls did not change is
 * `changed`, not removed + added.
 *
 * full(k)  = hash(key(k), multiset of full(child))           — (service, name) all the way down
 * shape(k) = hash(service(k), multiset of full(child))       — the same without k's own name
 *
 * Children are combined by a sum of mixed hashes, so the order of parallel calls does not change a
 * shape. Two 32-bit lanes make a 52-bit value (a collision only costs a worse match, never an
 * error). One backward pass over the pre-order arrays: O(n).
 */
import type { TraceTree } from '../tree/types.ts';
import type { KeySpace } from './keys.ts';

export interface SubtreeHashes {
  readonly full: Float64Array;
  readonly shape: Float64Array;
}

/** murmur3's finaliser. */
function mixA(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** lowbias32, a second independent mixer for the other lane. */
function mixB(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const LOW_BITS = 2 ** 20;

function combine(lane1: number, lane2: number): number {
  return lane1 * LOW_BITS + (lane2 >>> 12);
}

export function subtreeHashes(tree: TraceTree, space: KeySpace): SubtreeHashes {
  const { nodeCount, parent } = tree;
  const keys = space.keysOf(tree);
  const sum1 = new Uint32Array(nodeCount);
  const sum2 = new Uint32Array(nodeCount);
  const full = new Float64Array(nodeCount);
  const shape = new Float64Array(nodeCount);
  // Descendants come after their ancestor in pre-order: going backwards, each node's children are done.
  for (let k = nodeCount - 1; k >= 0; k--) {
    const key = keys[k];
    const s1 = sum1[k];
    const s2 = sum2[k];
    const f1 = mixA(Math.imul(key + 1, 0x9e3779b1) ^ s1);
    const f2 = mixB(Math.imul(key + 1, 0x27d4eb2f) + s2);
    full[k] = combine(f1, f2);
    const service = space.serviceId(key);
    shape[k] = combine(
      mixA(Math.imul(service + 1, 0x165667b1) ^ s1),
      mixB(Math.imul(service + 1, 0xd3a2646c) + s2),
    );
    const p = parent[k];
    if (p >= 0) {
      sum1[p] = sum1[p] + mixB(f1 ^ 0x5bd1e995);
      sum2[p] = sum2[p] + mixA(f2 ^ 0x1b873593);
    }
  }
  return { full, shape };
}
