import { describe, expect, test } from 'vitest';
import { asciiTrace } from '../../testing/ascii-trace.ts';
import { buildTree } from '../tree/build-tree.ts';
import type { TraceTree } from '../tree/types.ts';
import { selfTimes } from './self-time.ts';

function tree(drawing: string): TraceTree {
  return buildTree(asciiTrace(drawing), { adjustClockSkew: false });
}

/** "name self" per node in pre-order, in columns (1 column = 1 µs). */
function selfs(t: TraceTree): string[] {
  const selfNs = selfTimes(t);
  return Array.from(selfNs, (ns, k) => {
    const name = t.row[k] < 0 ? `?${t.spanIdOf(k)}` : t.table.strings[t.table.names[t.row[k]]];
    return `${name} ${ns / 1000}`;
  });
}

describe('selfTimes', () => {
  test('overlapping children count once; a child sticking out counts only inside the parent', () => {
    // root is 21 wide; its children cover [2, 11) ∪ [15, 21) = 15 of it (c is clipped at 21).
    expect(
      selfs(
        tree(`
          root |====================|
            a    |=====|
            b      |======|
            c                 |=======|
        `),
      ),
    ).toEqual(['root 6', 'a 6', 'b 7', 'c 8']);
  });

  test('a child inside another child, zero-length children and no children', () => {
    expect(
      selfs(
        tree(`
          root |==========|
            a   |======|
              b   |==|
            z        |
            c          |
        `),
      ),
    ).toEqual(['root 4', 'a 4', 'b 3', 'z 0', 'c 0']);
  });

  test('synthetic missing-parent nodes have no self time; orphans have theirs', () => {
    expect(
      selfs(
        tree(`
          o<gone |====|
            k      |=|
        `),
      ),
    ).toEqual(['?00000000676f6e65 0', 'o 3', 'k 2']);
  });
});
