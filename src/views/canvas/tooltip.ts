/**
 * The hover tooltip of the canvas views: a colour swatch and a title, a subtitle, label/value rows
 * and an error line, written straight into pooled DOM elements (no React render per pointer move;
 * the content is built only when the item under the pointer changes). Text only, never markup.
 */
import type { Palette } from '../../render/theme.ts';

export interface TooltipContent {
  readonly swatch: string;
  readonly title: string;
  readonly subtitle: string;
  readonly fields: readonly (readonly [label: string, value: string])[];
  readonly error: boolean;
}

export interface TooltipBounds {
  readonly widthCssPx: number;
  readonly heightCssPx: number;
}

export class Tooltip {
  private readonly swatch: HTMLElement;
  private readonly title: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly cells: HTMLElement[] = [];
  private readonly error: HTMLElement;
  /** Key of the item shown, -1 when hidden (the element starts hidden). */
  private key = -1;

  constructor(private readonly el: HTMLElement) {
    el.replaceChildren();
    el.setAttribute('role', 'tooltip');
    Object.assign(el.style, {
      position: 'absolute',
      zIndex: '5',
      pointerEvents: 'none',
      padding: '8px 10px',
      borderRadius: '6px',
      font: '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      lineHeight: '1.45',
      maxWidth: '420px',
      boxShadow: '0 4px 14px rgba(0,0,0,0.22)',
      display: 'none',
      left: '0',
      top: '0',
    });
    const head = div(el, { display: 'flex', alignItems: 'center', gap: '6px', fontWeight: '600' });
    this.swatch = div(head, { width: '10px', height: '10px', borderRadius: '2px', flex: 'none' });
    this.title = div(head, {});
    this.subtitle = div(el, { overflowWrap: 'anywhere', marginBottom: '4px' });
    this.grid = div(el, { display: 'grid', gridTemplateColumns: 'auto auto', columnGap: '12px' });
    this.error = div(el, { fontWeight: '600', marginTop: '4px' });
    this.error.textContent = 'Error';
  }

  /**
   * Shows the item `key` near the pointer (CSS px in the tooltip's container of size `bounds`);
   * `content` is called only when the key changed.
   */
  show(
    key: number,
    content: () => TooltipContent,
    xCssPx: number,
    yCssPx: number,
    bounds: TooltipBounds,
    palette: Palette,
  ): void {
    if (key !== this.key) {
      this.key = key;
      this.fill(content());
    }
    Object.assign(this.el.style, {
      display: 'block',
      background: palette.name === 'dark' ? '#2a3038' : '#ffffff',
      color: palette.text,
      border: `1px solid ${palette.divider}`,
    });
    this.error.style.color = palette.error;
    const w = this.el.offsetWidth;
    const h = this.el.offsetHeight;
    const left = xCssPx + 14 + w > bounds.widthCssPx ? Math.max(0, xCssPx - 14 - w) : xCssPx + 14;
    const top = yCssPx + 16 + h > bounds.heightCssPx ? Math.max(0, yCssPx - 10 - h) : yCssPx + 16;
    this.el.style.transform = `translate(${left}px, ${top}px)`;
  }

  /** show() at the pointer of `e`, in `container` (the element the tooltip is placed in). */
  showAt(
    key: number,
    content: () => TooltipContent,
    e: MouseEvent,
    container: HTMLElement,
    palette: Palette,
  ): void {
    const r = container.getBoundingClientRect();
    this.show(
      key,
      content,
      e.clientX - r.left,
      e.clientY - r.top,
      { widthCssPx: r.width, heightCssPx: r.height },
      palette,
    );
  }

  hide(): void {
    if (this.key === -1) return;
    this.key = -1;
    this.el.style.display = 'none';
  }

  private fill(c: TooltipContent): void {
    this.swatch.style.background = c.swatch;
    this.title.textContent = c.title;
    this.subtitle.textContent = c.subtitle;
    while (this.cells.length < c.fields.length * 2) {
      const cell = div(this.grid, {});
      cell.style.cssText = this.cells.length % 2 === 0 ? 'opacity:0.7' : 'font-variant-numeric:tabular-nums';
      this.cells.push(cell);
    }
    for (let i = 0; i < this.cells.length; i++) {
      const field = c.fields[i >> 1];
      this.cells[i].hidden = !field;
      if (field) this.cells[i].textContent = field[i & 1];
    }
    this.error.style.display = c.error ? 'block' : 'none';
  }
}

function div(parent: HTMLElement, style: Partial<CSSStyleDeclaration>): HTMLElement {
  const d = document.createElement('div');
  Object.assign(d.style, style);
  parent.appendChild(d);
  return d;
}
