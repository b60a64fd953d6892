/**
 * A trace of a preview job as the app's worker opens it: the store's columnar answer (details
 * deferred) decoded in place, the tree built with clock-skew adjustment (the app's default), the
 * columns laid out with self times; and its facts, from the tree and its labels (no layout needed),
 * the messages of the listed error spans fetched one by one from the store (a handful, whatever
 * the trace's size).
 */
import { selfTimes } from '../../core/analysis/self-time.ts';
import { columnsFromTree, nodeLabels } from '../../core/layout/columns-from-tree.ts';
import type { TraceColumns } from '../../core/layout/trace-columns.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import {
  errorMessages,
  listedErrorNodes,
  type TraceFacts,
  traceFacts,
} from '../../core/share/trace-facts.ts';
import { decodeColumnarTrace } from '../../core/transfer/decode-columnar.ts';
import type { DeferredDetails } from '../../core/transfer/deferred-details.ts';
import { decodeDetailBatch } from '../../core/transfer/detail-batch.ts';
import { buildTree } from '../../core/tree/build-tree.ts';
import type { TraceTree } from '../../core/tree/types.ts';

export interface DecodedTrace {
  readonly table: SpanTable;
  readonly deferred: DeferredDetails | null;
}

/** The details batch of the span with this store key, or null when there is none. */
export type FetchDetails = (key: bigint) => Promise<Uint8Array | null>;

export function decodeTrace(bytes: Uint8Array): DecodedTrace {
  return decodeColumnarTrace(bytes);
}

export function buildTraceTree(t: DecodedTrace): TraceTree {
  return buildTree(t.table, { adjustClockSkew: true });
}

export function layOut(tree: TraceTree): TraceColumns {
  return columnsFromTree(tree, selfTimes(tree));
}

/** The trace's facts; the messages of spans whose details the store cannot give are left empty. */
export async function factsOf(t: DecodedTrace, tree: TraceTree, fetch: FetchDetails): Promise<TraceFacts> {
  const nodes = {
    ...nodeLabels(tree),
    nodeCount: tree.nodeCount,
    depth: tree.depth,
    subtreeEnd: tree.subtreeEnd,
    flags: tree.nodeFlags,
  };
  const readable: number[] = [];
  for (const k of listedErrorNodes(nodes)) {
    const row = tree.row[k];
    if (row < 0) continue;
    const d = t.deferred;
    if (d && !d.has(row)) {
      const batch = await fetch(d.keyOf(row)).catch(() => null);
      if (!batch) continue;
      d.fill(row, decodeDetailBatch(batch, 1));
    }
    readable.push(k);
  }
  return traceFacts(nodes, tree.summary, t.table.baseNs, errorMessages(tree, readable));
}
