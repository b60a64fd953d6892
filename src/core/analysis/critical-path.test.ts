import { describe, expect, test } from 'vitest';
import { asciiTrace } from '../../testing/ascii-trace.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import { buildTree } from '../tree/build-tree.ts';
import type { TraceTree } from '../tree/types.ts';
import { criticalPath } from './critical-path.ts';

function tree(drawing: string): TraceTree {
  return buildTree(asciiTrace(drawing), { adjustClockSkew: false });
}

/** The critical path as "name from..to" in columns (1 column = 1 µs), in time order. */
function path(t: TraceTree): string[] {
  const p = criticalPath(t);
  const name = (k: number): string => t.table.strings[t.table.names[t.row[k]]];
  return Array.from(p.node, (k, i) => `${name(k)} ${p.startNs[i] / 1000}..${p.endNs[i] / 1000}`);
}

describe('criticalPath (Jaeger last-finishing-child)', () => {
  test('sequential children: the parent is critical in the gaps', () => {
    expect(
      path(
        tree(`
          root |====================|
            a    |====|
            b            |====|
        `),
      ),
    ).toEqual(['root 0..2', 'a 2..7', 'root 7..10', 'b 10..15', 'root 15..21']);
  });

  test('overlapping children: only the last to finish and what ended before it started', () => {
    expect(
      path(
        tree(`
          root |====================|
            a    |==========|
            b       |==========|
        `),
      ),
    ).toEqual(['root 0..5', 'b 5..16', 'root 16..21']);
  });

  test('nested: the walk goes down into the last-finishing child and back up', () => {
    expect(
      path(
        tree(`
          root |====================|
            a   |==============|
              a1 |====|
              a2       |======|
            b                   |===|
        `),
      ),
    ).toEqual([
      'root 0..1',
      'a 1..2',
      'a1 2..7',
      'a 7..8',
      'a2 8..15',
      'a 15..16',
      'root 16..17',
      'b 17..21',
    ]);
  });

  test('children are clipped to their parent; children wholly outside it are dropped with their subtree', () => {
    expect(
      path(
        tree(`
          root |==========|
            a       |==========|
            late               |===|
              k                 |=|
        `),
      ),
    ).toEqual(['root 0..5', 'a 5..11']);
  });

  test('every root and every orphan gets its own path, merged in time order', () => {
    expect(
      path(
        tree(`
          r1 |====|
            c1 |=|
          o<gone  |=====|
          r2          |===|
        `),
      ),
    ).toEqual(['r1 0..2', 'c1 2..4', 'r1 4..5', 'o 5..11', 'r2 9..13']);
  });

  test('a child that ends exactly when the critical one starts is not taken (Jaeger: strictly before)', () => {
    expect(
      path(
        tree(`
          root |==========|
            a  |===|
            b      |======|
        `),
      ),
    ).toEqual(['root 0..4', 'b 4..11']);
  });

  test('a chain of 30,000 spans (deeper than any call stack) needs no recursion', () => {
    const n = 30_000;
    const builder = new TraceSetBuilder();
    const id = (i: number): string => (i + 1).toString(16).padStart(16, '0');
    for (let i = 0; i < n; i++) {
      builder.add({
        traceId: '000000000000000000000000000c4a17',
        spanId: id(i),
        parentId: i === 0 ? '' : id(i - 1),
        name: 'call',
        kind: 0,
        status: 0,
        // Each span starts 1 µs after its parent and ends 1 µs before it.
        startNs: BigInt(i) * 1000n,
        durNs: BigInt(2 * (n - i)) * 1000n,
        details: () => {
          throw new Error('not needed');
        },
      });
    }
    const t = buildTree(builder.build()[0], { adjustClockSkew: false });
    expect(t.summary.maxDepth).toBe(n - 1);
    const p = criticalPath(t);
    // Every span is on the path (twice but the deepest); the segments tile the root's window.
    expect(p.node.length).toBe(2 * n - 1);
    expect(new Set(p.node).size).toBe(n);
    let gaps = 0;
    for (let i = 1; i < p.node.length; i++) if (p.startNs[i] !== p.endNs[i - 1]) gaps++;
    expect(gaps).toBe(0);
    expect(p.startNs[0]).toBe(t.startNs[0]);
    expect(p.endNs[p.node.length - 1]).toBe(t.endNs[0]);
  });
});
