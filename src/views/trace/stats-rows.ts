/**
 * The rows of the statistics table as the view shows them: label cells, a key per row (to show the
 * highlighted one selected), the chip's text, and sorting by any column (as row indexes, so each row
 * keeps its nodes).
 */
import type { AttributeStats } from '../../core/analysis/attribute-stats.ts';
import type { GroupFigures, GroupStats } from '../../core/analysis/stats.ts';
import type { GroupedStats, StatsGrouping } from '../../worker/protocol.ts';
import { formatCount } from '../format/format.ts';

export type StatsRow = GroupStats | AttributeStats;

export type SortKey = 'label' | 'name' | keyof GroupFigures;

/** The row's label cells: [service], [service, operation] or [attribute value]; null: (none)/(other). */
export function labelsOf(row: StatsRow): readonly (string | null)[] {
  if ('group' in row) return [row.group.kind === 'value' ? row.group.value : null];
  return row.name === null ? [row.service] : [row.service, row.name];
}

/** What an attribute row without a value of its own is called. */
export function placeholderOf(grouping: StatsGrouping, row: StatsRow): string {
  if (!('group' in row) || grouping.by !== 'attribute') return '';
  if (row.group.kind === 'none') return `(no ${grouping.key})`;
  if (row.group.kind === 'other') return `(${formatCount(row.group.valueCount)} other values)`;
  return '';
}

/** A key naming the row among every grouping's rows. */
export function rowKey(grouping: StatsGrouping, row: StatsRow): string {
  const head = grouping.by === 'attribute' ? `attribute\u0000${grouping.key}` : grouping.by;
  const tail = 'group' in row ? (row.group.kind === 'value' ? `=${row.group.value}` : row.group.kind) : '';
  return [head, ...labelsOf(row).map((l) => l ?? ''), tail].join('\u0000');
}

/** The chip's text for a highlighted row: "db.system = postgresql", "service = checkout", … */
export function highlightLabel(grouping: StatsGrouping, row: StatsRow): string {
  if ('group' in row && grouping.by === 'attribute')
    return row.group.kind === 'value'
      ? `${grouping.key} = ${row.group.value}`
      : row.group.kind === 'none'
        ? `no ${grouping.key}`
        : `${grouping.key}: ${formatCount(row.group.valueCount)} other values`;
  if ('service' in row) return row.name === null ? `service = ${row.service}` : `${row.service}: ${row.name}`;
  return '';
}

function sortValue(row: StatsRow, key: SortKey, grouping: StatsGrouping): string | number {
  if (key === 'label') return labelsOf(row)[0] ?? `\uffff${placeholderOf(grouping, row)}`;
  if (key === 'name') return labelsOf(row)[1] ?? '';
  return row[key];
}

/** Row indexes of `stats` in the order of column `key`. */
export function sortedRows(stats: GroupedStats, key: SortKey, descending: boolean): number[] {
  const sign = descending ? -1 : 1;
  const rows = stats.rows as readonly StatsRow[];
  const values = rows.map((r) => sortValue(r, key, stats.grouping));
  return rows
    .map((_, i) => i)
    .sort((a, b) => {
      const x = values[a];
      const y = values[b];
      return (x < y ? -1 : x > y ? 1 : 0) * sign;
    });
}
