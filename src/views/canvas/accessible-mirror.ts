/**
 * The accessible mirror of a canvas view (DESIGN §8): one `role="treeitem"` element per item on
 * screen (a waterfall row, a labelled flame bar), laid exactly over it, with aria-level, -expanded
 * and -selected and a text (service, name, duration, error…). Elements are pooled; an update
 * touches only the DOM. Clicks on them reach the view's gestures (data-node says which node).
 */

export interface MirrorItem {
  readonly node: number;
  readonly text: string;
  /** aria-level: depth + 1. */
  readonly level: number;
  /** null for an item without children. */
  readonly expanded: boolean | null;
  readonly selected: boolean;
  /** Box in the mirror's container, CSS px; width null spans the whole container. */
  readonly leftCssPx: number;
  readonly topCssPx: number;
  readonly widthCssPx: number | null;
  readonly heightCssPx: number;
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

  /** Shows `items`; the selected one becomes `owner`'s aria-activedescendant. */
  update(items: readonly MirrorItem[], owner: HTMLElement): void {
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const el = this.pool[i] ?? this.create();
      el.id = this.itemId(it.node);
      el.dataset.node = String(it.node);
      el.style.left = `${it.leftCssPx}px`;
      el.style.top = `${it.topCssPx}px`;
      el.style.width = it.widthCssPx === null ? '' : `${it.widthCssPx}px`;
      el.style.right = it.widthCssPx === null ? '0' : '';
      el.style.height = `${it.heightCssPx}px`;
      el.setAttribute('aria-level', String(it.level));
      el.setAttribute('aria-selected', String(it.selected));
      if (it.expanded === null) el.removeAttribute('aria-expanded');
      else el.setAttribute('aria-expanded', String(it.expanded));
      if (el.textContent !== it.text) el.textContent = it.text;
      el.hidden = false;
    }
    for (let i = items.length; i < this.shown; i++) this.pool[i].hidden = true;
    this.shown = items.length;
    const active = items.find((i) => i.selected);
    if (active) owner.setAttribute('aria-activedescendant', this.itemId(active.node));
    else owner.removeAttribute('aria-activedescendant');
  }

  clear(): void {
    for (let i = 0; i < this.shown; i++) this.pool[i].hidden = true;
    this.shown = 0;
  }

  private create(): HTMLElement {
    const el = document.createElement('div');
    el.setAttribute('role', 'treeitem');
    el.className = 'spanscope-canvas-item';
    Object.assign(el.style, {
      position: 'absolute',
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
