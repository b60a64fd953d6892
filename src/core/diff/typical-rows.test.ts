/**
 * The typical comparison's rows, drawn: ghost rows of `missing` spans go under their B parent at
 * their place among its children by start; the structure stays a well-formed pre-order tree.
 */
import { describe, expect, test } from 'vitest';
import { asciiTrace } from '../../testing/ascii-trace.ts';
import { buildTree } from '../tree/build-tree.ts';
import type { TraceTree } from '../tree/types.ts';
import { compareWithTypical } from './typical.ts';
import { type TypicalRowTree, typicalRows } from './typical-rows.ts';

const tree = (drawing: string): TraceTree => buildTree(asciiTrace(drawing), { adjustClockSkew: false });

/** One line per row: indentation by depth, the B span's name or `~ghost` for a ghost row. */
function drawRows(rows: TypicalRowTree, b: TraceTree, ghostNames: readonly string[]): string {
  const lines: string[] = [];
  for (let r = 0; r < rows.nodeCount; r++) {
    const y = rows.contentOf[r];
    const label = y >= 0 ? b.table.strings[b.table.names[b.row[y]]] : `~${ghostNames[rows.ghostOf[r]]}`;
    lines.push(`${'  '.repeat(rows.depth[r])}${label}`);
  }
  return lines.join('\n');
}

function checkShape(rows: TypicalRowTree): void {
  for (let r = 0; r < rows.nodeCount; r++) {
    const p = rows.parent[r];
    expect(rows.depth[r]).toBe(p < 0 ? 0 : rows.depth[p] + 1);
    if (p >= 0) expect(r < rows.subtreeEnd[p] && p < r).toBe(true);
    let children = 0;
    for (let c = r + 1; c < rows.subtreeEnd[r]; c = rows.subtreeEnd[c]) {
      expect(rows.parent[c]).toBe(r);
      children++;
    }
    expect(rows.childCount[r]).toBe(children);
  }
}

describe('typicalRows', () => {
  test('a ghost goes between the children it falls between, a late one last, one at the top level', () => {
    const b = tree(`
      root   |==============|
        a     |=|
          a1  |
        c              |==|
    `);
    const ghosts = [
      { parent: 0, atNs: 5000 },
      { parent: 0, atNs: 14_000 },
      { parent: 1, atNs: 2000 },
      { parent: -1, atNs: 20_000 },
      // At the same start as c: B's span first.
      { parent: 0, atNs: 10_000 },
    ];
    const rows = typicalRows(b, ghosts);
    expect(drawRows(rows, b, ['b', 'd', 'a2', 'tail', 'c2'])).toBe(
      ['root', '  a', '    a1', '    ~a2', '  ~b', '  c', '  ~c2', '  ~d', '~tail'].join('\n'),
    );
    checkShape(rows);
    expect(Array.from(rows.rowOfB)).toEqual([0, 1, 2, 5]);
  });

  test('without ghosts the rows are B itself; with compareWithTypical the missing call has its row', () => {
    const b = tree(`
      root  |==========|
        x    |==|
        z           |=|
    `);
    const plain = typicalRows(b, []);
    expect(Array.from(plain.contentOf)).toEqual([0, 1, 2]);
    expect(Array.from(plain.subtreeEnd)).toEqual(Array.from(b.subtreeEnd));
    const baseline = tree(`
      root  |==========|
        x    |==|
        y        |==|
        z           |=|
    `);
    const cmp = compareWithTypical(b, [baseline, baseline]);
    const rows = typicalRows(b, cmp.ghosts);
    expect(
      drawRows(
        rows,
        b,
        cmp.ghosts.map((g) => g.name),
      ),
    ).toBe(['root', '  x', '  ~y', '  z'].join('\n'));
    checkShape(rows);
  });
});
