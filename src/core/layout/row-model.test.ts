import { describe, expect, it } from 'vitest';
import { columnsFromOutline, syntheticColumns } from '../../testing/fake-columns.ts';
import {
  collapseExactly,
  collapseFromDepth,
  createRowModel,
  expandAll,
  fillRows,
  isCollapsed,
  keepMatchesAndAncestors,
  nodeAtRow,
  type RowModel,
  revealNode,
  rowOfNode,
  setCollapsed,
  setFilter,
} from './row-model.ts';

//  node  row   tree
//   0    a     ├ a
//   1    b     │ ├ b
//   2    c     │ │ ├ c
//   3    d     │ │ └ d  !
//   4    e     │ └ e
//   5    f     └ f
//   6    g       └ g
const cols = columnsFromOutline(`
  s a 0..100
    s b 0..50
      s c 0..10
      s d 10..20 !
    s e 50..90
  s f 100..200
    s g 110..120
`);

function rows(m: RowModel): string {
  const out = new Uint32Array(m.rowCount);
  const n = fillRows(m, 0, out);
  return Array.from(out.subarray(0, n), (k) => cols.strings[cols.name[k]]).join('');
}

describe('row model', () => {
  it('shows every node when nothing is collapsed', () => {
    const m = createRowModel(cols);
    expect(m.rowCount).toBe(7);
    expect(rows(m)).toBe('abcdefg');
    for (let r = 0; r < 7; r++) expect(nodeAtRow(m, r)).toBe(r);
    expect(nodeAtRow(m, 7)).toBe(-1);
    expect(nodeAtRow(m, -1)).toBe(-1);
  });

  it('collapsing hides the subtree and maps rows both ways', () => {
    const m = setCollapsed(cols, createRowModel(cols), 1, true);
    expect(rows(m)).toBe('abefg');
    expect(m.rowCount).toBe(5);
    expect([0, 1, 2, 3, 4].map((r) => nodeAtRow(m, r))).toEqual([0, 1, 4, 5, 6]);
    expect([0, 1, 2, 3, 4, 5, 6].map((k) => rowOfNode(m, k))).toEqual([0, 1, -1, -1, 2, 3, 4]);
    expect(isCollapsed(m, 1)).toBe(true);
    expect(isCollapsed(m, 0)).toBe(false);
  });

  it('nested collapses fold into the outer range and reappear on expand', () => {
    const empty = createRowModel(cols);
    let m = setCollapsed(cols, empty, 1, true);
    m = setCollapsed(cols, m, 0, true);
    m = setCollapsed(cols, m, 5, true);
    expect(rows(m)).toBe('af');
    expect(m.hiddenStart.length).toBe(2);
    m = setCollapsed(cols, m, 0, false);
    expect(rows(m)).toBe('abef');
    m = setCollapsed(cols, m, 1, false);
    m = setCollapsed(cols, m, 5, false);
    expect(rows(m)).toBe('abcdefg');
    expect(m.collapsed.length).toBe(0);
  });

  it('never collapses a leaf and ignores repeated calls', () => {
    const m = createRowModel(cols);
    expect(setCollapsed(cols, m, 2, true)).toBe(m);
    const c = setCollapsed(cols, m, 1, true);
    expect(setCollapsed(cols, c, 1, true)).toBe(c);
    expect(setCollapsed(cols, m, 99, true)).toBe(m);
  });

  it('does not mutate the model it started from', () => {
    const m = createRowModel(cols);
    const before = JSON.stringify(m);
    setCollapsed(cols, m, 0, true);
    setFilter(cols, m, new Uint8Array(7));
    expect(JSON.stringify(m)).toBe(before);
  });

  it('collapse all, expand a level, expand all', () => {
    const m0 = createRowModel(cols);
    const all = collapseFromDepth(cols, m0, 0);
    expect(rows(all)).toBe('af');
    expect(rows(setCollapsed(cols, all, 0, false))).toBe('abef');
    expect(rows(collapseFromDepth(cols, m0, 1))).toBe('abefg');
    expect(rows(expandAll(cols, all))).toBe('abcdefg');
  });

  it('collapses exactly a given set of nodes (leaves and repeats ignored), expanding the rest', () => {
    const m = setCollapsed(cols, createRowModel(cols), 0, true);
    const exact = collapseExactly(cols, m, [5, 1, 3, 1]);
    expect(rows(exact)).toBe('abef');
    expect(Array.from(exact.collapsed)).toEqual([1, 5]);
    expect(rows(collapseExactly(cols, exact, []))).toBe('abcdefg');
  });

  it('reveals a node hidden under collapsed ancestors', () => {
    let m = collapseFromDepth(cols, createRowModel(cols), 0);
    expect(rowOfNode(m, 3)).toBe(-1);
    m = revealNode(cols, m, cols.parent, 3);
    expect(rowOfNode(m, 3)).toBe(3);
    expect(rows(m)).toBe('abcdef');
  });

  it('errors-only filter keeps errors and their ancestors, combined with collapses', () => {
    const keep = keepMatchesAndAncestors(cols.parent, (k) => cols.flags[k] !== 0);
    expect(Array.from(keep)).toEqual([1, 1, 0, 1, 0, 0, 0]);
    const m = setFilter(cols, createRowModel(cols), keep);
    expect(rows(m)).toBe('abd');
    expect(rows(setCollapsed(cols, m, 1, true))).toBe('ab');
    expect(rows(setFilter(cols, m, null))).toBe('abcdefg');
  });

  it('fills a window of rows starting anywhere', () => {
    const m = setCollapsed(cols, createRowModel(cols), 1, true);
    const out = new Uint32Array(2);
    expect(fillRows(m, 1, out)).toBe(2);
    expect(Array.from(out)).toEqual([1, 4]);
    expect(fillRows(m, 4, out)).toBe(1);
    expect(out[0]).toBe(6);
    expect(fillRows(m, 9, out)).toBe(0);
  });

  it('agrees with a naive row list on a large tree with random collapses', () => {
    const big = syntheticColumns(5000, 3);
    let m = createRowModel(big);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 200; i++) m = setCollapsed(big, m, Math.floor(rnd() * 5000), rnd() < 0.7);
    const naive: number[] = [];
    for (let k = 0; k < big.nodeCount; ) {
      naive.push(k);
      k = isCollapsed(m, k) ? big.subtreeEnd[k] : k + 1;
    }
    expect(m.rowCount).toBe(naive.length);
    const out = new Uint32Array(m.rowCount);
    fillRows(m, 0, out);
    expect(Array.from(out)).toEqual(naive);
    for (let r = 0; r < naive.length; r += 37) {
      expect(nodeAtRow(m, r)).toBe(naive[r]);
      expect(rowOfNode(m, naive[r])).toBe(r);
    }
  });

  it('collapses in a 1M-node tree without touching every node', () => {
    const n = 1_000_000;
    const subtreeEnd = new Uint32Array(n);
    const depth = new Uint32Array(n);
    // 1000 roots with 999 leaf children each.
    for (let k = 0; k < n; k++) {
      const root = k % 1000 === 0;
      subtreeEnd[k] = root ? k + 1000 : k + 1;
      depth[k] = root ? 0 : 1;
    }
    const tree = { nodeCount: n, subtreeEnd, depth };
    let m = createRowModel(tree);
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) m = setCollapsed(tree, m, ((i * 7919) % 1000) * 1000, true);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(m.rowCount).toBe(1000);
    expect(nodeAtRow(m, 999)).toBe(999_000);
  });
});
