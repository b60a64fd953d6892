/**
 * What a list of traces shows of one trace: its summary, the span the trace header names (the first
 * real root, else the first real span: a trace of orphans only) and its start.
 */
import { NodeFlag, type TraceSummary, type TraceTree } from './types.ts';

export interface TraceOverview {
  readonly summary: TraceSummary;
  readonly rootService: string;
  readonly rootName: string;
  /** Absolute time of the earliest start, ns since the epoch. */
  readonly startNs: bigint;
}

/** The row of the span the trace header names (-1 for a trace without spans). */
function headRow(tree: TraceTree): number {
  const real = (k: number) => !(tree.nodeFlags[k] & NodeFlag.MissingParent);
  for (let k = 0; k < tree.nodeCount; k++) if (tree.depth[k] === 0 && real(k)) return tree.row[k];
  for (let k = 0; k < tree.nodeCount; k++) if (real(k)) return tree.row[k];
  return -1;
}

export function traceOverview(tree: TraceTree): TraceOverview {
  const t = tree.table;
  const row = headRow(tree);
  return {
    summary: tree.summary,
    rootService: row >= 0 ? t.strings[t.services[row]] : '',
    rootName: row >= 0 ? t.strings[t.names[row]] : '',
    startNs: t.baseNs,
  };
}
