/**
 * The tree builder: span table → TraceTree (pre-order node arrays) and its TraceSummary, following
 * every rule of DESIGN §2. Pure (the table is never written to) and O(n log n) at worst; each step
 * is one pass over typed arrays:
 * links (ids, copies, duplicates, Zipkin halves, orphans) → cycles cut → missing times →
 * child lists → optional clock-skew adjustment → children sorted by start → pre-order numbering.
 */
import { parentIdAt, type SpanTable, spanIdAt, UNKNOWN_SERVICE } from '../model/span-table.ts';
import { StatusCode } from '../model/types.ts';
import { breakCycles } from './break-cycles.ts';
import { childLists, sortChildListsInPlace } from './child-lists.ts';
import { adjustClockSkew } from './clock-skew.ts';
import { effectiveTimes } from './effective-times.ts';
import { nodeIdBytes } from './node-id-bytes.ts';
import { preOrder } from './pre-order.ts';
import { resolveLinks } from './resolve-links.ts';
import { summarize, treeWarnings } from './summarize.ts';
import { NodeFlag, type TraceTree, type TreeOptions } from './types.ts';

/** Host key per item for the skew adjuster: the service index, -1 when unknown or synthetic. */
function hostKeys(table: SpanTable, count: number): Int32Array {
  const unknown = table.strings.indexOf(UNKNOWN_SERVICE);
  const hostOf = new Int32Array(count).fill(-1);
  for (let r = 0; r < table.count; r++) {
    const s = table.services[r];
    if (s !== unknown) hostOf[r] = s;
  }
  return hostOf;
}

export function buildTree(table: SpanTable, options: TreeOptions): TraceTree {
  const n = table.count;
  const links = resolveLinks(table);
  const { parent, cut } = breakCycles(links.parent, table.startNs);
  const times = effectiveTimes(table, parent);
  const lists = childLists(parent);

  let itemStartNs = times.startNs;
  let itemEndNs = times.endNs;
  let shiftNs: Float64Array | null = null;
  let skewMovedCount = 0;
  if (options.adjustClockSkew) {
    const skew = adjustClockSkew({
      parent,
      children: lists,
      hostOf: hostKeys(table, parent.length),
      isSpan: (item) => item < n,
      startNs: times.startNs,
      endNs: times.endNs,
    });
    itemStartNs = skew.startNs;
    itemEndNs = skew.endNs;
    shiftNs = skew.shiftNs;
    skewMovedCount = skew.movedCount;
  }

  sortChildListsInPlace(lists, itemStartNs);
  // Every flag is gathered in item order first (sequential reads), then moved to node order once.
  const itemFlags = links.flags.slice();
  for (let i = 0; i < itemFlags.length; i++) {
    let f = itemFlags[i] | times.flags[i];
    if (shiftNs !== null && shiftNs[i] !== 0) f |= NodeFlag.SkewAdjusted;
    if (i < n && table.statuses[i] === StatusCode.Error) f |= NodeFlag.Error;
    itemFlags[i] = f;
  }
  for (const item of cut) itemFlags[item] |= NodeFlag.CycleBroken;

  const order = preOrder(lists, parent);
  const { nodeCount, itemOfNode } = order;
  const row = new Int32Array(nodeCount);
  const startNs = new Float64Array(nodeCount);
  const endNs = new Float64Array(nodeCount);
  const nodeFlags = new Uint8Array(nodeCount);
  for (let k = 0; k < nodeCount; k++) {
    const item = itemOfNode[k];
    row[k] = item < n ? item : -1;
    startNs[k] = itemStartNs[item];
    endNs[k] = itemEndNs[item];
    nodeFlags[k] = itemFlags[item];
  }

  let missingTimeCount = 0;
  for (let r = 0; r < n; r++) if (times.flags[r] !== 0) missingTimeCount++;
  const summaryInput = {
    table,
    links,
    cyclesCut: cut.length,
    missingStartCount: times.missingStartCount,
    missingDurationCount: times.missingDurationCount,
    missingTimeCount,
    skewMovedCount,
    order,
    row,
    rawStartNs: times.startNs,
    rawEndNs: times.endNs,
  };
  const warnings = treeWarnings(summaryInput);

  return {
    table,
    nodeCount,
    row,
    parent: order.parent,
    depth: order.depth,
    subtreeEnd: order.subtreeEnd,
    childCount: order.childCount,
    startNs,
    endNs,
    nodeFlags,
    nodeOfRow: links.syntheticCount === 0 ? order.nodeOfItem : order.nodeOfItem.slice(0, n),
    // A synthetic node's first child is an orphan whose parent id is the missing id.
    spanIdOf: (node) => (row[node] >= 0 ? spanIdAt(table, row[node]) : parentIdAt(table, row[node + 1])),
    spanIdBytes: () => nodeIdBytes(row, links.ids, table),
    warnings,
    summary: summarize(summaryInput, warnings),
  };
}
