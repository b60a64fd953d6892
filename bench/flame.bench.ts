/**
 * Issue 8 / DESIGN §7, §9: the flame graph's layouts as the worker computes them, on the generator's
 * realistic 100k and 1M-span traces: the flame chart's lanes, and the aggregated flame graph (frames
 * per call path + their lanes, total and self widths). The browser figures (first paint after
 * switching views, frames while zooming) are in browser.bench.ts.
 */
import { generateLargeTrace } from '../src/core/demo/index.ts';
import { decodeInput } from '../src/core/formats/index.ts';
import { TraceSetBuilder } from '../src/core/model/span-table.ts';
import { TraceSession } from '../src/worker/trace-session.ts';
import { report } from './report.ts';

const NOW_MS = Date.UTC(2026, 10, 23, 12);
const encoder = new TextEncoder();
const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

function session(spanCount: number): TraceSession {
  const sink = new TraceSetBuilder();
  for (const r of generateLargeTrace({ seed: 7, nowMs: NOW_MS, spanCount }))
    decodeInput(encoder.encode(JSON.stringify(r)), sink);
  const [table] = sink.build();
  return new TraceSession(table, [table.traceId], true);
}

function bestMs(runs: number, run: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    run();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

for (const n of [100_000, 1_000_000]) {
  const s = session(n);
  const runs = n >= 1e6 ? 3 : 5;
  let lanes = 0;
  const timeMs = bestMs(runs, () => {
    lanes = s.flameTime().laneCount;
  });
  report({
    name: `flame.${label(n)}.timeLayoutMs`,
    value: timeMs,
    unit: 'ms',
    note: `flame chart lanes in the worker (${lanes} lanes; best of ${runs})`,
  });
  let frames = 0;
  const aggMs = bestMs(runs, () => {
    frames = s.flameAggregate('total').aggregate.frameCount;
  });
  report({
    name: `flame.${label(n)}.aggregateLayoutMs`,
    value: aggMs,
    unit: 'ms',
    target: n >= 1e6 ? '≤ 500' : undefined,
    ok: n >= 1e6 ? aggMs <= 500 : undefined,
    note: `${frames} frames from ${s.spanCount} spans, total-time widths (best of ${runs})`,
  });
}
