import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiColumns } from '../../testing/ascii-columns.ts';
import { dedent } from '../../testing/ascii-trace.ts';
import { drawLanes } from '../../testing/draw-lanes.ts';
import { preOrderNodes, preOrderNodesArb } from '../../testing/random-nodes.ts';
import type { PreOrderNodes } from '../tree/types.ts';
import { flameTimeLayout } from './flame-time-layout.ts';

/** The lanes of a drawn trace drawn back, and [lane, block height] of the span named `name`. */
function lanesOf(drawing: string): { picture: string; blockOf: (name: string) => number[] } {
  const cols = asciiColumns(drawing);
  const layout = flameTimeLayout(cols);
  const nodeOf = (name: string) => cols.name.indexOf(cols.strings.indexOf(name));
  return {
    picture: drawLanes(layout, cols),
    blockOf: (name) => [layout.laneOf[nodeOf(name)], layout.blockLanes[nodeOf(name)]],
  };
}

describe('flameTimeLayout', () => {
  it('puts siblings that overlap in time on extra lanes, and reuses a lane once it is free', () => {
    const { picture } = lanesOf(`
      root |==================|
        a   |======|
        b     |======|
        c       |======|
        d              |===|
    `);
    expect(picture).toBe(
      dedent(`
        root===============
         a======    d===
           b======
             c======
      `),
    );
  });

  it("packs a child's block inside its parent's block, below the child", () => {
    const { picture, blockOf } = lanesOf(`
      root |==================|
        a   |=====|
          a1 |===|
          a2  |===|
        b         |====|
    `);
    // a's block is lanes 1..3 and ends where b starts: b reuses lane 1.
    expect(picture).toBe(
      dedent(`
        root===============
         a=====b====
          a1==
           a2==
      `),
    );
    expect(blockOf('root')).toEqual([0, 4]);
    expect(blockOf('a')).toEqual([1, 3]);
    expect(blockOf('a1')).toEqual([2, 1]);
    expect(blockOf('b')).toEqual([1, 1]);
  });

  it('moves whole blocks: a grandchild overlapping a later sibling of its parent pushes that sibling down', () => {
    // g sticks out of a (raw times), so a's block reaches 16 and b goes below it; c starts before
    // a's block ends and goes below b.
    const { picture } = lanesOf(`
      root |==================|
        a   |====|
          g   |=======|
        b         |====|
        c            |===|
    `);
    expect(picture).toBe(
      dedent(`
        root===============
         a====
           g=======
               b====
                  c===
      `),
    );
  });

  it('keeps a child that starts before its parent (raw times) clear of earlier siblings', () => {
    const { picture } = lanesOf(`
      root |==================|
        a   |==|
        b        |======|
          g    |====|
    `);
    expect(picture).toBe(
      dedent(`
        root===============
         a==  b======
            g====
      `),
    );
  });

  it('lays sequential siblings on one lane and lets zero-duration spans touch', () => {
    // z1 and z2 are instants at a's end; z3 is an instant inside b.
    const { picture, blockOf } = lanesOf(`
      root |============|
        a    |===|
        z1       |
        z2       |
        b         |==|
        z3          |
    `);
    expect(picture).toBe(
      dedent(`
        root=========
          a===|b==
                 |
      `),
    );
    expect([blockOf('z1'), blockOf('z2'), blockOf('z3')]).toEqual([
      [1, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it('packs several roots and "missing parent" nodes (?) with their orphans from lane 0', () => {
    const { picture } = lanesOf(`
      root |============|
      r2      |===========|
        c      |==|
      r3        |==|
      o1<ghost   |===|
      o2<ghost     |====|
      o3<other  |=|
    `);
    // r3 and the two missing parents start while lanes 0..2 are busy.
    expect(picture).toBe(
      dedent(`
        root=========
           r2==========
            c==
             r3=
             ?=
             o3
              ?======
              o1==
                o2===
      `),
    );
  });

  it('lays a span with 100,000 children that all overlap on 100,000 lanes, quickly', () => {
    const n = 100_001;
    const parentOf = Int32Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0));
    const startNs = Float64Array.from({ length: n }, (_, i) => i);
    const endNs = Float64Array.from({ length: n }, () => 1e6);
    const nodes = preOrderNodes(parentOf, startNs, endNs);
    const t0 = performance.now();
    const layout = flameTimeLayout(nodes);
    const ms = performance.now() - t0;
    console.log(`flameTimeLayout, 100k overlapping children: ${ms.toFixed(0)} ms`);
    expect(layout.laneCount).toBe(n);
    expect(layout.laneOf[n - 1]).toBe(n - 1);
    expectValid(nodes);
  });

  it('lays a span with 100,000 sequential children on one lane, quickly', () => {
    const n = 100_001;
    const parentOf = Int32Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0));
    const startNs = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : (i - 1) * 10));
    const endNs = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1e6 : i * 10));
    const nodes = preOrderNodes(parentOf, startNs, endNs);
    const t0 = performance.now();
    const layout = flameTimeLayout(nodes);
    const ms = performance.now() - t0;
    console.log(`flameTimeLayout, 100k sequential children: ${ms.toFixed(0)} ms`);
    expect(layout.laneCount).toBe(2);
    expect(layout.laneStart[2] - layout.laneStart[1]).toBe(n - 1);
    expectValid(nodes);
  });

  it('packs a deep chain whose every link has many parallel children in near-linear time', () => {
    // Each of 5,000 links has 17 leaves overlapping the rest of the chain: the leaves go below the
    // chain's block, so block heights grow with depth (lane-per-lane packing would be quadratic).
    const depth = 5_000;
    const leaves = 17;
    const n = depth * (leaves + 1);
    const parentOf = new Int32Array(n);
    const startNs = new Float64Array(n);
    const endNs = new Float64Array(n);
    for (let d = 0; d < depth; d++) {
      const link = d * (leaves + 1);
      parentOf[link] = d === 0 ? -1 : link - leaves - 1;
      startNs[link] = d;
      endNs[link] = 1e9 - d;
      for (let j = 1; j <= leaves; j++) {
        parentOf[link + j] = link;
        startNs[link + j] = d + 0.5;
        endNs[link + j] = d + 1 + j;
      }
    }
    const nodes = preOrderNodes(parentOf, startNs, endNs);
    const t0 = performance.now();
    const layout = flameTimeLayout(nodes);
    const ms = performance.now() - t0;
    console.log(`flameTimeLayout, chain of 5,000 links with 17 parallel leaves each: ${ms.toFixed(0)} ms`);
    expect(layout.laneCount).toBe(n);
    expectValid(nodes);
  });

  it('keeps its promises on random trees with raw times (fast-check)', () => {
    fc.assert(
      fc.property(preOrderNodesArb(), (nodes) => {
        expectValid(nodes);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its promises on wide random trees, where many children are packed (fast-check)', () => {
    fc.assert(
      fc.property(preOrderNodesArb(120, 3), (nodes) => {
        expectValid(nodes);
      }),
      { numRuns: 200 },
    );
  });
});

/** Every promise of the layout, checked the slow way. */
function expectValid(t: PreOrderNodes): void {
  const L = flameTimeLayout(t);
  const n = t.nodeCount;
  const broken: string[] = [];
  // Lanes sorted by x0, no overlap (touching allowed), slots and lanes consistent.
  if (L.laneStart[L.laneCount] !== n) broken.push('slot count');
  for (let l = 0; l < L.laneCount; l++) {
    for (let s = L.laneStart[l]; s < L.laneStart[l + 1]; s++) {
      const k = L.item[s];
      if (L.laneOf[k] !== l || L.slotOf[k] !== s) broken.push(`slot ${s}: lane/slot of node ${k}`);
      if (L.x0[s] !== t.startNs[k] || L.x1[s] !== t.endNs[k]) broken.push(`slot ${s}: x of node ${k}`);
      if (s > L.laneStart[l] && L.x1[s - 1] > L.x0[s]) broken.push(`lane ${l}: slot ${s} overlaps`);
    }
  }
  if (n <= 200) broken.push(...blockViolations(t, L));
  expect(broken).toEqual([]);
}

/** Blocks inside their parent's, below it, first fit among earlier siblings (quadratic). */
function blockViolations(t: PreOrderNodes, L: ReturnType<typeof flameTimeLayout>): string[] {
  const { nodeCount: n, parent, subtreeEnd } = t;
  const broken: string[] = [];
  const fromNs = (k: number) => Math.min(...t.startNs.subarray(k, subtreeEnd[k]));
  const toNs = (k: number) => Math.max(...t.endNs.subarray(k, subtreeEnd[k]));
  for (let k = 0; k < n; k++) {
    const p = parent[k];
    const top = p < 0 ? 0 : L.laneOf[p] + 1;
    const bottom = p < 0 ? L.laneCount : L.laneOf[p] + L.blockLanes[p];
    if (L.laneOf[k] < top || L.laneOf[k] + L.blockLanes[k] > bottom)
      broken.push(`node ${k} outside its parent's block`);
    const earlier: number[] = [];
    for (let c = p < 0 ? 0 : p + 1; c < k; c = subtreeEnd[c]) earlier.push(c);
    // An earlier sibling's block still busy at k's start, on lanes of k's block placed at `lane`.
    const collides = (lane: number, c: number) =>
      toNs(c) > fromNs(k) && L.laneOf[c] < lane + L.blockLanes[k] && lane < L.laneOf[c] + L.blockLanes[c];
    if (earlier.some((c) => collides(L.laneOf[k], c)))
      broken.push(`node ${k}: its block overlaps a sibling's`);
    for (let lane = top; lane < L.laneOf[k]; lane++)
      if (!earlier.some((c) => collides(lane, c)))
        broken.push(`node ${k}: not first fit (lane ${lane} was free)`);
  }
  return broken;
}
