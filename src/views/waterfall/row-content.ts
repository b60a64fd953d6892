/**
 * What the waterfall's rows show: the trace's own tree, or a row map over it (the diff's merged
 * tree: rows follow the map's tree, each showing its node of the trace or a gap). Everything the
 * controller asks about a row goes through here: its structure, its span, its text and tooltip,
 * and which rows the errors-only filter keeps.
 */
import { keepMatchesAndAncestors } from '../../core/layout/row-model.ts';
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import type { Palette } from '../../render/theme.ts';
import { spanText, spanTooltip } from '../canvas/span-text.ts';
import type { TooltipContent } from '../canvas/tooltip.ts';
import type { RowMap, RowMapTree } from './types.ts';

export class RowContent {
  readonly tree: RowMapTree;
  private errorKeep: Uint8Array | null = null;

  constructor(
    readonly cols: TraceColumns,
    readonly map: RowMap | null,
  ) {
    this.tree = map?.tree ?? cols;
  }

  /** The trace's node shown on row-tree node k, or -1 (a gap). */
  node(k: number): number {
    return this.map ? this.map.contentOf[k] : k;
  }

  /** The accessible mirror's text of row-tree node k. */
  text(k: number): string {
    if (this.map?.rowText) return this.map.rowText(k);
    const n = this.node(k);
    return n >= 0 ? spanText(this.cols, n) : 'no span';
  }

  tooltip(k: number, palette: Palette, serviceSlot: Uint8Array): TooltipContent | null {
    if (this.map?.tooltip) return this.map.tooltip(k);
    const n = this.node(k);
    if (n < 0) return null;
    return spanTooltip(this.cols, n, palette.services[serviceSlot[this.cols.service[n]]]);
  }

  /** Where keyboard zoom centres for node k (its span's middle), or null for a gap. */
  middleNs(k: number): number | null {
    const n = this.node(k);
    return n >= 0 ? (this.cols.startNs[n] + this.cols.endNs[n]) / 2 : null;
  }

  /** keep[k] = 1 for rows whose span is in error and their ancestors (computed once). */
  errorsOnlyKeep(): Uint8Array {
    this.errorKeep ??= keepMatchesAndAncestors(this.tree.parent, (k) => {
      const n = this.node(k);
      return n >= 0 && (this.cols.flags[n] & NodeFlag.Error) !== 0;
    });
    return this.errorKeep;
  }
}
