/**
 * Statistics per group of spans, as Jaeger's trace statistics table shows them: count, total and
 * self time, min/avg/p50/p95/max duration, errors, and the time of the critical path spent in the
 * group. One implementation for every grouping: a grouping gives each node a group index
 * (`NodeGroups`), `groupFigures` counts them, `finishGroups` labels and sorts the rows. Service and
 * operation (service + span name) groupings are here; attribute values in attribute-stats.ts.
 *
 * Durations are the tree's (after clock-skew adjustment when it ran); synthetic nodes are left out.
 * Percentiles are nearest-rank: p = the ⌈p/100 · count⌉-th smallest duration.
 * totalNs sums durations, so a service calling itself counts the nested time twice; selfNs and
 * criticalNs do not.
 */
import { NodeFlag, type TraceTree } from '../tree/types.ts';
import { type CriticalPath, criticalPath } from './critical-path.ts';
import { selfTimes } from './self-time.ts';

export interface GroupFigures {
  readonly count: number;
  readonly totalNs: number;
  readonly selfNs: number;
  readonly minNs: number;
  readonly avgNs: number;
  readonly p50Ns: number;
  readonly p95Ns: number;
  readonly maxNs: number;
  readonly errorCount: number;
  /** Time of the critical path spent in the group's spans. */
  readonly criticalNs: number;
}

export interface GroupStats extends GroupFigures {
  readonly service: string;
  /** Span name, or null for a per-service row. */
  readonly name: string | null;
}

/** Rows, and the nodes of row i (ascending pre-order): `nodes[nodeOffset[i] .. nodeOffset[i + 1])`. */
export interface Grouped<Row> {
  readonly rows: readonly Row[];
  readonly nodeOffset: Uint32Array;
  readonly nodes: Uint32Array;
}

/** What the figures are computed from; each is computed when not given. */
export interface StatsInputs {
  readonly selfNs?: Float64Array;
  readonly critical?: CriticalPath;
}

/** Group of node k: `groupOf[k]` in [0, groupCount), or −1 when the node is not counted. */
export interface NodeGroups {
  readonly groupOf: Int32Array;
  readonly groupCount: number;
}

/** Figures per group index (count 0 for an empty group), nodes in CSR form by group index. */
interface Counted {
  readonly figures: readonly GroupFigures[];
  readonly offset: Uint32Array;
  readonly nodes: Uint32Array;
}

/** Nearest-rank percentile of ascending values: the ⌈p/100 · count⌉-th smallest. */
export function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One pass to count, one to fill: a counting sort of the nodes (and durations) by group. */
export function groupFigures(tree: TraceTree, groups: NodeGroups, inputs: StatsInputs = {}): Counted {
  const { nodeCount, startNs, endNs, nodeFlags } = tree;
  const { groupOf, groupCount } = groups;
  const selfNs = inputs.selfNs ?? selfTimes(tree);
  const critical = inputs.critical ?? criticalPath(tree);
  const offset = new Uint32Array(groupCount + 1);
  for (let k = 0; k < nodeCount; k++) if (groupOf[k] >= 0) offset[groupOf[k] + 1]++;
  for (let g = 0; g < groupCount; g++) offset[g + 1] += offset[g];
  const fill = offset.slice(0, groupCount);
  const nodes = new Uint32Array(offset[groupCount]);
  const durations = new Float64Array(offset[groupCount]);
  const totalNs = new Float64Array(groupCount);
  const groupSelfNs = new Float64Array(groupCount);
  const criticalNs = new Float64Array(groupCount);
  const errors = new Int32Array(groupCount);
  for (let k = 0; k < nodeCount; k++) {
    const g = groupOf[k];
    if (g < 0) continue;
    const d = endNs[k] - startNs[k];
    const i = fill[g]++;
    nodes[i] = k;
    durations[i] = d;
    totalNs[g] += d;
    groupSelfNs[g] += selfNs[k];
    if (nodeFlags[k] & NodeFlag.Error) errors[g]++;
  }
  for (let i = 0; i < critical.node.length; i++) {
    const g = groupOf[critical.node[i]];
    if (g >= 0) criticalNs[g] += critical.endNs[i] - critical.startNs[i];
  }
  const figures: GroupFigures[] = new Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    const sorted = durations.subarray(offset[g], offset[g + 1]).sort();
    const count = sorted.length;
    figures[g] = {
      count,
      totalNs: totalNs[g],
      selfNs: groupSelfNs[g],
      minNs: count ? sorted[0] : 0,
      avgNs: count ? totalNs[g] / count : 0,
      p50Ns: count ? percentile(sorted, 50) : 0,
      p95Ns: count ? percentile(sorted, 95) : 0,
      maxNs: count ? sorted[count - 1] : 0,
      errorCount: errors[g],
      criticalNs: criticalNs[g],
    };
  }
  return { figures, offset, nodes };
}

/**
 * The rows of the non-empty groups, `label(g, figures)` each, sorted by `compare`, with their nodes
 * in the same order.
 */
export function finishGroups<Row>(
  counted: Counted,
  label: (group: number, figures: GroupFigures) => Row,
  compare: (a: Row, b: Row) => number,
): Grouped<Row> {
  const { figures, offset, nodes } = counted;
  const kept: { row: Row; g: number }[] = [];
  figures.forEach((f, g) => {
    if (f.count > 0) kept.push({ row: label(g, f), g });
  });
  kept.sort((a, b) => compare(a.row, b.row));
  const nodeOffset = new Uint32Array(kept.length + 1);
  const out = new Uint32Array(nodes.length);
  kept.forEach(({ g }, i) => {
    out.set(nodes.subarray(offset[g], offset[g + 1]), nodeOffset[i]);
    nodeOffset[i + 1] = nodeOffset[i] + offset[g + 1] - offset[g];
  });
  return { rows: kept.map((k) => k.row), nodeOffset, nodes: out.subarray(0, nodeOffset[kept.length]) };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups by service (or service + name), numbered in order of first appearance. */
function serviceGroups(tree: TraceTree, perOperation: boolean): NodeGroups & { keys: number[] } {
  const { table, nodeCount, row } = tree;
  const stride = table.strings.length;
  const groupOfKey = new Map<number, number>();
  const keys: number[] = [];
  const groupOf = new Int32Array(nodeCount).fill(-1);
  for (let k = 0; k < nodeCount; k++) {
    const r = row[k];
    if (r < 0) continue;
    const key = perOperation ? table.services[r] * stride + table.names[r] : table.services[r];
    let g = groupOfKey.get(key);
    if (g === undefined) {
      g = keys.length;
      groupOfKey.set(key, g);
      keys.push(key);
    }
    groupOf[k] = g;
  }
  return { groupOf, groupCount: keys.length, keys };
}

/** One row per service (or per service + name), sorted by service, then name. */
function statsBy(tree: TraceTree, perOperation: boolean, inputs: StatsInputs): Grouped<GroupStats> {
  const { strings } = tree.table;
  const stride = strings.length;
  const groups = serviceGroups(tree, perOperation);
  return finishGroups(
    groupFigures(tree, groups, inputs),
    (g, f) => {
      const key = groups.keys[g];
      return {
        service: strings[perOperation ? Math.floor(key / stride) : key],
        name: perOperation ? strings[key % stride] : null,
        ...f,
      };
    },
    (a, b) => compareText(a.service, b.service) || compareText(a.name ?? '', b.name ?? ''),
  );
}

export function serviceStats(tree: TraceTree, inputs: StatsInputs = {}): Grouped<GroupStats> {
  return statsBy(tree, false, inputs);
}

export function operationStats(tree: TraceTree, inputs: StatsInputs = {}): Grouped<GroupStats> {
  return statsBy(tree, true, inputs);
}
