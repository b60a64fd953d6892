import { describe, expect, test } from 'vitest';
import { asciiTrace, dedent, drawTree } from '../../testing/ascii-trace.ts';
import { fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { decodeInput } from '../formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../model/span-table.ts';
import { buildTree } from './build-tree.ts';
import { skewDeltaNs } from './clock-skew.ts';
import { NodeFlag } from './types.ts';

function skewed(drawing: string): string {
  return drawTree(buildTree(asciiTrace(drawing), { adjustClockSkew: true }));
}

describe('clock-skew adjustment (hand-drawn)', () => {
  test('a child on another service that starts too early is centred in its parent, with its subtree', () => {
    // b (5 wide) in root (11 wide): 3 columns of latency each side, so b moves by +5. c (same
    // service as b) moves with b; d (another service) is then compared with the moved b, does not
    // fit it, and is centred in it: 1 column each side.
    expect(
      skewed(`
        root [svc=a]      |==========|
          b [svc=b]     |====|
            c [svc=b]    |=|
            d [svc=c]       |==|
      `),
    ).toBe(
      dedent(`
        root         |==========|
          b [skew]      |====|
            c [skew]     |=|
            d [skew]     |==|
      `),
    );
  });

  test('a child longer than its parent is only aligned to the parent start', () => {
    expect(
      skewed(`
        root [svc=a]      |====|
          early [svc=b] |========|
          late [svc=b]       |========|
      `),
    ).toBe(
      dedent(`
        root           |====|
          early [skew] |========|
          late            |========|
      `),
    );
  });

  test('spans that fit, spans on the same service and orphans are never moved', () => {
    expect(
      skewed(`
        root [svc=a]   |==========|
          fits [svc=b]   |====|
          same [svc=a]          |======|
        o<gone [svc=z]  |==|
      `),
    ).toBe(
      dedent(`
        root         |==========|
          fits         |====|
          same                |======|
        ?gone         |==|
          o [orphan]  |==|
      `),
    );
  });

  test('an unknown service never counts as the same host', () => {
    const tree = buildTree(
      asciiTrace(`
        root [svc=unknown_service]   |======|
          kid [svc=unknown_service]          |==|
      `),
      { adjustClockSkew: true },
    );
    expect(Array.from(tree.startNs)).toEqual([0, 2000]);
    expect(tree.warnings).toEqual([
      {
        kind: 'clock-skew',
        count: 1,
        message: '1 span shifted to fit in its parent (clock-skew adjustment)',
      },
    ]);
  });

  test('skewDeltaNs follows Jaeger calculateSkew', () => {
    expect(skewDeltaNs(100, 200, 120, 150)).toBe(0);
    expect(skewDeltaNs(100, 200, 50, 90)).toBe(100 + 30 - 50);
    expect(skewDeltaNs(100, 200, 50, 300)).toBe(50);
    expect(skewDeltaNs(100, 200, 150, 400)).toBe(0);
    // Odd latency rounds down to whole nanoseconds.
    expect(skewDeltaNs(0, 11, 20, 30)).toBe(-20);
  });
});

function fixtureTable(rel: string): SpanTable {
  const sink = new TraceSetBuilder();
  decodeInput(readFixture(rel), sink);
  return sink.build()[0];
}

describe.runIf(fixturesPresent)('clock skew on zipkin-lens-skew.json', () => {
  const table = fixtureTable('zipkin-v2-json/zipkin-lens-skew.json');
  const unitNs = 5_000_000;

  test('raw: the server half (and its async child) start 65 ms before the client half', () => {
    const tree = buildTree(table, { adjustClockSkew: false });
    expect(drawTree(tree, { unitNs })).toBe(
      dedent(`
        get                     |===================|
          post                   |==================|
            post    |==================|
              async |============|
      `),
    );
    expect(tree.summary).toMatchObject({
      spanCount: 4,
      rootCount: 1,
      orphanCount: 0,
      maxDepth: 3,
      durationUs: 161718,
      services: ['servicea', 'serviceb'],
    });
  });

  test('adjusted: the server half is centred in the client half (481 µs each side), async moves with it', () => {
    const tree = buildTree(table, { adjustClockSkew: true });
    expect(drawTree(tree, { unitNs })).toBe(
      dedent(`
        get                |===================|
          post              |==================|
            post [skew]     |==================|
              async [skew]  |============|
      `),
    );
    const us = (ns: number): number => ns / 1000;
    expect(Array.from(tree.startNs, us)).toEqual([62307, 65441, 65922, 65923]);
    expect(Array.from(tree.endNs, us)).toEqual([161718, 159980, 159499, 130923]);
    expect(tree.nodeFlags[2] & NodeFlag.SkewAdjusted).toBe(NodeFlag.SkewAdjusted);
    expect(tree.warnings.map((w) => [w.kind, w.count])).toEqual([['clock-skew', 2]]);
    // The summary is the same with or without adjustment (raw times, no skew warning).
    expect(tree.summary).toEqual(buildTree(table, { adjustClockSkew: false }).summary);
  });
});
