/**
 * The accessible mirror of the canvas (DESIGN §8): one `role="treeitem"` element per row on
 * screen, laid exactly over its canvas row, with aria-level/expanded/selected and a text of
 * service, span name, duration and error. Elements are pooled; updating touches only the DOM.
 */
import { fillRows, isCollapsed, type RowModel } from '../../core/layout/row-model.ts';
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { formatDuration } from '../../render/time-format.ts';
import { bodyHeightCssPx, firstVisibleRow, rowTopCssPx, type Viewport } from '../../render/viewport.ts';

export interface MirrorRow {
  readonly node: number;
  readonly topCssPx: number;
  readonly expanded: boolean | null;
  readonly selected: boolean;
}

/** The rows whose canvas rows are (at least partly) on screen, with their position. */
export function rowsOnScreen(cols: TraceColumns, rows: RowModel, v: Viewport, selected: number): MirrorRow[] {
  const first = firstVisibleRow(v);
  const max = Math.ceil(bodyHeightCssPx(v) / v.rowHeightCssPx) + 1;
  const nodes = new Uint32Array(max);
  const n = fillRows(rows, first, nodes);
  const items: MirrorRow[] = [];
  for (let i = 0; i < n; i++) {
    const k = nodes[i];
    const top = rowTopCssPx(v, first + i) - v.axisHeightCssPx;
    if (top >= bodyHeightCssPx(v)) break;
    items.push({
      node: k,
      topCssPx: top,
      expanded: cols.childCount[k] > 0 ? !isCollapsed(rows, k) : null,
      selected: k === selected,
    });
  }
  return items;
}

export class AccessibleMirror {
  private readonly pool: HTMLElement[] = [];
  private shown = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly idPrefix: string,
  ) {}

  itemId(node: number): string {
    return `${this.idPrefix}-node-${node}`;
  }

  update(cols: TraceColumns, rows: readonly MirrorRow[], rowHeightCssPx: number): void {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const el = this.pool[i] ?? this.create();
      const k = r.node;
      const error = (cols.flags[k] & NodeFlag.Error) !== 0;
      const service = cols.strings[cols.service[k]];
      const name = cols.strings[cols.name[k]];
      const text = `${service ? `${service} ` : ''}${name} ${formatDuration(cols.endNs[k] - cols.startNs[k])}${error ? ' error' : ''}`;
      el.id = this.itemId(k);
      el.dataset.node = String(k);
      el.style.top = `${r.topCssPx}px`;
      el.style.height = `${rowHeightCssPx}px`;
      el.setAttribute('aria-level', String(cols.depth[k] + 1));
      el.setAttribute('aria-selected', String(r.selected));
      if (r.expanded === null) el.removeAttribute('aria-expanded');
      else el.setAttribute('aria-expanded', String(r.expanded));
      if (el.textContent !== text) el.textContent = text;
      el.hidden = false;
    }
    for (let i = rows.length; i < this.shown; i++) this.pool[i].hidden = true;
    this.shown = rows.length;
  }

  clear(): void {
    for (let i = 0; i < this.shown; i++) this.pool[i].hidden = true;
    this.shown = 0;
  }

  private create(): HTMLElement {
    const el = document.createElement('div');
    el.setAttribute('role', 'treeitem');
    el.className = 'spanscope-waterfall-row';
    Object.assign(el.style, {
      position: 'absolute',
      left: '0',
      right: '0',
      overflow: 'hidden',
      whiteSpace: 'nowrap',
      color: 'transparent',
      fontSize: '1px',
      cursor: 'inherit',
      userSelect: 'none',
    });
    this.container.appendChild(el);
    this.pool.push(el);
    return el;
  }
}
