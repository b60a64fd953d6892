/**
 * The hover tooltip: service, span name, duration, start offset, self time and error, written
 * straight into a pooled DOM element (no React render per pointer move).
 */
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import type { Palette } from '../../render/theme.ts';
import { formatDuration } from '../../render/time-format.ts';

const FIELDS = ['Duration', 'Start', 'Self time'] as const;

export class Tooltip {
  private readonly title: HTMLElement;
  private readonly swatch: HTMLElement;
  private readonly service: HTMLElement;
  private readonly name: HTMLElement;
  private readonly values: HTMLElement[] = [];
  private readonly error: HTMLElement;
  /** Node shown, -1 when hidden (the element starts hidden). */
  private node = -1;

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
    });
    this.title = div(el, { display: 'flex', alignItems: 'center', gap: '6px', fontWeight: '600' });
    this.swatch = div(this.title, { width: '10px', height: '10px', borderRadius: '2px', flex: 'none' });
    this.service = div(this.title, {});
    this.name = div(el, { overflowWrap: 'anywhere', marginBottom: '4px' });
    const grid = div(el, { display: 'grid', gridTemplateColumns: 'auto auto', columnGap: '12px' });
    for (const f of FIELDS) {
      div(grid, { opacity: '0.7' }).textContent = f;
      this.values.push(div(grid, { fontVariantNumeric: 'tabular-nums' }));
    }
    this.error = div(el, { fontWeight: '600', marginTop: '4px' });
    this.error.textContent = 'Error';
  }

  show(
    cols: TraceColumns,
    selfNs: Float64Array,
    node: number,
    xCssPx: number,
    yCssPx: number,
    bounds: { widthCssPx: number; heightCssPx: number },
    palette: Palette,
    serviceColour: string,
  ): void {
    if (node !== this.node) {
      this.node = node;
      const synthetic = (cols.flags[node] & NodeFlag.MissingParent) !== 0;
      this.service.textContent = synthetic ? 'missing parent' : cols.strings[cols.service[node]];
      this.name.textContent = cols.strings[cols.name[node]];
      this.values[0].textContent = formatDuration(cols.endNs[node] - cols.startNs[node]);
      this.values[1].textContent = `+${formatDuration(cols.startNs[node])}`;
      this.values[2].textContent = formatDuration(selfNs[node]);
      this.error.style.display = cols.flags[node] & NodeFlag.Error ? 'block' : 'none';
      this.swatch.style.background = serviceColour;
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
    this.el.style.left = '0';
    this.el.style.top = '0';
  }

  hide(): void {
    if (this.node === -1) return;
    this.node = -1;
    this.el.style.display = 'none';
  }
}

function div(parent: HTMLElement, style: Partial<CSSStyleDeclaration>): HTMLElement {
  const d = document.createElement('div');
  Object.assign(d.style, style);
  parent.appendChild(d);
  return d;
}
