import { describe, expect, test } from 'vitest';
import { asciiTrace, labelOf } from '../../testing/ascii-trace.ts';
import { buildTree } from '../tree/build-tree.ts';
import { criticalPath } from './critical-path.ts';
import { selfTimes } from './self-time.ts';
import { type Grouped, type GroupStats, operationStats, serviceStats } from './stats.ts';

const tree = buildTree(
  asciiTrace(`
    root [svc=web name=GET]   |====================|
      q1 [svc=db name=query]   |===|
      q2 [svc=db name=query err]     |=====|
      q3 [svc=db name=query]               |=|
      chk [svc=auth name=check]  |=========|
        q4 [svc=db name=insert]    |=|
    o<gone [svc=web name=GET]                   |=|
  `),
  { adjustClockSkew: false },
);
const us = 1000;

/** Per row: its label, then the labels of its nodes (span names as drawn). */
function nodesByRow(g: Grouped<GroupStats>): string[][] {
  return g.rows.map((r, i) => [
    r.name ? `${r.service}/${r.name}` : r.service,
    ...Array.from(g.nodes.subarray(g.nodeOffset[i], g.nodeOffset[i + 1]), (k) => labelOf(tree.spanIdOf(k))),
  ]);
}

describe('serviceStats / operationStats', () => {
  test('per service: count, total, self, min/avg/p50/p95/max, errors', () => {
    expect(serviceStats(tree).rows).toEqual([
      // chk: 10 long, q4 covers 2 of it.
      {
        service: 'auth',
        name: null,
        count: 1,
        totalNs: 10 * us,
        selfNs: 8 * us,
        minNs: 10 * us,
        avgNs: 10 * us,
        p50Ns: 10 * us,
        p95Ns: 10 * us,
        maxNs: 10 * us,
        errorCount: 0,
        criticalNs: 0,
      },
      // q1 4, q2 6, q3 2, q4 2: sorted 2 2 4 6; p50 = 2nd = 2, p95 = 4th = 6.
      {
        service: 'db',
        name: null,
        count: 4,
        totalNs: 14 * us,
        selfNs: 14 * us,
        minNs: 2 * us,
        avgNs: 3.5 * us,
        p50Ns: 2 * us,
        p95Ns: 6 * us,
        maxNs: 6 * us,
        errorCount: 1,
        // The critical path (Jaeger's last-finishing child, see below): q1 [1, 5) and q3 [13, 15).
        criticalNs: 6 * us,
      },
      // root 21 (its children cover [1, 15): self 7) and the orphan o (2, self 2).
      {
        service: 'web',
        name: null,
        count: 2,
        totalNs: 23 * us,
        selfNs: 9 * us,
        minNs: 2 * us,
        avgNs: 11.5 * us,
        p50Ns: 2 * us,
        p95Ns: 21 * us,
        maxNs: 21 * us,
        errorCount: 0,
        // root [0, 1) [5, 13) [15, 21), and the orphan's own path [18, 20).
        criticalNs: 17 * us,
      },
    ]);
  });

  test('per operation: service + span name', () => {
    const rows = operationStats(tree).rows.map((s) => [
      s.service,
      s.name,
      s.count,
      s.totalNs / us,
      s.errorCount,
      s.criticalNs / us,
    ]);
    expect(rows).toEqual([
      ['auth', 'check', 1, 10, 0, 0],
      ['db', 'insert', 1, 2, 0, 0],
      ['db', 'query', 3, 12, 1, 6],
      ['web', 'GET', 2, 23, 0, 17],
    ]);
  });

  test("each row's nodes, in row order and ascending pre-order; synthetic nodes in no row", () => {
    // Pre-order: root q1 chk q4 q2 q3, then the synthetic parent of o, then o.
    expect(nodesByRow(serviceStats(tree))).toEqual([
      ['auth', 'chk'],
      ['db', 'q1', 'q4', 'q2', 'q3'],
      ['web', 'root', 'o'],
    ]);
    expect(nodesByRow(operationStats(tree)).map((r) => r.length - 1)).toEqual([1, 1, 3, 2]);
  });

  test("each service's share of the critical path, drawn", () => {
    // Critical: root [0, 2) a [2, 6) root [6, 8) b [8, 10) c [10, 12) b [12, 16) root [16, 20).
    const t = buildTree(
      asciiTrace(`
        root [svc=web]  |===================|
          a [svc=auth]    |===|
          b [svc=db]            |=======|
            c [svc=cache]         |=|
      `),
      { adjustClockSkew: false },
    );
    const share = serviceStats(t).rows.map((r) => `${r.service} ${r.criticalNs / us}`);
    expect(share).toEqual(['auth 4', 'cache 2', 'db 6', 'web 8']);
    expect(serviceStats(t, { critical: criticalPath(t), selfNs: selfTimes(t) }).rows).toEqual(
      serviceStats(t).rows,
    );
  });

  test('analysis never mutates the table or the tree', () => {
    const { table, spanIdOf: _s, spanIdBytes: _b, ...arrays } = tree;
    const { details: _d, ...columns } = table;
    const before = structuredClone({ columns, arrays });
    selfTimes(tree);
    serviceStats(tree);
    operationStats(tree);
    criticalPath(tree);
    expect(structuredClone({ columns, arrays })).toEqual(before);
  });
});
