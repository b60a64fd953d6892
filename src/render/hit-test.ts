/**
 * What is under a pointer position (CSS px in the waterfall canvas): the time axis, the column
 * divider, the scrollbar, a row's collapse toggle, or a row in the tree column or the timeline.
 */
import { nodeAtRow, type RowModel } from '../core/layout/row-model.ts';
import { TOGGLE_CSS_PX, treeRowGeometry } from './tree-geometry.ts';
import { bodyHeightCssPx, timelineLeftCssPx, timelineWidthCssPx, type Viewport } from './viewport.ts';

export type HitArea = 'none' | 'axis' | 'divider' | 'scrollbar' | 'toggle' | 'tree' | 'timeline';

export interface Hit {
  readonly area: HitArea;
  /** Row under the pointer (-1 outside the rows). */
  readonly row: number;
  /** Node of that row (-1 when none). */
  readonly node: number;
}

const DIVIDER_SLOP_CSS_PX = 4;

export interface HitTree {
  readonly depth: Uint32Array;
  readonly childCount: Uint32Array;
}

export function hitTest(v: Viewport, rows: RowModel, tree: HitTree, xCssPx: number, yCssPx: number): Hit {
  if (xCssPx < 0 || yCssPx < 0 || xCssPx >= v.widthCssPx || yCssPx >= v.heightCssPx)
    return { area: 'none', row: -1, node: -1 };
  if (Math.abs(xCssPx - v.treeWidthCssPx) <= DIVIDER_SLOP_CSS_PX)
    return { area: 'divider', row: -1, node: -1 };
  if (yCssPx < v.axisHeightCssPx)
    return { area: xCssPx > v.treeWidthCssPx ? 'axis' : 'none', row: -1, node: -1 };
  if (xCssPx >= timelineLeftCssPx(v) + timelineWidthCssPx(v) + 8 - 2)
    return { area: 'scrollbar', row: -1, node: -1 };
  const yBody = yCssPx - v.axisHeightCssPx;
  if (yBody >= bodyHeightCssPx(v)) return { area: 'none', row: -1, node: -1 };
  const row = Math.floor((yBody + v.scrollTopCssPx) / v.rowHeightCssPx);
  const node = nodeAtRow(rows, row);
  if (node < 0) return { area: 'none', row: -1, node: -1 };
  if (xCssPx < v.treeWidthCssPx) {
    const g = treeRowGeometry(tree.depth[node], v.treeWidthCssPx);
    const onToggle =
      tree.childCount[node] > 0 && xCssPx >= g.toggleX - 3 && xCssPx <= g.toggleX + TOGGLE_CSS_PX + 3;
    return { area: onToggle ? 'toggle' : 'tree', row, node };
  }
  return { area: 'timeline', row, node };
}
