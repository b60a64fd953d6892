/**
 * Alignment and the merged tree on drawn cases (STYLE habit 11): trace A, trace B, and the merged
 * tree drawn back by drawDiff (= same, =* same with a difference below, ~ changed, + added,
 * - removed; bars in B's frame, removed spans at their start mapped into B).
 */
import { describe, expect, test } from 'vitest';
import { asciiTrace, dedent, emptyTable, labelOf } from '../../testing/ascii-trace.ts';
import { drawDiff } from '../../testing/draw-diff.ts';
import { buildTree } from '../tree/build-tree.ts';
import type { TraceTree } from '../tree/types.ts';
import { DiffFlag, type DiffOptions, diffTraces, MatchedBy, summarizeDiff, type TraceDiff } from './index.ts';

const tree = (drawing: string): TraceTree => buildTree(asciiTrace(drawing), { adjustClockSkew: false });

function diffOf(a: string, b: string, options?: DiffOptions) {
  const diff = diffTraces(tree(a), tree(b), options);
  return { diff, summary: summarizeDiff(diff), drawn: drawDiff(diff) };
}

/** [A label, B label] of each matched pair, in merged order. */
function matchedLabels(diff: TraceDiff): [string, string][] {
  const out: [string, string][] = [];
  for (let k = 0; k < diff.nodeCount; k++)
    if (diff.aNode[k] >= 0 && diff.bNode[k] >= 0)
      out.push([labelOf(diff.a.spanIdOf(diff.aNode[k])), labelOf(diff.b.spanIdOf(diff.bNode[k]))]);
  return out;
}

describe('alignment, drawn', () => {
  test('a trace against itself: every node same, nothing below differs', () => {
    const t = `
      root [svc=web]                          |=============|
        auth                                   |==|
        cart [err]                                  |======|
          redis [svc=cache span.k=v]                 |==|
      `;
    const { diff, summary, drawn } = diffOf(t, t);
    expect(drawn).toBe(
      dedent(`
        =  root      |=============|
        =    auth     |==|
        =    cart          |======|
        =      redis        |==|
      `),
    );
    expect(summary.counts).toEqual({ matched: 4, same: 4, changed: 0, added: 0, removed: 0 });
    expect(summary.firstDivergence).toBeNull();
    expect(summary.errorsOnlyInB).toEqual([]);
    expect(diff.flags.every((f) => f === 0)).toBe(true);
  });

  test('a missing subtree: removed whole, at its place in B', () => {
    const { summary, drawn } = diffOf(
      `
      root                                    |=============|
        auth                                   |==|
        cart                                        |======|
          redis                                      |==|
          db                                             |=|
        render                                              |=|
      `,
      `
      root                                    |=============|
        auth                                   |==|
        render                                              |=|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        =* root      |=============|
        =    auth     |==|
        -    cart          |======|
        -      redis        |==|
        -      db               |=|
        =    render                |=|
      `),
    );
    expect(summary.counts).toEqual({ matched: 3, same: 3, changed: 0, added: 0, removed: 3 });
    expect(summary.firstDivergence).toEqual({ node: 2, reason: 'removed', atNs: 6000 });
    // The root's own time grew by what cart covered.
    expect(summary.regressions).toEqual([{ node: 0, selfANs: 4000, selfBNs: 11000, deltaNs: 7000 }]);
  });

  test('an extra retry: the first attempt matches the baseline call, the retry is added', () => {
    const { diff, summary, drawn } = diffOf(
      `
      root                                    |===========|
        call                                   |==|
        render                                         |=|
      `,
      `
      root                                    |===========|
        c1 [name=call err]                     |=|
        c2 [name=call]                            |==|
        render                                         |=|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        =* root                        |===========|
        ~    call [status unset→error]  |=|
        +    call                          |==|
        =    render                             |=|
      `),
    );
    expect(summary.repeatedCalls).toEqual([
      { parent: 0, service: 'svc', name: 'call', countA: 1, countB: 2 },
    ]);
    expect(matchedLabels(diff)).toEqual([
      ['root', 'root'],
      ['call', 'c1'],
      ['render', 'render'],
    ]);
    expect(summary.errorsOnlyInB).toEqual([1]);
    // The failed attempt ends (3 µs) before the retry starts (4 µs).
    expect(summary.firstDivergence).toEqual({ node: 1, reason: 'status', atNs: 3000 });
  });

  test('reordered parallel calls still match', () => {
    const { summary, drawn } = diffOf(
      `
      root                                    |=========|
        users                                  |===|
        items                                   |===|
        ads                                      |==|
      `,
      `
      root                                    |=========|
        ads                                    |==|
        items                                   |===|
        users                                    |===|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        =  root    |=========|
        =    ads    |==|
        =    items   |===|
        =    users    |===|
      `),
    );
    expect(summary.counts.matched).toBe(4);
  });

  test('a renamed span over the same calls is changed, matched by its shape', () => {
    const { diff, summary, drawn } = diffOf(
      `
      root                                    |=========|
        get [name=GET/users/:id]               |=====|
          db                                    |=|
          cache                                    |=|
        other [svc=ads]                               |=|
      `,
      `
      root                                    |=========|
        get [name=GET/users/{id}]              |=====|
          db                                    |=|
          cache                                    |=|
        other2 [svc=ads]                              |=|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        =* root                                                 |=========|
        ~    GET/users/{id} [name GET/users/:id→GET/users/{id}]  |=====|
        =      db                                                 |=|
        =      cache                                                 |=|
        +    other2                                                     |=|
        -    other                                                      |=|
      `),
    );
    // A leaf has no shape to go by: other → other2 is removed + added.
    expect(diff.flags[1] & DiffFlag.Renamed).toBeTruthy();
    expect(diff.alignment.matchedBy[diff.bNode[1]]).toBe(MatchedBy.Shape);
    expect(summary.firstDivergence).toEqual({ node: 1, reason: 'renamed', atNs: 1000 });
  });

  test('repeated calls of one name, 3 against 1: the one in B matches the first in A', () => {
    const { diff, summary, drawn } = diffOf(
      `
      root [svc=elb]                          |===========|
        d1 [svc=elb name=DescribeTargetHealth] |=|
        d2 [svc=elb name=DescribeTargetHealth]    |=|
        d3 [svc=elb name=DescribeTargetHealth]       |=|
      `,
      `
      root [svc=elb]                          |===========|
        d1 [svc=elb name=DescribeTargetHealth] |=|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        =* root                   |===========|
        =    DescribeTargetHealth  |=|
        -    DescribeTargetHealth     |=|
        -    DescribeTargetHealth        |=|
      `),
    );
    expect(summary.repeatedCalls).toEqual([
      { parent: 0, service: 'elb', name: 'DescribeTargetHealth', countA: 3, countB: 1 },
    ]);
    expect(matchedLabels(diff)).toEqual([
      ['root', 'root'],
      ['d1', 'd1'],
    ]);
  });

  test('ties between same-name spans are broken by kind, then relative start, then attributes', () => {
    const { diff, drawn } = diffOf(
      `
      root                                    |===================|
        c1 [name=call kind=client]             |=|
        c2 [name=call kind=server]                |=|
        g1 [name=GET span.key=a]                      |=|
        g2 [name=GET span.key=b]                       |=|
        g3 [name=GET span.key=c]                        |=|
      `,
      `
      root                                    |===================|
        c2 [name=call kind=server]             |=|
        g2 [name=GET span.key=b]                      |=|
      `,
    );
    // B's server call matches A's server call although it starts where A's client call did; B's
    // GET starts with A's first, but its attributes are those of A's second.
    expect(drawn).toBe(
      dedent(`
        =* root   |===================|
        =    call  |=|
        -    call  |=|
        =    GET          |=|
        -    GET          |=|
        -    GET            |=|
      `),
    );
    expect(matchedLabels(diff)).toEqual([
      ['root', 'root'],
      ['c2', 'c2'],
      ['g2', 'g2'],
    ]);
  });

  test('different roots: a lone root on each side is matched; otherwise by shape, or added/removed', () => {
    const lone = diffOf(
      `
      root [name=GET/a]  |==========|
        auth              |=|
        db                   |===|
      `,
      `
      root [name=GET/b]  |==========|
        auth              |=|
        cache                |=|
      `,
    );
    expect(lone.drawn).toBe(
      dedent(`
        ~  GET/b [name GET/a→GET/b] |==========|
        =    auth                    |=|
        +    cache                      |=|
        -    db                         |===|
      `),
    );
    expect(lone.diff.alignment.matchedBy[0]).toBe(MatchedBy.Root);
    const several = diffOf(
      `
      x  |==========|
        auth |=|
      y  |==========|
      `,
      `
      z  |==========|
      w  |==========|
      `,
    );
    expect(several.drawn).toBe(
      dedent(`
        +  z      |==========|
        +  w      |==========|
        -  x      |==========|
        -    auth     |=|
        -  y      |==========|
      `),
    );
    expect(several.summary.counts).toEqual({ matched: 0, same: 0, changed: 0, added: 2, removed: 3 });
    expect(several.summary.firstDivergence).toEqual({ node: 0, reason: 'added', atNs: 0 });
  });

  test('an empty trace: everything added, or removed', () => {
    const empty = buildTree(emptyTable(), { adjustClockSkew: false });
    const t = tree(`
      root |====|
        a   |=|
    `);
    const added = diffTraces(empty, t);
    expect(drawDiff(added)).toBe(
      dedent(`
        +  root |====|
        +    a   |=|
      `),
    );
    const removed = summarizeDiff(diffTraces(t, empty));
    expect(removed.counts).toEqual({ matched: 0, same: 0, changed: 0, added: 0, removed: 2 });
    expect(removed.firstDivergence).toEqual({ node: 0, reason: 'removed', atNs: 0 });
    const none = diffTraces(empty, empty);
    expect(none.nodeCount).toBe(0);
    expect(summarizeDiff(none).firstDivergence).toBeNull();
  });

  test('a status change: the divergence is the failing call, not the root it failed', () => {
    const { summary, drawn } = diffOf(
      `
      root                                    |=========|
        cart                                   |=|
        pay [ok]                                  |====|
          fraud                                    |==|
      `,
      `
      root [err]                              |=========|
        cart                                   |=|
        pay [err]                                 |===|
          fraud [err]                              |=|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        ~  root [status unset→error]      |=========|
        =    cart                          |=|
        ~    pay [status ok→error]            |===|
        ~      fraud [status unset→error]      |=|
      `),
    );
    expect(summary.errorsOnlyInB).toEqual([0, 2, 3]);
    expect(summary.firstDivergence).toEqual({ node: 3, reason: 'status', atNs: 7000 });
  });

  test('an attribute change, when attributes are compared (and read on demand when not)', () => {
    const a = `
      root [span.http.status_code=i:200 span.gone=x span.same=s] |====|
      `;
    const b = `
      root [span.http.status_code=i:500 span.new=b:true span.same=s] |====|
      `;
    const compared = diffOf(a, b);
    expect(compared.drawn).toBe(
      dedent(`
        ~  root [attr -gone=x attr http.status_code=200→500 attr +new=true] |====|
      `),
    );
    expect(compared.summary.firstDivergence).toBeNull();
    const skipped = diffOf(a, b, { attributes: false });
    expect(skipped.drawn).toBe('=  root |====|');
    expect(skipped.diff.attributeChanges(0).map((c) => c.key)).toEqual(['gone', 'http.status_code', 'new']);
  });

  test('orphans meet orphans under their synthetic parents, whatever the missing id', () => {
    const { summary, drawn } = diffOf(
      `
      root                                    |=========|
        a                                      |=|
      o<ghost                                    |====|
        p                                         |=|
      `,
      `
      root                                    |=========|
        a                                      |=|
      o<other                                    |====|
        p                                         |=|
        q                                           |=|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        =  root   |=========|
        =    a     |=|
        =* ?other    |====|
        =*   o       |====|
        =      p      |=|
        +      q        |=|
      `),
    );
    // The synthetic nodes are no spans: 4 matched spans, not 5.
    expect(summary.counts).toEqual({ matched: 4, same: 4, changed: 0, added: 1, removed: 0 });
  });

  test('missing-parent nodes are no calls: never a repeated call', () => {
    const { summary, drawn } = diffOf(
      `
      root      |==========|
      o<ghost    |==|
      p<other        |==|
      `,
      `
      root      |==========|
      o<lost     |==|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        =  root   |==========|
        =  ?lost   |==|
        =    o     |==|
        -  ?other      |==|
        -    p         |==|
      `),
    );
    expect(summary.repeatedCalls).toEqual([]);
  });

  test('a kind change is a change; unspecified and internal are one kind (as OTLP advises)', () => {
    const { summary, drawn } = diffOf(
      `
      root [kind=server]        |========|
        call [kind=client]       |==|
        work [kind=internal]         |==|
      `,
      `
      root [kind=server]        |========|
        call [kind=server]       |==|
        work [kind=unspecified]      |==|
      `,
    );
    expect(drawn).toBe(
      dedent(`
        =* root                        |========|
        ~    call [kind client→server]  |==|
        =    work                           |==|
      `),
    );
    expect(summary.firstDivergence).toEqual({ node: 1, reason: 'kind', atNs: 1000 });
  });
});
