/**
 * Timing of the diff, printed for the report and not asserted (the machine is shared): two 100k-span
 * traces (target ≤ 1 s), two 1M-span traces (≤ 5 s), both synthetic with a perturbed second run;
 * and two 100k-span demo jobs decoded from OTLP JSON with and without comparing attributes (whose
 * details must be decoded); B against 20 baselines of 1k spans (≤ 300 ms).
 */
import { expect, test } from 'vitest';
import { perturbTable } from '../../testing/perturb-table.ts';
import { randomTable } from '../../testing/random-table.ts';
import { generateLargeTrace } from '../demo/index.ts';
import { decodeInput } from '../formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../model/span-table.ts';
import { EMPTY_DETAILS } from '../model/types.ts';
import { buildTree } from '../tree/build-tree.ts';
import { compareWithTypical, diffTraces, summarizeDiff } from './index.ts';

function timeMs<T>(f: () => T): [T, number] {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
}

const tree = (table: SpanTable) => buildTree(table, { adjustClockSkew: false });

function timeSyntheticPair(spanCount: number): string {
  const base = randomTable({ spanCount, order: 'end' });
  const a = tree(base);
  const b = tree(perturbTable(base));
  const [diff, diffMs] = timeMs(() => diffTraces(a, b));
  const [summary, summaryMs] = timeMs(() => summarizeDiff(diff));
  const [, againMs] = timeMs(() => diffTraces(a, b));
  expect(summary.counts.matched).toBeGreaterThan(spanCount * 0.9);
  const c = summary.counts;
  return (
    `diff ${spanCount} spans: ${diffMs.toFixed(0)} ms (again ${againMs.toFixed(0)} ms) + summary ` +
    `${summaryMs.toFixed(0)} ms; ${diff.nodeCount} merged nodes, matched ${c.matched} (changed ` +
    `${c.changed}), added ${c.added}, removed ${c.removed}`
  );
}

/** A root with `starts.length` children of one name, starting at these offsets (µs). */
function fanOut(starts: readonly number[], traceId: string): SpanTable {
  const builder = new TraceSetBuilder();
  const base = 1_700_000_000_000_000_000n;
  const span = (i: number, parentId: string, startUs: number, durUs: number): void =>
    builder.add({
      traceId,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentId,
      name: i === 0 ? 'batch' : 'INSERT rows',
      service: 'db',
      kind: 3,
      status: 0,
      startNs: base + BigInt(startUs * 1000),
      durNs: BigInt(durUs * 1000),
      details: EMPTY_DETAILS,
    });
  span(0, '', 0, 1_000_000);
  starts.forEach((startUs, i) => {
    span(i + 1, '0000000000000001', startUs, 50);
  });
  return builder.build()[0];
}

function largeJob(seed: number, nowMs: number): SpanTable {
  const requests = [...generateLargeTrace({ seed, nowMs, spanCount: 100_000 })];
  const bytes = new TextEncoder().encode(
    JSON.stringify({ resourceSpans: requests.flatMap((r) => r.resourceSpans) }),
  );
  const sink = new TraceSetBuilder();
  decodeInput(bytes, sink);
  return sink.build()[0];
}

test('diff of two 100k-span traces (printed)', () => {
  console.log(timeSyntheticPair(100_000));
});

test('diff of two 1M-span traces (printed)', () => {
  console.log(timeSyntheticPair(1_000_000));
}, 300_000);

test('diff of 100k-span demo jobs, attributes compared or not (printed)', () => {
  const nowMs = Date.UTC(2026, 1, 1);
  const a = tree(largeJob(1, nowMs));
  // The same job an hour later (same shape and attributes), and another job (another shape).
  const again = tree(largeJob(1, nowMs + 3_600_000));
  const other = tree(largeJob(2, nowMs));
  for (const [what, b] of [
    ['the same job twice', again],
    ['two different jobs', other],
  ] as const) {
    const [plain, plainMs] = timeMs(() => diffTraces(a, b));
    const [, warmMs] = timeMs(() => diffTraces(a, b));
    const [compared, attributesMs] = timeMs(() => diffTraces(a, b, { attributes: true }));
    const c = summarizeDiff(compared).counts;
    expect(plain.attributesCompared).toBe(false);
    console.log(
      `diff of ${what} (100k-span demo jobs): ${plainMs.toFixed(0)} ms (warm ${warmMs.toFixed(0)} ms) without attributes, ` +
        `${attributesMs.toFixed(0)} ms comparing them (${c.matched * 2} details decoded); matched ` +
        `${c.matched} (changed ${c.changed}), added ${c.added}, removed ${c.removed}`,
    );
  }
}, 120_000);

test('one parent of 10k same-name children against 10k + 1, 9k and 5k (printed)', () => {
  const starts = Array.from({ length: 10_000 }, (_, i) => i * 100);
  const a = tree(fanOut(starts, 'a0000000000000000000000000000001'));
  const lines: string[] = [];
  for (const [what, bStarts, unmatchedUs] of [
    ['10k + a retry in the middle', [...starts.slice(0, 5_000), 499_950, ...starts.slice(5_000)], [499_950]],
    ['9k (every 10th missing)', starts.filter((_, i) => i % 10 !== 9), starts.filter((_, i) => i % 10 === 9)],
    ['5k (every other)', starts.filter((_, i) => i % 2 === 0), starts.filter((_, i) => i % 2 === 1)],
  ] as const) {
    const b = tree(fanOut(bStarts, 'b0000000000000000000000000000002'));
    const [diff, ms] = timeMs(() => diffTraces(a, b));
    const c = summarizeDiff(diff).counts;
    // The spans left over are the ones that were taken out or put in, not the last ones.
    const unmatched: number[] = [];
    for (let k = 0; k < diff.nodeCount; k++) if (diff.kind[k] >= 2) unmatched.push(diff.startNs[k] / 1000);
    expect(unmatched).toEqual(unmatchedUs);
    lines.push(`${what}: ${ms.toFixed(0)} ms (matched ${c.matched}, added ${c.added}, removed ${c.removed})`);
  }
  console.log(`10k children against ${lines.join('; ')}`);
});

test('comparison with the typical trace: 20 baselines of 1k spans (printed)', () => {
  const base = randomTable({ spanCount: 1_000, order: 'end' });
  const baselines = Array.from({ length: 20 }, (_, i) =>
    tree(perturbTable(base, { seed: i + 1, rate: 0.02 })),
  );
  const b = tree(perturbTable(base, { seed: 100, rate: 0.05 }));
  const [cmp, firstMs] = timeMs(() => compareWithTypical(b, baselines));
  const [, warmMs] = timeMs(() => compareWithTypical(b, baselines));
  let flagged = 0;
  for (const f of cmp.flags) if (f !== 0) flagged++;
  expect(cmp.baselineCount).toBe(20);
  console.log(
    `typical of 20 × 1k spans: ${firstMs.toFixed(0)} ms (warm ${warmMs.toFixed(0)} ms; target ≤ 300 ms); ` +
      `${flagged} flagged spans, ${cmp.ghosts.length} ghosts, earliest ${cmp.earliest?.reason}`,
  );
});
