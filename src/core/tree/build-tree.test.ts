import { describe, expect, test } from 'vitest';
import { asciiTrace, dedent, drawTree, idOf } from '../../testing/ascii-trace.ts';
import { buildTree } from './build-tree.ts';
import { NodeFlag, type TraceTree } from './types.ts';

function build(drawing: string, warnings?: string[]): TraceTree {
  return buildTree(asciiTrace(drawing, { warnings }), { adjustClockSkew: false });
}

/** The tree drawn back, to compare with an expected drawing. */
function drawn(drawing: string): string {
  return drawTree(build(drawing));
}

describe('buildTree: tree shape', () => {
  test('several roots in start order; children sorted by start, ties in input order', () => {
    const tree = build(`
      b            |====|
      root       |==========|
        y           |==|
        x          |=|
        z           |==|
    `);
    expect(drawTree(tree)).toBe(
      dedent(`
        root |==========|
          x    |=|
          y     |==|
          z     |==|
        b      |====|
      `),
    );
    expect(tree.summary).toMatchObject({ spanCount: 5, rootCount: 2, orphanCount: 0, maxDepth: 1 });
    expect(tree.summary.durationUs).toBe(11);
    expect(tree.warnings.map((w) => w.kind)).toEqual(['multiple-roots']);
  });

  test('orphans sit under one synthetic node per missing parent id, and count depth 0', () => {
    const tree = build(`
      root    |========|
        a      |==|
      o1<gone    |=|
      o2<gone      |==|
      o3<lost   |=|
        o3c      |
    `);
    expect(drawTree(tree)).toBe(
      dedent(`
        root          |========|
          a            |==|
        ?lost           |=|
          o3 [orphan]   |=|
            o3c          |
        ?gone            |====|
          o1 [orphan]    |=|
          o2 [orphan]      |==|
      `),
    );
    const ghost = tree.nodeOfRow[2] - 1;
    expect(tree.row[ghost]).toBe(-1);
    expect(tree.nodeFlags[ghost]).toBe(NodeFlag.MissingParent);
    expect(tree.spanIdOf(ghost)).toBe(idOf('gone'));
    expect(tree.summary).toMatchObject({ spanCount: 6, rootCount: 1, orphanCount: 3, maxDepth: 1 });
    expect(tree.warnings).toEqual([
      { kind: 'orphans', count: 3, message: '3 orphan spans (parent not in the trace; 2 missing parents)' },
    ]);
  });

  test('exact copies count once; a different span with the same id is kept, children go to the first', () => {
    const tree = build(`
      root   |========|
        a     |==|
        a     |==|
        a     |==|
        a [name=b]   |=|
        c<a     |=|
    `);
    expect(drawTree(tree)).toBe(
      dedent(`
        root      |========|
          a        |==|
            c        |=|
          b [dup]         |=|
      `),
    );
    expect(Array.from(tree.nodeOfRow)).toEqual([0, 1, -1, -1, 3, 2]);
    expect(tree.spanIdOf(3)).toBe(idOf('a'));
    expect(tree.summary.spanCount).toBe(4);
    expect(tree.warnings.map((w) => [w.kind, w.count])).toEqual([
      ['copies', 2],
      ['duplicate-ids', 1],
    ]);
  });

  test('Zipkin shared ids: server halves under the client; children by the window holding their start', () => {
    const tree = build(`
      root                   |==================|
        rpc [kind=client]     |================|
        rpc [shared svc=b name=srv1] |=====|
        rpc [shared svc=b name=srv2]        |=======|
      k1<rpc [svc=b]                 |=|
      k2<rpc [svc=b]                          |=|
      k3<rpc [svc=b]                                    |
    `);
    // k3 starts in no server window: it goes to the first half.
    expect(drawTree(tree)).toBe(
      dedent(`
        root     |==================|
          rpc     |================|
            srv1         |=====|
              k1         |=|
              k3                            |
            srv2                |=======|
              k2                  |=|
      `),
    );
    expect(tree.summary).toMatchObject({ spanCount: 7, rootCount: 1, maxDepth: 3, services: ['b', 'svc'] });
    expect(tree.warnings).toEqual([]);
  });

  test('a shared id with two non-shared spans falls back to the general duplicate rule', () => {
    expect(
      drawn(`
        root                   |==================|
          rpc [kind=client]     |================|
          rpc [kind=client name=again] |====|
          rpc [shared svc=b name=srv]  |=====|
        k1<rpc [svc=b]                  |=|
      `),
    ).toBe(
      dedent(`
        root          |==================|
          rpc          |================|
            k1                 |=|
          again [dup]         |====|
          srv [dup]           |=====|
      `),
    );
  });

  test('parent cycles and self-parents are cut at the member that starts first', () => {
    const tree = build(`
      root |======|
      a<b    |==|
      b<a   |====|
      c<b     |=|
      s<s  |=|
    `);
    expect(drawTree(tree)).toBe(
      dedent(`
        root      |======|
        s [cycle] |=|
        b [cycle]  |====|
          a         |==|
          c          |=|
      `),
    );
    // Cut spans are neither roots nor orphans (they have a parent id, and it is in the trace).
    expect(tree.summary).toMatchObject({ spanCount: 5, rootCount: 1, orphanCount: 0, maxDepth: 1 });
    expect(tree.warnings.map((w) => [w.kind, w.count])).toEqual([['cycles', 2]]);
  });

  test('a long cycle without any start time still terminates', () => {
    const tree = build(`
      a<c [nostart nodur]
      b<a [nostart nodur]
      c<b [nostart nodur]
    `);
    expect(drawTree(tree)).toBe(
      dedent(`
        a [cycle nostart nodur] |
          b [nostart nodur]     |
            c [nostart nodur]   |
      `),
    );
    expect(tree.summary.durationUs).toBe(0);
  });
});

describe('buildTree: times', () => {
  test('no start: the parent start (a root: the earliest start); no or negative duration: 0', () => {
    const tree = build(`
      root [nostart]  |=====|
        a              |========|
          b [nostart]      |==|
          c [nodur]       |==|
          d [dur=-2]      |==|
    `);
    expect(drawTree(tree)).toBe(
      dedent(`
        root [nostart]  |=====|
          a             |========|
            b [nostart] |==|
            c [nodur]      |
            d [nodur]      |
      `),
    );
    expect(tree.summary.durationUs).toBe(9);
    expect(tree.warnings).toEqual([
      {
        kind: 'missing-times',
        count: 4,
        message: '2 spans without a start time, 2 spans without a valid duration',
      },
    ]);
  });

  test('an orphan without a start starts at the earliest start; a child of a Zipkin id without one, in the first half', () => {
    expect(
      drawn(`
        root                |==========|
          rpc [kind=client]  |========|
          rpc [shared svc=b name=s1]  |==|
          rpc [shared svc=b name=s2]      |==|
        k<rpc [svc=b nostart]              |=|
        o<gone [nostart]                   |=|
      `),
    ).toBe(
      dedent(`
        root                 |==========|
          rpc                 |========|
            s1                         |==|
              k [nostart]              |=|
            s2                             |==|
        ?gone                |=|
          o [orphan nostart] |=|
      `),
    );
  });

  test('durationUs is rounded down from nanoseconds and uses raw (unadjusted) times', () => {
    const table = asciiTrace(
      `
        root [svc=a] |==========|
          late [svc=b]          |=======|
      `,
      { unitNs: 1500 },
    );
    const raw = buildTree(table, { adjustClockSkew: false });
    const adjusted = buildTree(table, { adjustClockSkew: true });
    // 19 columns of 1.5 µs = 28.5 µs → 28.
    expect(raw.summary.durationUs).toBe(28);
    expect(adjusted.nodeFlags[1] & NodeFlag.SkewAdjusted).toBeTruthy();
    expect(adjusted.summary).toEqual(raw.summary);
  });

  test('parent, depth, subtreeEnd, childCount and times agree with the drawing', () => {
    const tree = build(`
      r  |========|
        a |===|
          b |=|
        c      |==|
    `);
    expect(Array.from(tree.parent)).toEqual([-1, 0, 1, 0]);
    expect(Array.from(tree.depth)).toEqual([0, 1, 2, 1]);
    expect(Array.from(tree.subtreeEnd)).toEqual([4, 3, 3, 4]);
    expect(Array.from(tree.childCount)).toEqual([2, 1, 0, 0]);
    expect(Array.from(tree.startNs)).toEqual([0, 1000, 3000, 6000]);
    expect(Array.from(tree.endNs)).toEqual([9000, 5000, 5000, 9000]);
  });
});

describe('buildTree: summary', () => {
  test('services sorted, errors counted, decoder warnings first', () => {
    const tree = build(
      `
        root [svc=web err]  |======|
          q [svc=db err]     |==|
          r [svc=auth]        |==|
      `,
      ['unknown span kind 9 at $.spans[2]'],
    );
    expect(tree.summary).toEqual({
      traceId: tree.table.traceId,
      format: 'ascii',
      spanCount: 3,
      rootCount: 1,
      orphanCount: 0,
      maxDepth: 1,
      durationUs: 7,
      services: ['auth', 'db', 'web'],
      errorCount: 2,
      warnings: ['unknown span kind 9 at $.spans[2]'],
    });
    expect(tree.warnings).toEqual([
      { kind: 'decoder', count: 1, message: 'unknown span kind 9 at $.spans[2]' },
    ]);
    expect(Array.from(tree.nodeFlags)).toEqual([NodeFlag.Error, NodeFlag.Error, 0]);
  });

  test('an empty table gives an empty tree', () => {
    const table = asciiTrace('x |=|');
    const empty = { ...table, count: 0, spanIds: [], parentIds: [], startNs: new Float64Array(0) };
    const tree = buildTree({ ...empty, durNs: new Float64Array(0) }, { adjustClockSkew: true });
    expect(tree.nodeCount).toBe(0);
    expect(tree.summary).toMatchObject({
      spanCount: 0,
      rootCount: 0,
      maxDepth: 0,
      durationUs: 0,
      services: [],
    });
  });

  test('non-canonical ids still resolve exactly (fallback index)', () => {
    const table = asciiTrace(`
      root |====|
        a   |=|
    `);
    const ids = ['ROOT', 'A'];
    const tree = buildTree({ ...table, spanIds: ids, parentIds: ['', 'ROOT'] }, { adjustClockSkew: false });
    expect(Array.from(tree.parent)).toEqual([-1, 0]);
    expect(tree.spanIdOf(1)).toBe('A');
  });

  test('hostile: 100,000 different spans with one id, all their own parent, stay fast and exact', () => {
    const n = 100_000;
    const base = asciiTrace('x<x |=|');
    const table = {
      ...base,
      count: n,
      spanIds: new Array<string>(n).fill(base.spanIds[0]),
      parentIds: new Array<string>(n).fill(base.spanIds[0]),
      startNs: Float64Array.from({ length: n }, (_, i) => i),
      durNs: new Float64Array(n).fill(10),
      names: new Uint32Array(n),
      services: new Uint32Array(n).fill(base.services[0]),
      kinds: new Uint8Array(n),
      statuses: new Uint8Array(n),
      flags: new Uint8Array(n),
      eventStart: new Uint32Array(n + 1),
    };
    const tree = buildTree(table, { adjustClockSkew: true });
    // The first span is its own parent (cut); every later one is a duplicate under it.
    expect(tree.nodeFlags[0]).toBe(NodeFlag.CycleBroken);
    expect(tree.childCount[0]).toBe(n - 1);
    expect(tree.summary).toMatchObject({ spanCount: n, rootCount: 0, orphanCount: 0, maxDepth: 1 });
    expect(tree.warnings.map((w) => [w.kind, w.count])).toEqual([
      ['duplicate-ids', n - 1],
      ['cycles', 1],
    ]);
  });
});
