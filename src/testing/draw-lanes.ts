/**
 * A LaneLayout drawn back as ASCII (STYLE habit 11), so that a flame test shows its expected lanes
 * as a picture: one line per lane, each bar as its label padded with '=' over its columns
 * [x0, x1) (cut to the bar's width), a zero-width bar as '|'. Columns are x / unitNs rounded,
 * counted from the leftmost bar; trailing spaces are trimmed.
 */
import { MISSING_PARENT_LABEL } from '../core/layout/columns-from-tree.ts';
import type { LaneLayout } from '../core/layout/lane-layout.ts';
import type { TraceColumns } from '../core/layout/trace-columns.ts';

/** Label of an item: a node's span name ('?' for a "missing parent" node) or any function. */
export type ItemLabels = TraceColumns | ((item: number) => string);

export function drawLanes(
  layout: LaneLayout,
  labels: ItemLabels,
  options: { readonly unitNs?: number } = {},
): string {
  const unitNs = options.unitNs ?? 1000;
  const labelOf =
    typeof labels === 'function'
      ? labels
      : (k: number) => {
          const name = labels.strings[labels.name[k]];
          return name === MISSING_PARENT_LABEL ? '?' : name;
        };
  const col = (x: number): number => Math.round(x / unitNs);
  const origin = col(layout.minX);
  const lines: string[] = [];
  for (let l = 0; l < layout.laneCount; l++) {
    const chars: string[] = [];
    for (let s = layout.laneStart[l]; s < layout.laneStart[l + 1]; s++) {
      const from = col(layout.x0[s]) - origin;
      const width = col(layout.x1[s]) - origin - from;
      const text = width <= 0 ? '|' : labelOf(layout.item[s]).padEnd(width, '=').slice(0, width);
      while (chars.length < from) chars.push(' ');
      for (let i = 0; i < text.length; i++) chars[from + i] = text[i];
    }
    lines.push(chars.join('').trimEnd());
  }
  return lines.join('\n');
}
