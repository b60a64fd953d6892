/** The waterfall's rows on screen as accessible-mirror items (one full-width item per row). */
import { fillRows, isCollapsed, type RowModel } from '../../core/layout/row-model.ts';
import type { RowTree } from '../../render/frame.ts';
import { bodyHeightCssPx, firstVisibleRow, rowTopCssPx, type Viewport } from '../../render/viewport.ts';
import type { MirrorItem } from '../canvas/accessible-mirror.ts';

/** The rows whose canvas rows are (at least partly) on screen, placed over them. */
export function mirrorRows(
  tree: RowTree,
  textOf: (node: number) => string,
  rows: RowModel,
  v: Viewport,
  selected: number,
): MirrorItem[] {
  const first = firstVisibleRow(v);
  const max = Math.ceil(bodyHeightCssPx(v) / v.rowHeightCssPx) + 1;
  const nodes = new Uint32Array(max);
  const n = fillRows(rows, first, nodes);
  const items: MirrorItem[] = [];
  for (let i = 0; i < n; i++) {
    const k = nodes[i];
    const top = rowTopCssPx(v, first + i) - v.axisHeightCssPx;
    if (top >= bodyHeightCssPx(v)) break;
    items.push({
      node: k,
      text: textOf(k),
      level: tree.depth[k] + 1,
      expanded: tree.childCount[k] > 0 ? !isCollapsed(rows, k) : null,
      selected: k === selected,
      leftCssPx: 0,
      topCssPx: top,
      widthCssPx: null,
      heightCssPx: v.rowHeightCssPx,
    });
  }
  return items;
}
