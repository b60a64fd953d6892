import { describe, expect, it } from 'vitest';
import { createRowModel, setCollapsed } from '../core/layout/row-model.ts';
import { columnsFromOutline } from '../testing/fake-columns.ts';
import { testViewport } from '../testing/waterfall-frame.ts';
import { hitTest } from './hit-test.ts';
import { treeRowGeometry } from './tree-geometry.ts';

const cols = columnsFromOutline(`
  api root 0..100
    db query 10..40
    cache get 50..60
  api other 100..200
`);
const v = testViewport(cols); // axis 30 px, rows 24 px, tree column 300 px
const rowY = (row: number) => 30 + row * 24 + 12;

describe('hitTest', () => {
  const rows = createRowModel(cols);
  it('finds the row under the pointer in the tree column and the timeline', () => {
    expect(hitTest(v, rows, cols, 200, rowY(1))).toEqual({ area: 'tree', row: 1, node: 1 });
    expect(hitTest(v, rows, cols, 600, rowY(3))).toEqual({ area: 'timeline', row: 3, node: 3 });
  });

  it('finds the collapse toggle of rows with children only', () => {
    const g0 = treeRowGeometry(0, 300);
    expect(hitTest(v, rows, cols, g0.toggleX + 6, rowY(0)).area).toBe('toggle');
    const g1 = treeRowGeometry(1, 300);
    expect(hitTest(v, rows, cols, g1.toggleX + 6, rowY(1)).area).toBe('tree');
  });

  it('maps rows through collapses and scrolling', () => {
    const collapsed = setCollapsed(cols, rows, 0, true);
    expect(hitTest(v, collapsed, cols, 600, rowY(1)).node).toBe(3);
    const scrolled = { ...v, scrollTopCssPx: 24 };
    expect(hitTest(scrolled, rows, cols, 600, rowY(0)).node).toBe(1);
  });

  it('recognises the axis, the divider, the scrollbar and empty space', () => {
    expect(hitTest(v, rows, cols, 600, 10).area).toBe('axis');
    expect(hitTest(v, rows, cols, 100, 10).area).toBe('none');
    expect(hitTest(v, rows, cols, 302, rowY(0)).area).toBe('divider');
    expect(hitTest(v, rows, cols, 995, rowY(0)).area).toBe('scrollbar');
    expect(hitTest(v, rows, cols, 600, rowY(6))).toEqual({ area: 'none', row: -1, node: -1 });
    expect(hitTest(v, rows, cols, -1, 5).area).toBe('none');
  });
});
