/**
 * The diff view's data, drawn (STYLE habit 11): two traces, their diff as core/diff computes it (the
 * worker's answer), and what the view derives: row tints and the heat scale, the differences `n`/`N`
 * step through, the identical subtrees "only differences" collapses, span ids ↔ merged nodes, and
 * the summary bar's items.
 */
import { describe, expect, test } from 'vitest';
import { selfTimes } from '../../core/analysis/self-time.ts';
import { diffSpanId, nodeOfDiffSpan } from '../../core/diff/diff-span.ts';
import { diffTraces, summarizeDiff } from '../../core/diff/index.ts';
import { heatStep, heatTint, typicalTint } from '../../core/diff/row-tints.ts';
import { columnsFromTree } from '../../core/layout/columns-from-tree.ts';
import { RowTint } from '../../core/layout/row-tint.ts';
import { spanIdOf } from '../../core/layout/trace-columns.ts';
import { buildTree } from '../../core/tree/build-tree.ts';
import { asciiTrace, idOf } from '../../testing/ascii-trace.ts';
import type { DiffResult } from '../../worker/protocol.ts';
import { diffModel, stepDifference } from './diff-model.ts';
import { summaryBarData } from './summary-model.ts';

const A = asciiTrace(`
  root [svc=web]        |==============================|
    auth [svc=auth]      |==|
      token [svc=auth]    |=|
    cart [svc=cart]          |====|
      get [svc=redis]         |=|
    pay [svc=pay]                  |==|
    mail [svc=mail]                        |====|
`);
// B: pay fails and is retried (a second pay, added); cart is 1.8× as slow; mail never runs.
const B = asciiTrace(`
  root [svc=web err]    |==============================|
    auth [svc=auth]      |==|
      token [svc=auth]    |=|
    cart [svc=cart]          |========|
      get [svc=redis]         |=|
    pay [svc=pay err]                  |==|
    pay [svc=pay]                          |==|
`);

function model() {
  const a = buildTree(A, { adjustClockSkew: true });
  const b = buildTree(B, { adjustClockSkew: true });
  const diff = diffTraces(a, b);
  const result: DiffResult = {
    tree: diff,
    summary: summarizeDiff(diff),
    attributesCompared: true,
    timingsMs: {},
  };
  return diffModel(result, columnsFromTree(a, selfTimes(a)), columnsFromTree(b, selfTimes(b)));
}

const nameOf = (m: ReturnType<typeof model>, k: number) => {
  const y = m.tree.bNode[k];
  return y >= 0 ? m.b.strings[m.b.name[y]] : `-${m.a.strings[m.a.name[m.tree.aNode[k]]]}`;
};

describe('row tints and the heat scale', () => {
  test('steps at 1.2×, 1.5× and 2×, each way, ignoring changes under the minimum', () => {
    expect(heatTint(100, 110, 1)).toBe(RowTint.None);
    expect(heatTint(100, 125, 1)).toBe(RowTint.Slower1);
    expect(heatTint(100, 160, 1)).toBe(RowTint.Slower2);
    expect(heatTint(100, 200, 1)).toBe(RowTint.Slower3);
    expect(heatTint(100, 80, 1)).toBe(RowTint.Faster1);
    expect(heatTint(100, 60, 1)).toBe(RowTint.Faster2);
    expect(heatTint(100, 10, 1)).toBe(RowTint.Faster3);
    expect(heatTint(0, 5, 1)).toBe(RowTint.Slower3);
    expect(heatTint(100, 300, 500)).toBe(RowTint.None);
    expect(heatTint(100, 100, 0)).toBe(RowTint.None);
    expect(heatTint(Number.NaN, 5, 1)).toBe(RowTint.None);
    expect([RowTint.Slower2, RowTint.Faster3, RowTint.Added].map(heatStep)).toEqual([2, 3, 0]);
  });

  test('added, removed, status and renames win over durations', () => {
    const m = model();
    const rows = Array.from({ length: m.tree.nodeCount }, (_, k) => `${nameOf(m, k)}:${m.tint[k]}`);
    expect(rows).toEqual([
      `root:${RowTint.Status}`,
      'auth:0',
      'token:0',
      `cart:${RowTint.Slower2}`,
      'get:0',
      `pay:${RowTint.Status}`,
      `pay:${RowTint.Added}`,
      `-mail:${RowTint.Removed}`,
    ]);
  });

  test('typical: new, and slow by how far past the p95', () => {
    expect(typicalTint(true, false, 10, Number.NaN)).toBe(RowTint.Added);
    expect(typicalTint(false, false, 10, 5)).toBe(RowTint.None);
    expect(typicalTint(false, true, 12, 10)).toBe(RowTint.Slower1);
    expect(typicalTint(false, true, 16, 10)).toBe(RowTint.Slower2);
    expect(typicalTint(false, true, 25, 10)).toBe(RowTint.Slower3);
  });
});

describe('the diff model', () => {
  test('differences in row order; n and N step through them and wrap', () => {
    const m = model();
    expect(Array.from(m.differences, (k) => nameOf(m, k))).toEqual(['root', 'cart', 'pay', 'pay', '-mail']);
    const [root, cart, pay] = m.differences;
    expect(stepDifference(m, -1, 1)).toBe(root);
    expect(stepDifference(m, root, 1)).toBe(cart);
    expect(stepDifference(m, cart + 1, 1)).toBe(pay);
    expect(stepDifference(m, m.differences.at(-1)!, 1)).toBe(root);
    expect(stepDifference(m, cart, -1)).toBe(root);
    expect(stepDifference(m, root, -1)).toBe(m.differences.at(-1));
    expect(stepDifference(m, -1, -1)).toBe(m.differences.at(-1));
  });

  test('"only differences" collapses the identical subtrees with children (durations aside)', () => {
    const m = model();
    expect(Array.from(m.identicalTops, (k) => nameOf(m, k))).toEqual(['auth', 'cart']);
  });

  test('span ids: B’s span, or A’s for a removed one; unknown ids are no node', () => {
    const m = model();
    const mail = m.tree.nodeCount - 1;
    expect(diffSpanId(m, mail)).toBe(idOf('mail'));
    expect(nodeOfDiffSpan(m, idOf('mail'))).toBe(mail);
    expect(nodeOfDiffSpan(m, idOf('cart'))).toBe(3);
    expect(diffSpanId(m, 3)).toBe(spanIdOf(m.b, m.tree.bNode[3]));
    expect(nodeOfDiffSpan(m, 'f'.repeat(16))).toBe(-1);
    expect(nodeOfDiffSpan(m, null)).toBe(-1);
    expect(diffSpanId(m, 99)).toBeNull();
  });
});

describe('the summary bar', () => {
  test('counts, the first divergence in words, errors only in B, regressions and repeated calls', () => {
    const m = model();
    const bar = summaryBarData(m);
    expect(bar.counts).toEqual({ matched: 6, same: 4, changed: 2, added: 1, removed: 1 });
    // pay fails at its end (+18 µs), as the retry starts.
    expect(bar.firstDivergence).toEqual({ text: 'pay pay ends with another status (at +18 µs)', node: 5 });
    expect(bar.errorsOnlyInB.map((i) => i.text)).toEqual(['web root', 'pay pay']);
    expect(bar.errorsOnlyInBCount).toBe(2);
    expect(bar.regressions[0]).toEqual({ text: 'cart cart +4 µs self (3 µs → 7 µs)', node: 3 });
    expect(bar.repeatedCalls).toEqual([{ text: '1 × pay pay in A, 2 × in B', node: 5 }]);
  });
});
