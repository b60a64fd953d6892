/**
 * Statistics per service and per operation (service + span name), as Jaeger's trace statistics
 * table shows them: count, total and self time, min/avg/p50/p95/max duration, errors. Durations
 * are the tree's (after clock-skew adjustment when it ran); synthetic nodes are left out.
 * Percentiles are nearest-rank: p = the ⌈p/100 · count⌉-th smallest duration.
 * totalNs sums durations, so a service calling itself counts the nested time twice; selfNs does not.
 */
import { NodeFlag, type TraceTree } from '../tree/types.ts';
import { selfTimes } from './self-time.ts';

export interface GroupStats {
  readonly service: string;
  /** Span name, or null for a per-service row. */
  readonly name: string | null;
  readonly count: number;
  readonly totalNs: number;
  readonly selfNs: number;
  readonly minNs: number;
  readonly avgNs: number;
  readonly p50Ns: number;
  readonly p95Ns: number;
  readonly maxNs: number;
  readonly errorCount: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One row per service (or per service + name), sorted by service, then name. */
function statsBy(tree: TraceTree, selfNs: Float64Array, perOperation: boolean): GroupStats[] {
  const { table, nodeCount, row, startNs, endNs, nodeFlags } = tree;
  const stride = table.strings.length;
  const groupOfKey = new Map<number, number>();
  const keys: number[] = [];
  const groupOfNode = new Int32Array(nodeCount).fill(-1);
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
    groupOfNode[k] = g;
  }
  // Counting sort of the durations by group, so that each group's durations sort in place.
  const offset = new Int32Array(keys.length + 1);
  for (let k = 0; k < nodeCount; k++) if (groupOfNode[k] >= 0) offset[groupOfNode[k] + 1]++;
  for (let g = 0; g < keys.length; g++) offset[g + 1] += offset[g];
  const fill = offset.slice(0, keys.length);
  const durations = new Float64Array(offset[keys.length]);
  const totalNs = new Float64Array(keys.length);
  const groupSelfNs = new Float64Array(keys.length);
  const errors = new Int32Array(keys.length);
  for (let k = 0; k < nodeCount; k++) {
    const g = groupOfNode[k];
    if (g < 0) continue;
    const d = endNs[k] - startNs[k];
    durations[fill[g]++] = d;
    totalNs[g] += d;
    groupSelfNs[g] += selfNs[k];
    if (nodeFlags[k] & NodeFlag.Error) errors[g]++;
  }
  const out: GroupStats[] = keys.map((key, g) => {
    const sorted = durations.subarray(offset[g], offset[g + 1]).sort();
    const count = sorted.length;
    return {
      service: table.strings[perOperation ? Math.floor(key / stride) : key],
      name: perOperation ? table.strings[key % stride] : null,
      count,
      totalNs: totalNs[g],
      selfNs: groupSelfNs[g],
      minNs: sorted[0],
      avgNs: totalNs[g] / count,
      p50Ns: percentile(sorted, 50),
      p95Ns: percentile(sorted, 95),
      maxNs: sorted[count - 1],
      errorCount: errors[g],
    };
  });
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => cmp(a.service, b.service) || cmp(a.name ?? '', b.name ?? ''));
}

export function serviceStats(tree: TraceTree, selfNs: Float64Array = selfTimes(tree)): GroupStats[] {
  return statsBy(tree, selfNs, false);
}

export function operationStats(tree: TraceTree, selfNs: Float64Array = selfTimes(tree)): GroupStats[] {
  return statsBy(tree, selfNs, true);
}
