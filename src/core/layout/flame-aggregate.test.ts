import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiColumns } from '../../testing/ascii-columns.ts';
import { dedent } from '../../testing/ascii-trace.ts';
import { drawLanes } from '../../testing/draw-lanes.ts';
import { columnsFromOutline } from '../../testing/fake-columns.ts';
import { MISSING_PARENT_LABEL } from './columns-from-tree.ts';
import { type AggregateInput, aggregateFlame, type FlameAggregate } from './flame-aggregate.ts';
import { aggregateLayout } from './flame-aggregate-layout.ts';
import { frameDurationStats, frameSpansBySlowest } from './frame-stats.ts';
import type { TraceColumns } from './trace-columns.ts';

/** The frames as an indented outline (times in columns of 1000 ns): name, count, total, self, errors. */
function drawFrames(agg: FlameAggregate, cols: TraceColumns): string {
  const lines: string[] = [];
  for (let f = 0; f < agg.frameCount; f++) {
    const err = agg.errorCount[f] > 0 ? ` err=${agg.errorCount[f]}` : '';
    lines.push(
      `${'  '.repeat(agg.depth[f])}${frameLabel(agg, cols)(f)} ×${agg.count[f]} total=${agg.totalNs[f] / 1000} self=${agg.selfNs[f] / 1000}${err}`,
    );
  }
  return lines.join('\n');
}

function frameLabel(agg: FlameAggregate, cols: TraceColumns): (f: number) => string {
  return (f) => {
    const name = cols.strings[agg.name[f]];
    return name === MISSING_PARENT_LABEL ? '?' : name;
  };
}

function aggregateOf(drawing: string) {
  const cols = asciiColumns(drawing);
  const agg = aggregateFlame(cols);
  return {
    cols,
    agg,
    frames: drawFrames(agg, cols),
    lanes: (weight: 'total' | 'self') => drawLanes(aggregateLayout(agg, weight), frameLabel(agg, cols)),
  };
}

// Labels are span ids (one per line); `name=` gives several spans one name.
const callPaths = `
  root              |========================|
    a1 [name=a]      |====|
      d1 [name=db]    |==|
    b                       |====|
      d2 [name=db]           |==|
    a2 [name=a]                    |====|
      d3 [name=db err]              |==|
`;

describe('aggregateFlame', () => {
  it('merges one call path under two parents, not one name under two paths', () => {
    const { frames, agg } = aggregateOf(callPaths);
    expect(frames).toBe(
      dedent(`
        root ×1 total=25 self=10
          a ×2 total=10 self=4
            db ×2 total=6 self=6 err=1
          b ×1 total=5 self=2
            db ×1 total=3 self=3
      `),
    );
    expect(Array.from(agg.parent)).toEqual([-1, 0, 1, 0, 3]);
    expect(Array.from(agg.subtreeEnd)).toEqual([5, 3, 3, 5, 5]);
    // Spans per frame, node indices ascending; nodes in pre-order: root a1 d1 b d2 a2 d3.
    expect(Array.from(agg.spanStart)).toEqual([0, 1, 3, 5, 6, 7]);
    expect(Array.from(agg.spans)).toEqual([0, 1, 5, 2, 6, 3, 4]);
    expect(Array.from(agg.frameOf)).toEqual([0, 1, 2, 3, 4, 1, 2]);
  });

  it('numbers frames in pre-order, children in order of first appearance', () => {
    // y first appears after b, but its frame belongs to a's subtree.
    const { frames } = aggregateOf(`
      root            |==============|
        a1 [name=a]    |===|
          x             |=|
        b                    |==|
        a2 [name=a]               |==|
          y                        |=|
    `);
    expect(frames).toBe(
      dedent(`
        root ×1 total=15 self=5
          a ×2 total=7 self=3
            x ×1 total=2 self=2
            y ×1 total=2 self=2
          b ×1 total=3 self=3
      `),
    );
  });

  it('puts every orphan under one "missing parent" frame (?) and merges roots with one name', () => {
    const { frames, lanes } = aggregateOf(`
      r1a [name=r1]   |===|
      o1<ghost         |===|
      o2<ghost2           |=====|
      r1b [name=r1]         |===|
      r2                      |=|
    `);
    // Each missing parent spans its orphan.
    expect(frames).toBe(
      dedent(`
        r1 ×2 total=8 self=8
        ? ×2 total=10 self=0
          o1 ×1 total=4 self=4
          o2 ×1 total=6 self=6
        r2 ×1 total=2 self=2
      `),
    );
    expect(lanes('total')).toBe(
      dedent(`
        ?=========r1======r2
        o2====o1==
      `),
    );
  });

  it('finds the N+1 pattern: 10,000 calls on one path make one frame', () => {
    const lines = ['api GET 0..1000000'];
    for (let i = 0; i < 10_000; i++) lines.push(`  db select ${i * 100}..${i * 100 + 50}`);
    const cols = columnsFromOutline(lines.join('\n'));
    const agg = aggregateFlame(cols);
    expect(agg.frameCount).toBe(2);
    expect(agg.count[1]).toBe(10_000);
    expect(agg.totalNs[1]).toBe(500_000);
    expect(agg.spanStart[2] - agg.spanStart[1]).toBe(10_000);
  });
});

describe('aggregateLayout', () => {
  it('lays children widest first from their parent, in total and in cumulative self time', () => {
    const { lanes } = aggregateOf(callPaths);
    // total: root 25, a 10, b 5; self: root 10 + a (4 + 6) + b (2 + 3) = 25 too.
    const picture = dedent(`
      root=====================
      a=========b====
      db====    db=
    `);
    expect(lanes('total')).toBe(picture);
    expect(lanes('self')).toBe(picture);
  });

  it('self widths: cumulative self time, always inside the parent', () => {
    // c1 and c2 run in parallel: p's cumulative self time is 3 + 8 + 9 = 20, more than its 10 µs.
    const { lanes } = aggregateOf(`
      p    |=========|
        c1    |=======|
          g    |===|
        c2     |========|
    `);
    expect(lanes('self')).toBe(
      dedent(`
        p===================
        c2=======c1======
                 g===
      `),
    );
  });

  it("scales parallel children (and their descendants) down into their parent's total width", () => {
    //  p 10 µs; c1 8 and c2 8 run in parallel: 16 > 10, so both shrink by 10/16, and g (4) too.
    const { agg } = aggregateOf(`
      p    |=========|
        c1    |=======|
          g    |===|
        c2     |=======|
    `);
    const layout = aggregateLayout(agg, 'total');
    const box = (f: number) => [layout.x0[layout.slotOf[f]], layout.x1[layout.slotOf[f]]];
    // Frames: p 0, c1 1, g 2, c2 3 (equal widths: first frame first).
    expect([box(0), box(1), box(2), box(3)]).toEqual([
      [0, 10_000],
      [0, 5_000],
      [0, 2_500],
      [5_000, 10_000],
    ]);
    expect(agg.totalNs[2]).toBe(4_000); // the true total stays in the aggregate
  });

  it('keeps lanes sorted and inside the parent on random outlines (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ depthStep: fc.integer({ min: -2, max: 1 }), name: fc.nat(3), dur: fc.nat(20) }),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (items) => {
          // An outline from random depth steps; the start of each span is its index.
          let depth = 0;
          const outline = items.map((it, i) => {
            depth = i === 0 ? 0 : Math.max(0, depth + it.depthStep);
            return `${'  '.repeat(depth)}svc n${it.name} ${i}..${i + it.dur}`;
          });
          const agg = aggregateFlame(columnsFromOutline(outline.join('\n')));
          for (const weight of ['total', 'self'] as const) {
            const L = aggregateLayout(agg, weight);
            for (let l = 0; l < L.laneCount; l++)
              for (let s = L.laneStart[l] + 1; s < L.laneStart[l + 1]; s++)
                expect(L.x1[s - 1]).toBeLessThanOrEqual(L.x0[s]);
            for (let f = 0; f < agg.frameCount; f++) {
              const p = agg.parent[f];
              if (p < 0) continue;
              expect(L.x0[L.slotOf[f]]).toBeGreaterThanOrEqual(L.x0[L.slotOf[p]]);
              expect(L.x1[L.slotOf[f]]).toBeLessThanOrEqual(L.x1[L.slotOf[p]]);
            }
          }
        },
      ),
    );
  });
});

describe('frame statistics', () => {
  /** One root and one frame of children with these durations. */
  function oneFrame(durNs: number[]): { agg: FlameAggregate; c: AggregateInput } {
    const n = durNs.length + 1;
    const c: AggregateInput = {
      nodeCount: n,
      parent: Int32Array.from({ length: n }, (_, k) => (k === 0 ? -1 : 0)),
      depth: Uint32Array.from({ length: n }, (_, k) => (k === 0 ? 0 : 1)),
      subtreeEnd: Uint32Array.from({ length: n }, (_, k) => (k === 0 ? n : k + 1)),
      startNs: new Float64Array(n),
      endNs: Float64Array.from({ length: n }, (_, k) => (k === 0 ? 1e9 : durNs[k - 1])),
      selfNs: new Float64Array(n),
      service: new Uint32Array(n),
      name: Uint32Array.from({ length: n }, (_, k) => (k === 0 ? 0 : 1)),
      flags: new Uint8Array(n),
    };
    return { agg: aggregateFlame(c), c };
  }

  it('percentiles and slowest spans agree with a full sort (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 300 }),
        fc.nat(320),
        (durNs, limit) => {
          const { agg, c } = oneFrame(durNs);
          const sorted = [...durNs].sort((a, b) => a - b);
          const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
          expect(frameDurationStats(agg, c, 1)).toEqual({
            p50Ns: rank(50),
            p95Ns: rank(95),
            maxNs: sorted[sorted.length - 1],
          });
          // Node k + 1 has durNs[k]; slowest first, equal durations by node.
          const slowest = durNs
            .map((d, k) => [d, k + 1])
            .sort((a, b) => b[0] - a[0] || a[1] - b[1])
            .slice(0, limit)
            .map(([, node]) => node);
          expect(Array.from(frameSpansBySlowest(agg, c, 1, limit))).toEqual(slowest);
        },
      ),
      { numRuns: 300 },
    );
  });
});
