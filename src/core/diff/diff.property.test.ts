/**
 * Properties of the diff over random related traces (testing/diff-arbitraries.ts): a trace against
 * itself is all `same`; diff(A, B) and diff(B, A) mirror each other; every span of A and of B is in
 * the merged tree exactly once, and the merged tree keeps every promise of its type; the same on
 * every trace of the real fixtures.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { diffTraceArb, tracePairArb } from '../../testing/diff-arbitraries.ts';
import { fixtureTraces } from '../../testing/fixture-traces.ts';
import { fixturesPresent } from '../../testing/fixtures.ts';
import { buildTree } from '../tree/build-tree.ts';
import type { TraceTree } from '../tree/types.ts';
import {
  compareWithTypical,
  DiffFlag,
  DiffKind,
  diffTraces,
  summarizeDiff,
  type TraceDiff,
} from './index.ts';

const RUNS = { numRuns: 300 };

/** Every structural promise of a TraceDiff, checked the slow way; returns the problems found. */
function problems(diff: TraceDiff): string[] {
  const out: string[] = [];
  const { a, b, kind, aNode, bNode, parent, depth, subtreeEnd, childCount, startNs } = diff;
  const seenA = new Int32Array(a.nodeCount);
  const seenB = new Int32Array(b.nodeCount);
  for (let k = 0; k < diff.nodeCount; k++) {
    const x = aNode[k];
    const y = bNode[k];
    if (x >= 0) seenA[x]++;
    if (y >= 0) seenB[y]++;
    const expectKind =
      x < 0
        ? DiffKind.Added
        : y < 0
          ? DiffKind.Removed
          : kind[k] === DiffKind.Changed
            ? kind[k]
            : DiffKind.Same;
    if (kind[k] !== expectKind) out.push(`node ${k}: kind ${kind[k]} with sides ${x}/${y}`);
    if (x >= 0 && diff.nodeOfA[x] !== k) out.push(`nodeOfA[${x}] is not ${k}`);
    if (y >= 0 && diff.nodeOfB[y] !== k) out.push(`nodeOfB[${y}] is not ${k}`);
    const p = parent[k];
    if (p >= k) out.push(`node ${k}: parent ${p} after it`);
    if (depth[k] !== (p < 0 ? 0 : depth[p] + 1)) out.push(`node ${k}: depth`);
    if (p >= 0 && subtreeEnd[k] > subtreeEnd[p]) out.push(`node ${k}: subtree leaves its parent's`);
    // Top-down: a node's sides hang under its parent's sides.
    if (x >= 0 && (p < 0 ? a.parent[x] !== -1 : aNode[p] >= 0 && a.parent[x] !== aNode[p]))
      out.push(`node ${k}: A parent`);
    if (y >= 0 && (p < 0 ? b.parent[y] !== -1 : bNode[p] >= 0 && b.parent[y] !== bNode[p]))
      out.push(`node ${k}: B parent`);
    if (p >= 0 && x >= 0 && aNode[p] < 0) out.push(`node ${k}: an A span under an added node`);
    if (p >= 0 && y >= 0 && bNode[p] < 0) out.push(`node ${k}: a B span under a removed node`);
    let children = 0;
    let differs = kind[k] !== DiffKind.Same;
    let lastStartNs = Number.NEGATIVE_INFINITY;
    for (let c = k + 1; c < subtreeEnd[k]; c = subtreeEnd[c]) {
      children++;
      if (parent[c] !== k) out.push(`node ${c}: parent is not ${k}`);
      if (startNs[c] < lastStartNs) out.push(`node ${k}: children out of time order`);
      lastStartNs = startNs[c];
    }
    for (let d = k + 1; d < subtreeEnd[k]; d++) differs ||= kind[d] !== DiffKind.Same;
    if (children !== childCount[k]) out.push(`node ${k}: childCount`);
    if (differs !== Boolean(diff.flags[k] & DiffFlag.SubtreeDiffers)) out.push(`node ${k}: SubtreeDiffers`);
  }
  for (let x = 0; x < a.nodeCount; x++) if (seenA[x] !== 1) out.push(`A node ${x} appears ${seenA[x]} times`);
  for (let y = 0; y < b.nodeCount; y++) if (seenB[y] !== 1) out.push(`B node ${y} appears ${seenB[y]} times`);
  return out;
}

describe('diff properties', () => {
  test('a trace against itself: every node same, nothing to report', () => {
    fc.assert(
      fc.property(diffTraceArb, (t) => {
        const diff = diffTraces(t, t);
        expect(problems(diff)).toEqual([]);
        expect(Array.from(diff.kind).every((k) => k === DiffKind.Same)).toBe(true);
        const s = summarizeDiff(diff);
        expect(s.counts).toEqual({
          matched: t.summary.spanCount,
          same: t.summary.spanCount,
          changed: 0,
          added: 0,
          removed: 0,
        });
        expect(s.firstDivergence).toBeNull();
        expect(s.errorsOnlyInB).toEqual([]);
        expect(s.regressions).toEqual([]);
        expect(s.repeatedCalls).toEqual([]);
      }),
      RUNS,
    );
  });

  test('every span of A and of B appears exactly once, in a well-formed merged tree', () => {
    fc.assert(
      fc.property(tracePairArb, ({ a, b }) => {
        const diff = diffTraces(a, b);
        expect(problems(diff)).toEqual([]);
        const { counts } = summarizeDiff(diff);
        expect(counts.matched + counts.removed).toBe(a.summary.spanCount);
        expect(counts.matched + counts.added).toBe(b.summary.spanCount);
      }),
      RUNS,
    );
  });

  test('diff(A, B) and diff(B, A) mirror each other', () => {
    fc.assert(
      fc.property(tracePairArb, ({ a, b }) => {
        const ab = diffTraces(a, b);
        const ba = diffTraces(b, a);
        // The same pairs, seen from either side.
        expect(Array.from(ba.alignment.bOfA)).toEqual(Array.from(ab.alignment.aOfB));
        expect(Array.from(ba.alignment.aOfB)).toEqual(Array.from(ab.alignment.bOfA));
        const mirrored = [DiffKind.Same, DiffKind.Changed, DiffKind.Removed, DiffKind.Added];
        for (let y = 0; y < b.nodeCount; y++) {
          const there = ab.nodeOfB[y];
          const back = ba.nodeOfA[y];
          expect(ba.kind[back]).toBe(mirrored[ab.kind[there]]);
          expect(ba.flags[back] & ~DiffFlag.SubtreeDiffers).toBe(ab.flags[there] & ~DiffFlag.SubtreeDiffers);
          expect(ba.selfDeltaNs[back] === -ab.selfDeltaNs[there]).toBe(true);
        }
        const s = summarizeDiff(ab).counts;
        const r = summarizeDiff(ba).counts;
        expect(r).toEqual({ ...s, added: s.removed, removed: s.added });
      }),
      RUNS,
    );
  });

  test('errors only in B are errors in B that A had not', () => {
    fc.assert(
      fc.property(tracePairArb, ({ a, b }) => {
        const diff = diffTraces(a, b);
        const { errorsOnlyInB, firstDivergence } = summarizeDiff(diff);
        for (const k of errorsOnlyInB) {
          const y = diff.bNode[k];
          const x = diff.aNode[k];
          expect(b.table.statuses[b.row[y]]).toBe(2);
          if (x >= 0) expect(a.table.statuses[a.row[x]]).not.toBe(2);
        }
        // A divergence exists exactly when a span differs by more than its attributes.
        const OWN = DiffFlag.Renamed | DiffFlag.Kind | DiffFlag.Status;
        const diverges = Array.from(diff.kind).some((kind, k) => {
          const isSpan = (diff.bNode[k] >= 0 ? b.row[diff.bNode[k]] : a.row[diff.aNode[k]]) >= 0;
          return isSpan && (kind === DiffKind.Added || kind === DiffKind.Removed || diff.flags[k] & OWN);
        });
        expect(firstDivergence !== null).toBe(diverges);
      }),
      RUNS,
    );
  });

  test('inputs are never written to (STYLE habit 10)', () => {
    const snapshot = (t: TraceTree) =>
      JSON.stringify(
        [t.row, t.parent, t.subtreeEnd, t.startNs, t.endNs, t.nodeFlags, t.table.names, t.table.statuses].map(
          (x) => Array.from(x),
        ),
      );
    fc.assert(
      fc.property(tracePairArb, ({ a, b }) => {
        const before = [snapshot(a), snapshot(b)];
        summarizeDiff(diffTraces(a, b));
        compareWithTypical(b, [a, a]);
        expect([snapshot(a), snapshot(b)]).toEqual(before);
      }),
      { numRuns: 50 },
    );
  });
});

describe.runIf(fixturesPresent)('diff on every real fixture', () => {
  const trees = fixtureTraces().map(({ rel, table }) => ({
    rel,
    tree: buildTree(table, { adjustClockSkew: true }),
  }));

  test('each trace against itself is all same; against the next, a well-formed merged tree', () => {
    expect(trees.length).toBeGreaterThan(40);
    trees.forEach(({ rel, tree }, i) => {
      const itself = diffTraces(tree, tree);
      expect({ rel, kinds: new Set(itself.kind) }).toEqual({
        rel,
        kinds: new Set(tree.nodeCount ? [0] : []),
      });
      const next = trees[(i + 1) % trees.length].tree;
      const diff = diffTraces(tree, next);
      expect({ rel, problems: problems(diff) }).toEqual({ rel, problems: [] });
      summarizeDiff(diff);
    });
  });
});
