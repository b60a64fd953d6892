import { describe, expect, it } from 'vitest';
import { asciiTrace, idOf } from '../../testing/ascii-trace.ts';
import { fixtureTraces } from '../../testing/fixture-traces.ts';
import { selfTimes } from '../analysis/self-time.ts';
import { buildTree } from '../tree/build-tree.ts';
import { NodeFlag } from '../tree/types.ts';
import { columnsFromTree } from './columns-from-tree.ts';
import { buildSpanIndex, lookupSpanId } from './span-index.ts';
import { nodeOfSpanId, spanIdOf, type TraceColumns } from './trace-columns.ts';

function columnsOf(drawing: string): TraceColumns {
  const tree = buildTree(asciiTrace(drawing), { adjustClockSkew: false });
  return columnsFromTree(tree, selfTimes(tree));
}

/** The linear scan the index replaces: first real node with the id, else its placeholder. */
function scan(c: TraceColumns, spanId: string): number {
  let placeholder = -1;
  for (let k = 0; k < c.nodeCount; k++) {
    if (spanIdOf(c, k) !== spanId) continue;
    if (!(c.flags[k] & NodeFlag.MissingParent)) return k;
    if (placeholder < 0) placeholder = k;
  }
  return placeholder;
}

describe('span index', () => {
  it('finds every span, the first of duplicates, and a missing parent by its id', () => {
    const c = columnsOf(`
      root  |==========|
        a    |===|
        a        |==|
        b<ghost |=|
    `);
    expect(nodeOfSpanId(c, idOf('root'))).toBe(0);
    const a = nodeOfSpanId(c, idOf('a'));
    expect(a).toBeGreaterThan(0);
    expect(a).toBe(scan(c, idOf('a')));
    const ghost = nodeOfSpanId(c, idOf('ghost'));
    expect(c.flags[ghost] & NodeFlag.MissingParent).toBeTruthy();
    expect(nodeOfSpanId(c, idOf('b'))).toBe(ghost + 1);
    for (const bad of ['', 'zz', idOf('nope'), 'ABCDEF0123456789', `${idOf('a')}0`])
      expect(nodeOfSpanId(c, bad)).toBe(-1);
  });

  it('agrees with a linear scan on every real fixture', () => {
    for (const { table } of fixtureTraces()) {
      const tree = buildTree(table, { adjustClockSkew: true });
      const c = columnsFromTree(tree, selfTimes(tree));
      for (let k = 0; k < c.nodeCount; k++) {
        const id = spanIdOf(c, k);
        expect(nodeOfSpanId(c, id)).toBe(scan(c, id));
      }
    }
  });

  it('handles colliding hashes and an empty trace', () => {
    // Ids that differ only in bytes the hash mixes the same way still resolve.
    const n = 50_000;
    const spanIdBytes = new Uint8Array(8 * n);
    for (let k = 0; k < n; k++) {
      spanIdBytes[8 * k] = k & 0xff;
      spanIdBytes[8 * k + 4] = k & 0xff;
      spanIdBytes[8 * k + 7] = k >> 8;
    }
    const c = { nodeCount: n, spanIdBytes, flags: new Uint8Array(n) };
    const slots = buildSpanIndex(c);
    const hex = (k: number) =>
      Array.from(spanIdBytes.subarray(8 * k, 8 * k + 8), (b) => b.toString(16).padStart(2, '0')).join('');
    for (let k = 0; k < n; k += 97) expect(lookupSpanId(slots, c, hex(k))).toBe(k);
    const empty = { nodeCount: 0, spanIdBytes: new Uint8Array(0), flags: new Uint8Array(0) };
    expect(lookupSpanId(buildSpanIndex(empty), empty, '0000000000000001')).toBe(-1);
  });
});
