import { describe, expect, it } from 'vitest';
import { checkOtlpRequests, traceShapes } from '../../testing/check-otlp.ts';
import { decodeOtlpJson } from '../formats/otlp-json/decode.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import { type DemoRequest, generateLargeTrace, MAX_SPANS_PER_REQUEST, requestSpanCount } from './index.ts';

const NOW_MS = Date.UTC(2026, 10, 23, 3, 14, 15, 926);
const HOUR_NS = 3_600_000_000_000n;
const nowNs = BigInt(NOW_MS) * 1_000_000n;
const requests: DemoRequest[] = [...generateLargeTrace({ seed: 1, nowMs: NOW_MS, spanCount: 10_000 })];
const checked = checkOtlpRequests(requests);
const shapes = [...traceShapes(checked.spans).values()];

describe('generateLargeTrace', () => {
  it('gives exactly spanCount spans of one trace, in valid requests of ≤ 512 spans', () => {
    expect(checked.problems).toEqual([]);
    expect(checked.spans.length).toBe(10_000);
    expect(requests.length).toBe(Math.ceil(10_000 / MAX_SPANS_PER_REQUEST));
    for (const req of requests) expect(requestSpanCount(req)).toBeLessThanOrEqual(MAX_SPANS_PER_REQUEST);
    expect(shapes.length).toBe(1);
    expect(new Set(checked.spans.map((span) => span.spanId)).size).toBe(10_000);
  });

  it('builds one tree: one root, every parent present and sent no later than its children', () => {
    const [shape] = shapes;
    expect(shape.rootCount).toBe(1);
    expect(shape.orphans).toBe(0);
    expect(shape.outsideParent).toBe(0);
    const sentIn = new Map<string, number>();
    requests.forEach((req, n) => {
      for (const span of checkOtlpRequests([req]).spans) sentIn.set(span.spanId, n);
    });
    for (const span of checked.spans) {
      if (span.parentSpanId)
        expect(sentIn.get(span.parentSpanId)).toBeLessThanOrEqual(sentIn.get(span.spanId)!);
    }
  });

  it('is deep and wide, over several services', () => {
    const [shape] = shapes;
    expect(shape.maxDepth).toBeGreaterThanOrEqual(50);
    expect(shape.maxFanOut).toBeGreaterThanOrEqual(12);
    expect(shape.services.size).toBeGreaterThanOrEqual(8);
  });

  it('lies inside the hour before nowMs, every span lasting at least 1 µs', () => {
    for (const span of checked.spans) {
      expect(span.startNs >= nowNs - HOUR_NS && span.endNs <= nowNs).toBe(true);
      expect(span.endNs - span.startNs >= 1_000n).toBe(true);
    }
  });

  it('decodes with the project decoder without warnings', () => {
    const sink = new TraceSetBuilder();
    for (const req of requests) decodeOtlpJson(JSON.parse(JSON.stringify(req)), sink);
    const [table] = sink.build();
    expect(table.count).toBe(10_000);
    expect(table.warnings).toEqual([]);
    expect(sink.warnings).toEqual([]);
  });

  it('is deterministic per seed', () => {
    const again = [...generateLargeTrace({ seed: 1, nowMs: NOW_MS, spanCount: 10_000 })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(requests));
    const other = [...generateLargeTrace({ seed: 2, nowMs: NOW_MS, spanCount: 10_000 })];
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(requests));
  });

  it('gives exact counts for small and odd sizes', () => {
    for (const spanCount of [1, 2, 3, 7, 513, 999, 1_000, 1_001, 4_321]) {
      const result = checkOtlpRequests(generateLargeTrace({ seed: 3, nowMs: NOW_MS, spanCount }));
      expect(result.problems).toEqual([]);
      expect(result.spans.length).toBe(spanCount);
      const [shape] = traceShapes(result.spans).values();
      expect([shape.rootCount, shape.orphans, shape.outsideParent]).toEqual([1, 0, 0]);
    }
  });

  it('refuses a span count that is not a positive integer', () => {
    for (const spanCount of [0, -5, 1.5, Number.NaN]) {
      expect(() => generateLargeTrace({ seed: 1, nowMs: NOW_MS, spanCount })).toThrow(RangeError);
    }
  });
});
