/**
 * Children of every item as one flat array (compressed sparse rows): the children of item i are
 * items[offset[i] .. offset[i + 1]), the top level is the list of the virtual item `count`.
 * Built in item order, so a stable sort afterwards keeps input order among equal keys.
 */
import { sortByKey } from './sort-by-key.ts';

export interface ChildLists {
  /** Length count + 2. */
  readonly offset: Int32Array;
  readonly items: Int32Array;
}

/** `parent[i]` is an item, -1 for the top level, or any other negative value for "not in the tree". */
export function childLists(parent: Int32Array): ChildLists {
  const count = parent.length;
  const offset = new Int32Array(count + 2);
  for (let i = 0; i < count; i++) {
    const p = parent[i];
    if (p >= 0) offset[p + 1]++;
    else if (p === -1) offset[count + 1]++;
  }
  // offset[p + 1] is now the end of p's list; filling backwards brings it down to the start of p's
  // list (keeping item order), so one shift left gives the starts.
  for (let i = 1; i <= count + 1; i++) offset[i] += offset[i - 1];
  const items = new Int32Array(offset[count + 1]);
  for (let i = count - 1; i >= 0; i--) {
    const p = parent[i];
    if (p >= 0) items[--offset[p + 1]] = i;
    else if (p === -1) items[--offset[count + 1]] = i;
  }
  for (let i = 0; i <= count; i++) offset[i] = offset[i + 1];
  offset[count + 1] = items.length;
  return { offset, items };
}

/** Sorts every list by key[item] (stable), in place: `lists` belongs to the caller that built it. */
export function sortChildListsInPlace(lists: ChildLists, key: Float64Array): void {
  const { items } = lists;
  let buffer = new Int32Array(0);
  const scratch = (length: number): Int32Array => {
    if (buffer.length < length) buffer = new Int32Array(length);
    return buffer;
  };
  const { offset } = lists;
  for (let i = 0; i + 1 < offset.length; i++) sortByKey(items, offset[i], offset[i + 1], key, scratch);
}
