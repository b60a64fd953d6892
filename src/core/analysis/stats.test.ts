import { describe, expect, test } from 'vitest';
import { asciiTrace } from '../../testing/ascii-trace.ts';
import { buildTree } from '../tree/build-tree.ts';
import { criticalPath } from './critical-path.ts';
import { selfTimes } from './self-time.ts';
import { operationStats, serviceStats } from './stats.ts';

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

describe('serviceStats / operationStats', () => {
  test('per service: count, total, self, min/avg/p50/p95/max, errors', () => {
    expect(serviceStats(tree)).toEqual([
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
      },
    ]);
  });

  test('per operation: service + span name', () => {
    const rows = operationStats(tree).map((s) => [s.service, s.name, s.count, s.totalNs / us, s.errorCount]);
    expect(rows).toEqual([
      ['auth', 'check', 1, 10, 0],
      ['db', 'insert', 1, 2, 0],
      ['db', 'query', 3, 12, 1],
      ['web', 'GET', 2, 23, 0],
    ]);
  });

  test('analysis never mutates the table or the tree', () => {
    const { table, spanIdOf: _s, ...arrays } = tree;
    const { details: _d, ...columns } = table;
    const before = structuredClone({ columns, arrays });
    selfTimes(tree);
    serviceStats(tree);
    operationStats(tree);
    criticalPath(tree);
    expect(structuredClone({ columns, arrays })).toEqual(before);
  });
});
