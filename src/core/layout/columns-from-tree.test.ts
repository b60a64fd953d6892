import { describe, expect, it } from 'vitest';
import { type SpanInput, TraceSetBuilder } from '../model/span-table.ts';
import { EMPTY_DETAILS } from '../model/types.ts';
import { nodeIdBytes } from '../tree/node-id-bytes.ts';
import { rowIds } from '../tree/row-ids.ts';
import type { TraceTree } from '../tree/types.ts';
import { columnsFromTree, MISSING_PARENT_LABEL } from './columns-from-tree.ts';
import { NodeFlag, nodeName, nodeOfSpanId, nodeService, spanIdOf } from './trace-columns.ts';

const T = `${'0'.repeat(31)}1`;
function span(
  spanId: string,
  parentId: string,
  name: string,
  service: string,
  start: bigint,
  dur: bigint,
  events: bigint[] = [],
): SpanInput {
  return {
    traceId: T,
    spanId,
    parentId,
    name,
    service,
    kind: 2,
    status: 0,
    startNs: start,
    durNs: dur,
    eventTimesNs: events,
    details: EMPTY_DETAILS,
  };
}

// Table rows: 0 root (api), 1 orphan child (db, parent 'ff..' missing) with events out of order.
//   node 0  root            0..100
//   node 1  [missing parent] 30..60   (synthetic, row -1)
//   node 2    db query       30..60, moved +5 by skew adjustment → events shift too
const b = new TraceSetBuilder();
b.add(span('00000000000000aa', '', 'GET /', 'api', 1000n, 100n));
b.add(span('00000000000000bb', '00000000000000ff', 'query', 'db', 1025n, 30n, [1050n, 1030n]));
const table = b.build()[0];

const tree: TraceTree = {
  table,
  nodeCount: 3,
  row: Int32Array.from([0, -1, 1]),
  parent: Int32Array.from([-1, -1, 1]),
  depth: Uint32Array.from([0, 0, 1]),
  subtreeEnd: Uint32Array.from([1, 3, 3]),
  childCount: Uint32Array.from([0, 1, 0]),
  startNs: Float64Array.from([0, 30, 30]),
  endNs: Float64Array.from([100, 60, 60]),
  nodeFlags: Uint8Array.from([0, NodeFlag.MissingParent, NodeFlag.Orphan | NodeFlag.SkewAdjusted]),
  nodeOfRow: Int32Array.from([0, 2]),
  spanIdOf: (k) => ['00000000000000aa', '00000000000000ff', '00000000000000bb'][k],
  spanIdBytes: () => nodeIdBytes(Int32Array.from([0, -1, 1]), rowIds(table), table),
  warnings: [],
  summary: {
    traceId: T,
    format: 'test',
    spanCount: 2,
    rootCount: 1,
    orphanCount: 1,
    maxDepth: 1,
    durationUs: 0,
    services: ['api', 'db'],
    errorCount: 0,
    warnings: [],
  },
};

describe('columnsFromTree', () => {
  const cols = columnsFromTree(tree, Float64Array.from([100, 0, 30]));

  it('resolves names, services and span ids per node', () => {
    expect([0, 1, 2].map((k) => nodeName(cols, k))).toEqual(['GET /', MISSING_PARENT_LABEL, 'query']);
    expect([0, 1, 2].map((k) => nodeService(cols, k))).toEqual(['api', '', 'db']);
    expect(spanIdOf(cols, 2)).toBe('00000000000000bb');
    expect(nodeOfSpanId(cols, '00000000000000bb')).toBe(2);
    // The synthetic node carries the missing id, and answers for it since no real span has it.
    expect(nodeOfSpanId(cols, '00000000000000ff')).toBe(1);
    expect(cols.kind[0]).toBe(2);
    expect(cols.kind[1]).toBe(0);
  });

  it('sorts events per node and moves them with a skew-adjusted span', () => {
    expect(Array.from(cols.eventStart)).toEqual([0, 0, 0, 2]);
    // Raw offsets 30 and 50 (base 1000), span raw start 25 moved to 30: +5.
    expect(Array.from(cols.eventNs)).toEqual([35, 55]);
  });

  it('copies the tree arrays instead of sharing them', () => {
    expect(cols.startNs).not.toBe(tree.startNs);
    expect(cols.startNs.buffer).not.toBe(tree.startNs.buffer);
    expect(Array.from(cols.subtreeEnd)).toEqual([1, 3, 3]);
    expect(cols.durationNs).toBe(100);
    expect(Array.from(cols.selfNs)).toEqual([100, 0, 30]);
    expect(table.strings).not.toContain(MISSING_PARENT_LABEL);
  });
});
