/**
 * Comparison with the typical trace, drawn (STYLE habit 11): five baselines of one request, the
 * trace under study, and the result drawn back by drawTypical (`new`, `slow`, ghost rows `miss`,
 * [matched/N p50 p95] in µs).
 */
import { describe, expect, test } from 'vitest';
import { asciiTrace, dedent } from '../../testing/ascii-trace.ts';
import { drawTypical } from '../../testing/draw-diff.ts';
import { buildTree } from '../tree/build-tree.ts';
import type { TraceTree } from '../tree/types.ts';
import { compareWithTypical, TypicalFlag } from './index.ts';

const tree = (drawing: string): TraceTree => buildTree(asciiTrace(drawing), { adjustClockSkew: false });

const BASELINES = [
  `
      root            |===========|
        auth           |=|
        db                |==|
        cache                  |=|
  `,
  `
      root            |===========|
        auth           |=|
        db                |===|
        cache                  |=|
  `,
  `
      root            |===========|
        auth           |=|
        db                |==|
        cache                  |=|
  `,
  `
      root            |===========|
        auth           |==|
        db                |==|
        cache                  |=|
        audit                    |=|
  `,
  `
      root            |===========|
        auth           |=|
        db                |==|
  `,
].map(tree);

describe('compareWithTypical, drawn', () => {
  test('new, slow and missing spans; the earliest flag is the slow call, not the root it slowed', () => {
    const b = tree(`
      root            |===============|
        auth           |=|
        db                |======|
        extra                     |==|
          inner                   |=|
    `);
    const cmp = compareWithTypical(b, BASELINES);
    // cache is in 4 of 5 baselines (80%): a ghost; audit in 1 of 5: nothing.
    expect(drawTypical(cmp)).toBe(
      dedent(`
        slow root [5/5 p50=12 p95=12]  |===============|
               auth [5/5 p50=2 p95=3]   |=|
        slow   db [5/5 p50=3 p95=4]        |======|
        miss   cache [4/5 p50=2 p95=2]          |=|
        new    extra [0/5]                         |==|
        new      inner [0/5]                       |=|
      `),
    );
    expect(Array.from(cmp.flags)).toEqual([
      TypicalFlag.Slow,
      0,
      TypicalFlag.Slow,
      TypicalFlag.New,
      TypicalFlag.New,
    ]);
    expect(Array.from(cmp.presence)).toEqual([1, 1, 1, 0, 0]);
    // db outlasts its p95 (4 µs) at 4 + 4 = 8 µs, before the ghost (9 µs), extra (12 µs) and the root (12 µs).
    expect(cmp.earliest).toEqual({ reason: 'slow', index: 2, atNs: 8000 });
    expect(cmp.ghosts).toEqual([
      { parent: 0, service: 'svc', name: 'cache', presence: 0.8, p50Ns: 2000, p95Ns: 2000, atNs: 9000 },
    ]);
  });

  test('a typical trace has no flags; without baselines nothing is flagged', () => {
    const b = BASELINES[0];
    const cmp = compareWithTypical(b, BASELINES);
    expect(Array.from(cmp.flags)).toEqual([0, 0, 0, 0]);
    expect(cmp.ghosts).toEqual([]);
    expect(cmp.earliest).toBeNull();
    const alone = compareWithTypical(b, []);
    expect(Array.from(alone.flags)).toEqual([0, 0, 0, 0]);
    expect(Number.isNaN(alone.p50Ns[0])).toBe(true);
    expect(alone.earliest).toBeNull();
  });

  test('a missing first call is the earliest flag, named under its parent', () => {
    const b = tree(`
      root            |===========|
        db                |==|
        cache                  |=|
    `);
    const cmp = compareWithTypical(b, BASELINES);
    expect(drawTypical(cmp)).toBe(
      dedent(`
             root [5/5 p50=12 p95=12]  |===========|
        miss   auth [5/5 p50=2 p95=3]   |=|
               db [5/5 p50=3 p95=4]        |==|
               cache [4/5 p50=2 p95=2]          |=|
      `),
    );
    expect(cmp.earliest).toEqual({ reason: 'missing', index: 0, atNs: 1000 });
  });
});
