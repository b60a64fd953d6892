import { describe, expect, it } from 'vitest';
import { createRowModel, setCollapsed } from '../../core/layout/row-model.ts';
import { columnsFromOutline } from '../../testing/fake-columns.ts';
import type { KeyAction } from '../canvas/keyboard.ts';
import { type KeyContext, waterfallKey } from './waterfall-keys.ts';

//  0 api GET /checkout
//  1   cart load cart
//  2     db SELECT items
//  3   pay charge
const cols = columnsFromOutline(`
  api GET /checkout 0..1000
    cart load cart 50..300
      db SELECT items 100..200
    pay charge 500..800
`);

function ctx(selected: number, over: Partial<KeyContext> = {}): KeyContext {
  return { tree: cols, rows: createRowModel(cols), selected, firstRow: 0, pageRows: 2, ...over };
}
const key = (a: KeyAction, c: KeyContext) => waterfallKey(a, c);

describe('waterfall keys', () => {
  it('↑/↓ move a row, PageDown a page, Home/End the ends, from the first row on screen when nothing is selected', () => {
    expect(key({ kind: 'move', rows: 1 }, ctx(1))).toEqual({ kind: 'select', node: 2 });
    expect(key({ kind: 'move', rows: -1 }, ctx(0))).toEqual({ kind: 'select', node: 0 });
    expect(key({ kind: 'move', rows: 1 }, ctx(-1, { firstRow: 2 }))).toEqual({ kind: 'select', node: 2 });
    expect(key({ kind: 'page', direction: 1 }, ctx(0))).toEqual({ kind: 'select', node: 2 });
    expect(key({ kind: 'end' }, ctx(0))).toEqual({ kind: 'select', node: 3 });
    expect(key({ kind: 'home' }, ctx(3))).toEqual({ kind: 'select', node: 0 });
  });

  it('← collapses, then goes to the parent; → expands, then goes to the first child', () => {
    expect(key({ kind: 'collapse-or-parent' }, ctx(1))).toEqual({ kind: 'collapse', node: 1 });
    const collapsed = setCollapsed(cols, createRowModel(cols), 1, true);
    expect(key({ kind: 'collapse-or-parent' }, ctx(1, { rows: collapsed }))).toEqual({
      kind: 'select',
      node: 0,
    });
    expect(key({ kind: 'expand-or-child' }, ctx(1, { rows: collapsed }))).toEqual({
      kind: 'expand',
      node: 1,
    });
    expect(key({ kind: 'expand-or-child' }, ctx(1))).toEqual({ kind: 'select', node: 2 });
    expect(key({ kind: 'expand-or-child' }, ctx(3))).toEqual({ kind: 'none' });
    // Skipped over a collapsed row, a move lands on the next visible row.
    expect(key({ kind: 'move', rows: 1 }, ctx(1, { rows: collapsed }))).toEqual({ kind: 'select', node: 3 });
  });

  it('Enter opens the selected span; keys the page handles are left to it', () => {
    expect(key({ kind: 'open-details' }, ctx(2))).toEqual({ kind: 'open', node: 2 });
    expect(key({ kind: 'open-details' }, ctx(-1))).toEqual({ kind: 'none' });
    expect(key({ kind: 'clear' }, ctx(2))).toBeNull();
    expect(key({ kind: 'zoom', factor: 0.5 }, ctx(2))).toBeNull();
  });
});
