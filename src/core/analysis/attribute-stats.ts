/**
 * Statistics per value of one attribute (stats.ts figures): one row per distinct value, one for the
 * spans without the attribute. An attribute with more distinct values than a table can show (ids,
 * URLs) keeps its most frequent values as rows and gathers the rest in one "other values" row.
 */
import type { TraceTree } from '../tree/types.ts';
import type { RowValues } from './attribute-values.ts';
import {
  compareText,
  finishGroups,
  type Grouped,
  type GroupFigures,
  groupFigures,
  type StatsInputs,
} from './stats.ts';

/** Rows of distinct values at most, by default; the rest are one row. */
export const MAX_VALUE_ROWS = 500;

export type AttributeGroup =
  | { readonly kind: 'value'; readonly value: string }
  /** The spans that (and whose resources) do not have the attribute. */
  | { readonly kind: 'none' }
  /** The spans of the values beyond the row limit. */
  | { readonly kind: 'other'; readonly valueCount: number };

export interface AttributeStats extends GroupFigures {
  readonly group: AttributeGroup;
}

const ORDER = { value: 0, other: 1, none: 2 } as const;

/** Value codes kept as their own group (the most frequent first; ties by value); −1 for the others. */
function keptCodes(values: RowValues, tree: TraceTree, maxRows: number): Int32Array {
  const n = values.values.length;
  const groupOfCode = new Int32Array(n);
  if (n <= maxRows) {
    for (let c = 0; c < n; c++) groupOfCode[c] = c;
    return groupOfCode;
  }
  const spans = new Float64Array(n);
  for (let k = 0; k < tree.nodeCount; k++) {
    const r = tree.row[k];
    const c = r < 0 ? -1 : values.codes[r];
    if (c >= 0) spans[c]++;
  }
  const byCount = Array.from({ length: n }, (_, c) => c).sort(
    (a, b) => spans[b] - spans[a] || compareText(values.values[a], values.values[b]),
  );
  groupOfCode.fill(-1);
  for (let i = 0; i < maxRows - 1; i++) groupOfCode[byCount[i]] = i;
  return groupOfCode;
}

/**
 * One row per value of the attribute (per span row, `values`), sorted by value (code-unit order),
 * then the other values, then the spans without it.
 */
export function attributeStats(
  tree: TraceTree,
  values: RowValues,
  inputs: StatsInputs & { readonly maxRows?: number } = {},
): Grouped<AttributeStats> {
  const maxRows = Math.max(2, inputs.maxRows ?? MAX_VALUE_ROWS);
  const groupOfCode = keptCodes(values, tree, maxRows);
  const valueCount = values.values.length;
  const kept = valueCount <= maxRows ? valueCount : maxRows - 1;
  const other = kept;
  const none = kept + 1;
  const groupOf = new Int32Array(tree.nodeCount);
  for (let k = 0; k < tree.nodeCount; k++) {
    const r = tree.row[k];
    if (r < 0) groupOf[k] = -1;
    else {
      const c = values.codes[r];
      groupOf[k] = c < 0 ? none : groupOfCode[c] < 0 ? other : groupOfCode[c];
    }
  }
  const valueOfGroup: string[] = new Array(kept);
  groupOfCode.forEach((g, c) => {
    if (g >= 0) valueOfGroup[g] = values.values[c];
  });
  return finishGroups(
    groupFigures(tree, { groupOf, groupCount: kept + 2 }, inputs),
    (g, f): AttributeStats => ({
      group:
        g === none
          ? { kind: 'none' }
          : g === other
            ? { kind: 'other', valueCount: valueCount - kept }
            : { kind: 'value', value: valueOfGroup[g] },
      ...f,
    }),
    (a, b) =>
      ORDER[a.group.kind] - ORDER[b.group.kind] ||
      (a.group.kind === 'value' && b.group.kind === 'value' ? compareText(a.group.value, b.group.value) : 0),
  );
}
