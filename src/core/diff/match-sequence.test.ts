/**
 * The order-preserving matching of two same-key lists: k-th with k-th when the lengths agree, the
 * cheapest choice of left-overs otherwise, in order, and one greedy pass past the cell budget.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SequenceMatcher } from './match-sequence.ts';

/** Spans as their start offsets; a pair costs the distance between them. */
function matchStarts(as: number[], bs: number[], budget?: number): [number, number][] {
  const pairs: [number, number][] = [];
  new SequenceMatcher(budget).match(
    as.map((_, i) => i),
    bs.map((_, j) => j),
    (i, j) => Math.abs(as[i] - bs[j]),
    (i, j) => pairs.push([i, j]),
  );
  return pairs.sort((x, y) => x[0] - y[0]);
}

describe('SequenceMatcher', () => {
  test('equal lengths: k-th with k-th, whatever the costs', () => {
    expect(matchStarts([0, 10, 20], [25, 26, 27])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  test('one against three: the nearest; ties to the earliest', () => {
    expect(matchStarts([0, 30, 60], [31])).toEqual([[1, 0]]);
    expect(matchStarts([31], [0, 30, 60])).toEqual([[0, 1]]);
    expect(matchStarts([0, 10], [5])).toEqual([[0, 0]]);
  });

  test('left-overs chosen by the least total cost, order kept', () => {
    // A retried call in the middle of B: the extra one is the second.
    expect(matchStarts([0, 100, 200], [0, 50, 100, 200])).toEqual([
      [0, 0],
      [1, 2],
      [2, 3],
    ]);
  });

  test('past the cell budget, one greedy pass: the next span unless a later one is nearer', () => {
    const as = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];
    const bs = [1, 11, 21, 31, 51, 61, 81, 91];
    const expected: [number, number][] = [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [5, 4],
      [6, 5],
      [8, 6],
      [9, 7],
    ];
    expect(matchStarts(as, bs, 0)).toEqual(expected);
    expect(matchStarts(as, bs)).toEqual(expected);
    // The budget is shared: a second group finds it spent (the programme would take 3 → 0).
    const pairs: number[][] = [];
    const m = new SequenceMatcher(4);
    const cost = (i: number) => [3, 2, 2, 0][i];
    m.match([0, 1, 2, 3], [0], cost, (i, j) => pairs.push([i, j]));
    m.match([0, 1, 2, 3], [0], cost, (i, j) => pairs.push([i, j]));
    expect(pairs).toEqual([
      [3, 0],
      [1, 0],
    ]);
  });

  test('greedy or not, every span of the shorter list is matched, in order', () => {
    const starts = fc
      .array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 })
      .map((s) => s.sort((x, y) => x - y));
    fc.assert(
      fc.property(starts, starts, fc.constantFrom(0, 1 << 22), (as, bs, budget) => {
        const pairs = matchStarts(as, bs, budget);
        expect(pairs).toHaveLength(Math.min(as.length, bs.length));
        for (let k = 1; k < pairs.length; k++) {
          expect(pairs[k][0]).toBeGreaterThan(pairs[k - 1][0]);
          expect(pairs[k][1]).toBeGreaterThan(pairs[k - 1][1]);
        }
      }),
    );
  });

  test('the matching is the cheapest order-preserving one (against brute force)', () => {
    const starts = fc
      .array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 6 })
      .map((s) => s.sort((x, y) => x - y));
    fc.assert(
      fc.property(starts, starts, (as, bs) => {
        const pairs = matchStarts(as, bs);
        const total = pairs.reduce((sum, [i, j]) => sum + Math.abs(as[i] - bs[j]), 0);
        expect(total).toBe(cheapest(as, bs));
      }),
    );
  });
});

/** The least total cost of matching all of the shorter list in order, by brute force. */
function cheapest(as: number[], bs: number[]): number {
  const [short, long] = as.length <= bs.length ? [as, bs] : [bs, as];
  const go = (i: number, j: number): number => {
    if (i === short.length) return 0;
    if (long.length - j < short.length - i) return Number.POSITIVE_INFINITY;
    return Math.min(Math.abs(short[i] - long[j]) + go(i + 1, j + 1), go(i, j + 1));
  };
  return go(0, 0);
}
