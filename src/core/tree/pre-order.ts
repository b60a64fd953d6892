/**
 * Numbers the tree in pre-order from sorted child lists: node k is the k-th row of a fully
 * expanded waterfall and its subtree is [k, subtreeEnd[k]). Iterative (an explicit stack), since
 * a chain of a million spans is a legal trace.
 */
import type { ChildLists } from './child-lists.ts';

export interface PreOrder {
  readonly nodeCount: number;
  readonly itemOfNode: Int32Array;
  /** Node of each item, -1 for items not in the tree. */
  readonly nodeOfItem: Int32Array;
  readonly parent: Int32Array;
  readonly depth: Uint32Array;
  readonly subtreeEnd: Uint32Array;
  readonly childCount: Uint32Array;
}

export function preOrder(lists: ChildLists, parentItem: Int32Array): PreOrder {
  const count = parentItem.length;
  const { offset, items } = lists;
  const nodeCount = items.length;
  const itemOfNode = new Int32Array(nodeCount);
  const nodeOfItem = new Int32Array(count).fill(-1);
  const parent = new Int32Array(nodeCount);
  const depth = new Uint32Array(nodeCount);
  const subtreeEnd = new Uint32Array(nodeCount);
  const childCount = new Uint32Array(nodeCount);

  const stack = new Int32Array(nodeCount);
  let top = 0;
  for (let c = offset[count + 1] - 1; c >= offset[count]; c--) stack[top++] = items[c];
  let k = 0;
  while (top > 0) {
    const item = stack[--top];
    const p = parentItem[item];
    const pNode = p >= 0 ? nodeOfItem[p] : -1;
    itemOfNode[k] = item;
    nodeOfItem[item] = k;
    parent[k] = pNode;
    depth[k] = pNode >= 0 ? depth[pNode] + 1 : 0;
    childCount[k] = offset[item + 1] - offset[item];
    k++;
    for (let c = offset[item + 1] - 1; c >= offset[item]; c--) stack[top++] = items[c];
  }
  // Descendants have larger numbers, so a backward pass sees each subtree complete.
  for (let i = nodeCount - 1; i >= 0; i--) {
    if (subtreeEnd[i] === 0) subtreeEnd[i] = i + 1;
    const p = parent[i];
    if (p >= 0 && subtreeEnd[i] > subtreeEnd[p]) subtreeEnd[p] = subtreeEnd[i];
  }
  return { nodeCount, itemOfNode, nodeOfItem, parent, depth, subtreeEnd, childCount };
}
