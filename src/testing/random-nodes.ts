/**
 * PreOrderNodes without spans, for layout tests: from a parent per item (children sorted by start,
 * as the tree builder leaves them), as a fast-check arbitrary of small trees with raw times, and as
 * large seeded trees of a realistic shape (performance checks).
 */
import fc from 'fast-check';
import { seededRandom } from '../core/demo/random.ts';
import { childLists, sortChildListsInPlace } from '../core/tree/child-lists.ts';
import { preOrder } from '../core/tree/pre-order.ts';
import type { PreOrderNodes } from '../core/tree/types.ts';

/** `parentOf[i]`: an item (acyclic) or -1 for the top level; times per item. */
export function preOrderNodes(
  parentOf: Int32Array,
  startNs: Float64Array,
  endNs: Float64Array,
): PreOrderNodes {
  const lists = childLists(parentOf);
  sortChildListsInPlace(lists, startNs);
  const order = preOrder(lists, parentOf);
  const { itemOfNode } = order;
  return {
    ...order,
    startNs: Float64Array.from(itemOfNode, (i) => startNs[i]),
    endNs: Float64Array.from(itemOfNode, (i) => endNs[i]),
  };
}

/**
 * Small trees of up to `maxNodes` nodes: any earlier item as parent (or one of the first
 * `maxParents` only, for wide trees), starts and durations on a coarse grid (so that touching and
 * zero-duration spans are common), children free to stick out of their parent as raw times do.
 */
export function preOrderNodesArb(maxNodes = 40, maxParents = maxNodes): fc.Arbitrary<PreOrderNodes> {
  return fc
    .array(fc.record({ parentPick: fc.nat(), startNs: fc.integer({ min: -5, max: 30 }), durNs: fc.nat(8) }), {
      minLength: 1,
      maxLength: maxNodes,
    })
    .map((items) => {
      // Item i's parent is one of -1 .. i − 1, so there is no cycle.
      const parentOf = Int32Array.from(
        items,
        (it, i) => (it.parentPick % Math.min(i + 1, maxParents + 1)) - 1,
      );
      const startNs = Float64Array.from(items, (it) => it.startNs);
      const endNs = Float64Array.from(items, (it) => it.startNs + it.durNs);
      return preOrderNodes(parentOf, startNs, endNs);
    });
}

/**
 * A large tree: fan-out 3–20 until nodeCount, each node's children either one after the other
 * inside it or (one node in four) a parallel group overlapping each other; times in ns.
 */
export function randomNodes(nodeCount: number, seed = 1): PreOrderNodes {
  const rand = seededRandom(seed);
  const parentOf = new Int32Array(nodeCount).fill(-1);
  const startNs = new Float64Array(nodeCount);
  const endNs = new Float64Array(nodeCount);
  endNs[0] = 60e9;
  let next = 1;
  for (let p = 0; p < nodeCount && next < nodeCount; p++) {
    const fanOut = Math.min(nodeCount - next, 3 + Math.floor(rand() * 18));
    const parallel = rand() < 0.25;
    const spanNs = endNs[p] - startNs[p];
    const slotNs = spanNs / fanOut;
    for (let i = 0; i < fanOut; i++, next++) {
      parentOf[next] = p;
      const fromNs = parallel
        ? startNs[p] + rand() * spanNs * 0.3
        : startNs[p] + i * slotNs + rand() * slotNs * 0.2;
      const durNs = (parallel ? spanNs * 0.7 : slotNs * 0.8) * rand();
      startNs[next] = Math.round(fromNs);
      endNs[next] = Math.round(fromNs + durNs);
    }
  }
  return preOrderNodes(parentOf, startNs, endNs);
}
