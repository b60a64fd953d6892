/**
 * The trace's warnings and its TraceSummary (what `spanscope summary` prints, DESIGN §2), taken
 * from the same tree the viewer shows. The summary uses raw times (no clock-skew adjustment) and
 * leaves the skew warning out, so it is the same whatever the tree options.
 */
import type { SpanTable } from '../model/span-table.ts';
import type { PreOrder } from './pre-order.ts';
import type { Links } from './resolve-links.ts';
import type { TraceSummary, TreeWarning, TreeWarningKind } from './types.ts';

export interface SummaryInput {
  readonly table: SpanTable;
  readonly links: Links;
  readonly cyclesCut: number;
  readonly missingStartCount: number;
  readonly missingDurationCount: number;
  /** Spans with either time missing. */
  readonly missingTimeCount: number;
  /** Spans moved by the skew adjuster (0 when it did not run). */
  readonly skewMovedCount: number;
  readonly order: PreOrder;
  /** Table row of each node (-1 synthetic). */
  readonly row: Int32Array;
  /** Per item, before clock-skew adjustment. */
  readonly rawStartNs: Float64Array;
  readonly rawEndNs: Float64Array;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function treeWarnings(s: SummaryInput): TreeWarning[] {
  const { links } = s;
  const out: TreeWarning[] = s.table.warnings.map((message) => ({ kind: 'decoder', count: 1, message }));
  const add = (kind: TreeWarningKind, count: number, message: string): void => {
    if (count > 0) out.push({ kind, count, message });
  };
  add('copies', links.copyCount, `${plural(links.copyCount, 'exact copy', 'exact copies')} of spans dropped`);
  add(
    'duplicate-ids',
    links.duplicateCount,
    `${plural(links.duplicateCount, 'span shares', 'spans share')} an id with an earlier, different span`,
  );
  add(
    'orphans',
    links.orphanCount,
    `${plural(links.orphanCount, 'orphan span', 'orphan spans')} (parent not in the trace; ${plural(links.syntheticCount, 'missing parent', 'missing parents')})`,
  );
  if (links.rootCount > 1) add('multiple-roots', links.rootCount, `${links.rootCount} root spans`);
  add('cycles', s.cyclesCut, `${plural(s.cyclesCut, 'parent cycle', 'parent cycles')} broken`);
  const missing = [
    s.missingStartCount > 0 ? `${plural(s.missingStartCount, 'span', 'spans')} without a start time` : '',
    s.missingDurationCount > 0
      ? `${plural(s.missingDurationCount, 'span', 'spans')} without a valid duration`
      : '',
  ];
  add('missing-times', s.missingTimeCount, missing.filter(Boolean).join(', '));
  add(
    'clock-skew',
    s.skewMovedCount,
    `${plural(s.skewMovedCount, 'span', 'spans')} shifted to fit in ${s.skewMovedCount === 1 ? 'its parent' : 'their parents'} (clock-skew adjustment)`,
  );
  return out;
}

export function summarize(s: SummaryInput, warnings: readonly TreeWarning[]): TraceSummary {
  const { table, order, row } = s;
  const n = table.count;
  let spanCount = 0;
  let errorCount = 0;
  let minStartNs = Number.POSITIVE_INFINITY;
  let maxEndNs = Number.NEGATIVE_INFINITY;
  const usedService = new Uint8Array(table.strings.length);
  for (let r = 0; r < n; r++) {
    if (order.nodeOfItem[r] < 0) continue;
    spanCount++;
    if (table.statuses[r] === 2) errorCount++;
    usedService[table.services[r]] = 1;
    if (s.rawStartNs[r] < minStartNs) minStartNs = s.rawStartNs[r];
    if (s.rawEndNs[r] > maxEndNs) maxEndNs = s.rawEndNs[r];
  }
  // Orphans are depth 0 in the summary although they sit under a synthetic node in the tree.
  let maxDepth = 0;
  for (let top = 0; top < order.nodeCount; top = order.subtreeEnd[top]) {
    const lift = row[top] < 0 ? 1 : 0;
    for (let k = top + lift; k < order.subtreeEnd[top]; k++) {
      const d = order.depth[k] - lift;
      if (d > maxDepth) maxDepth = d;
    }
  }
  const services: string[] = [];
  for (let i = 0; i < usedService.length; i++) if (usedService[i]) services.push(table.strings[i]);
  services.sort();
  return {
    traceId: table.traceId,
    format: table.format,
    spanCount,
    rootCount: s.links.rootCount,
    orphanCount: s.links.orphanCount,
    maxDepth,
    durationUs: spanCount === 0 ? 0 : Math.floor((maxEndNs - minStartNs) / 1000),
    services,
    errorCount,
    warnings: warnings.filter((w) => w.kind !== 'clock-skew').map((w) => w.message),
  };
}
