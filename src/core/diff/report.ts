/**
 * The diff as plain JSON data, as `spanscope diff` prints it (DESIGN §6): the fields DESIGN names
 * first and exactly (`matched`, `added`, `removed`, `statusChanged`, `firstDivergence`,
 * `regressions`), then more. Spans are named by the ids users see (the original ids); synthetic
 * "missing parent" nodes are no spans and never listed. Times are µs with ns decimals, from B's
 * base (its earliest start) for `atUs`.
 */
import { spanName, spanService } from '../model/span-table.ts';
import { STATUS_NAMES } from '../model/types.ts';
import type { DiffSummary } from './summary.ts';
import { DiffFlag, DiffKind, type TraceDiff } from './types.ts';

export interface SpanRef {
  readonly aSpanId: string | null;
  readonly bSpanId: string | null;
  readonly service: string;
  readonly name: string;
}

export interface DiffReport {
  readonly matched: number;
  /** Every span of B without a match (whole added subtrees), in merged-tree order. */
  readonly added: string[];
  /** Every span of A without a match. */
  readonly removed: string[];
  readonly statusChanged: { aSpanId: string; bSpanId: string; from: string; to: string }[];
  readonly firstDivergence: (SpanRef & { reason: string; atUs: number }) | null;
  readonly regressions: (SpanRef & { selfAUs: number; selfBUs: number; deltaUs: number })[];
  readonly traceA: string;
  readonly traceB: string;
  readonly same: number;
  readonly changed: number;
  readonly errorsOnlyInB: string[];
  readonly repeatedCalls: {
    parentBSpanId: string | null;
    service: string;
    name: string;
    countA: number;
    countB: number;
  }[];
  readonly attributesCompared: boolean;
}

const us = (ns: number): number => ns / 1000;

export function diffReport(diff: TraceDiff, summary: DiffSummary): DiffReport {
  const { a, b, aNode, bNode, kind } = diff;
  const idA = (k: number): string | null =>
    aNode[k] >= 0 && a.row[aNode[k]] >= 0 ? a.spanIdOf(aNode[k]) : null;
  const idB = (k: number): string | null =>
    bNode[k] >= 0 && b.row[bNode[k]] >= 0 ? b.spanIdOf(bNode[k]) : null;
  const ref = (k: number): SpanRef => {
    const [tree, node] = bNode[k] >= 0 ? [b, bNode[k]] : [a, aNode[k]];
    const row = tree.row[node];
    return {
      aSpanId: idA(k),
      bSpanId: idB(k),
      service: spanService(tree.table, row),
      name: spanName(tree.table, row),
    };
  };
  const added: string[] = [];
  const removed: string[] = [];
  const statusChanged: DiffReport['statusChanged'] = [];
  for (let k = 0; k < diff.nodeCount; k++) {
    const ka = idA(k);
    const kb = idB(k);
    if (kind[k] === DiffKind.Added && kb !== null) added.push(kb);
    else if (kind[k] === DiffKind.Removed && ka !== null) removed.push(ka);
    else if (diff.flags[k] & DiffFlag.Status && ka !== null && kb !== null)
      statusChanged.push({
        aSpanId: ka,
        bSpanId: kb,
        from: STATUS_NAMES[a.table.statuses[a.row[aNode[k]]]],
        to: STATUS_NAMES[b.table.statuses[b.row[bNode[k]]]],
      });
  }
  const first = summary.firstDivergence;
  return {
    matched: summary.counts.matched,
    added,
    removed,
    statusChanged,
    firstDivergence: first && { reason: first.reason, ...ref(first.node), atUs: us(first.atNs) },
    regressions: summary.regressions.map((r) => ({
      ...ref(r.node),
      selfAUs: us(r.selfANs),
      selfBUs: us(r.selfBNs),
      deltaUs: us(r.deltaNs),
    })),
    traceA: a.table.traceId,
    traceB: b.table.traceId,
    same: summary.counts.same,
    changed: summary.counts.changed,
    errorsOnlyInB: summary.errorsOnlyInB.map((k) => idB(k) as string),
    repeatedCalls: summary.repeatedCalls.map((r) => ({
      parentBSpanId: r.parent < 0 ? null : idB(r.parent),
      service: r.service,
      name: r.name,
      countA: r.countA,
      countB: r.countB,
    })),
    attributesCompared: diff.attributesCompared,
  };
}
