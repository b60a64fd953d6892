/**
 * What a key does in the waterfall (DESIGN §8), as a pure function of the rows and the selection:
 * ↑/↓ move a row, PageUp/PageDown a page, Home/End to the ends, ← collapses or goes to the parent,
 * → expands or goes to the first child, Enter opens the details. The controller applies the answer.
 */
import { isCollapsed, nodeAtRow, type RowModel, rowOfNode } from '../../core/layout/row-model.ts';
import type { PreOrderNodes } from '../../core/tree/types.ts';
import type { KeyAction } from '../canvas/keyboard.ts';

export type WaterfallKeyEffect =
  | { readonly kind: 'select' | 'collapse' | 'expand' | 'open'; readonly node: number }
  | { readonly kind: 'none' };

export interface KeyContext {
  readonly tree: Pick<PreOrderNodes, 'parent' | 'childCount'>;
  readonly rows: RowModel;
  readonly selected: number;
  /** First row on screen (where moving starts when nothing is selected) and rows per page. */
  readonly firstRow: number;
  readonly pageRows: number;
}

const NONE: WaterfallKeyEffect = { kind: 'none' };

/** Node at a row offset from the selection (from the first row on screen when nothing is selected). */
function rowOffset(c: KeyContext, delta: number): number {
  const cur = c.selected >= 0 ? rowOfNode(c.rows, c.selected) : -1;
  const base = cur >= 0 ? cur + delta : c.firstRow;
  return nodeAtRow(c.rows, Math.max(0, Math.min(c.rows.rowCount - 1, base)));
}

/** The key's effect; null for a key the waterfall does not handle itself. */
export function waterfallKey(a: KeyAction, c: KeyContext): WaterfallKeyEffect | null {
  const { tree, rows, selected: sel } = c;
  switch (a.kind) {
    case 'move':
      return { kind: 'select', node: rowOffset(c, a.rows) };
    case 'page':
      return { kind: 'select', node: rowOffset(c, a.direction * c.pageRows) };
    case 'home':
      return { kind: 'select', node: nodeAtRow(rows, 0) };
    case 'end':
      return { kind: 'select', node: nodeAtRow(rows, rows.rowCount - 1) };
    case 'collapse-or-parent':
      if (sel < 0) return NONE;
      if (tree.childCount[sel] > 0 && !isCollapsed(rows, sel)) return { kind: 'collapse', node: sel };
      if (tree.parent[sel] >= 0 && rowOfNode(rows, tree.parent[sel]) >= 0)
        return { kind: 'select', node: tree.parent[sel] };
      return NONE;
    case 'expand-or-child':
      if (sel < 0 || tree.childCount[sel] === 0) return NONE;
      if (isCollapsed(rows, sel)) return { kind: 'expand', node: sel };
      return rowOfNode(rows, sel + 1) >= 0 ? { kind: 'select', node: sel + 1 } : NONE;
    case 'open-details':
      return sel >= 0 ? { kind: 'open', node: sel } : NONE;
    default:
      return null;
  }
}
