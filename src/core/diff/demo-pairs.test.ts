/**
 * The demo set's healthy/failing pairs of one request (core/demo): the diff must find where the
 * failure starts. The generator breaks one dependency per pair and the failing trace's first error
 * with no failing call below it is that break (the fraud query cancelled at the deadline, the
 * catalog's database refusing connections, the cart's Redis timing out); the first divergence must
 * lie in the call that broke — that very span, or a call its parent then made or skipped — and the
 * retry the services make must show as a repeated call, once more in B.
 */
import { describe, expect, test } from 'vitest';
import { type DemoTraceInfo, describeDemoData, generateDemoData } from '../demo/index.ts';
import { decodeOtlpJson } from '../formats/otlp-json/decode.ts';
import { spanName, spanService, TraceSetBuilder } from '../model/span-table.ts';
import { StatusCode } from '../model/types.ts';
import { buildTree } from '../tree/build-tree.ts';
import type { TraceTree } from '../tree/types.ts';
import { diffTraces, summarizeDiff } from './index.ts';

const OPTS = { seed: 1, nowMs: Date.UTC(2026, 10, 23, 3, 14, 15, 926) };

function demoTrees(): Map<string, TraceTree> {
  const sink = new TraceSetBuilder();
  for (const req of generateDemoData(OPTS)) decodeOtlpJson(JSON.parse(JSON.stringify(req)), sink);
  return new Map(sink.build().map((t) => [t.traceId, buildTree(t, { adjustClockSkew: false })]));
}

function demoPairs(): { healthy: DemoTraceInfo; failing: DemoTraceInfo }[] {
  const pairs = new Map<number, Partial<Record<'healthy' | 'failing', DemoTraceInfo>>>();
  for (const t of describeDemoData(OPTS))
    if (t.pair) pairs.set(t.pair.id, { ...pairs.get(t.pair.id), [t.pair.role]: t });
  return [...pairs.values()].map((p) => ({ healthy: p.healthy!, failing: p.failing! }));
}

/** The earliest-starting span in error with no span in error below it: where the generator broke B. */
function brokenCall(tree: TraceTree): number {
  const failed = (k: number) => tree.row[k] >= 0 && tree.table.statuses[tree.row[k]] === StatusCode.Error;
  let found = -1;
  for (let k = 0; k < tree.nodeCount; k++) {
    if (!failed(k)) continue;
    let below = false;
    for (let d = k + 1; d < tree.subtreeEnd[k] && !below; d++) below = failed(d);
    if (!below && (found < 0 || tree.startNs[k] < tree.startNs[found])) found = k;
  }
  return found;
}

/** What each page's fault breaks (demo-set.ts FAULT_OF), and the call its service then retries. */
const BROKEN: Record<string, { service: string; name: string }> = {
  checkout: { service: 'fraud-detection', name: 'SELECT payment_history' },
  product: { service: 'product-catalog', name: 'SELECT products' },
  'cart-add': { service: 'cart', name: 'HGETALL' },
};
const RETRIED: Record<string, { service: string; name: string }> = {
  checkout: { service: 'payment', name: 'shop.fraud.v1.FraudDetectionService/Score' },
  product: { service: 'product-catalog', name: 'SELECT products' },
  'cart-add': { service: 'cart', name: 'HGETALL' },
};

describe('demo pairs: healthy (A) against failing (B)', () => {
  const trees = demoTrees();
  const pairs = demoPairs();

  test('there are pairs of every kind the generator makes', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(6);
    expect(new Set(pairs.map((p) => p.healthy.scenario))).toEqual(new Set(Object.keys(BROKEN)));
  });

  test.each(pairs.map((p) => [p.healthy.scenario, p.healthy.traceId, p] as const))(
    '%s %s: the first divergence is in the call the fault broke',
    (scenario, _id, { healthy, failing }) => {
      const a = trees.get(healthy.traceId)!;
      const b = trees.get(failing.traceId)!;
      const diff = diffTraces(a, b);
      const summary = summarizeDiff(diff);
      const broken = brokenCall(b);
      expect({
        service: spanService(b.table, b.row[broken]),
        name: spanName(b.table, b.row[broken]),
      }).toEqual(BROKEN[scenario]);

      const first = summary.firstDivergence!;
      expect(first).not.toBeNull();
      const brokenNode = diff.nodeOfB[broken];
      // The broken span itself, or a sibling its parent started or skipped because of it.
      expect(first.node === brokenNode || diff.parent[first.node] === diff.parent[brokenNode]).toBe(true);
      expect(first.atNs).toBeLessThanOrEqual(b.endNs[broken]);
      expect(diff.depth[first.node]).toBeGreaterThanOrEqual(4);
      expect(summary.errorsOnlyInB).toContain(brokenNode);
      expect(summary.errorsOnlyInB).toContain(diff.nodeOfB[0]);
      // The service tried twice: two calls in B, one or none (a cache hit) in A.
      expect(summary.repeatedCalls).toContainEqual(
        expect.objectContaining({ ...RETRIED[scenario], countB: 2, countA: expect.any(Number) }),
      );
      const retry = summary.repeatedCalls.find((r) => r.name === RETRIED[scenario].name)!;
      expect(retry.countA).toBeLessThan(2);
    },
  );
});
