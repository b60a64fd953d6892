import { describe, expect, test } from 'vitest';
import { checkTree } from '../../testing/check-tree.ts';
import { fixturesPresent, listFixtures, readFixture } from '../../testing/fixtures.ts';
import { decodeInput, FormatError } from '../formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../model/span-table.ts';
import { buildTree } from './build-tree.ts';

function tablesOf(rel: string): SpanTable[] | null {
  const sink = new TraceSetBuilder();
  try {
    decodeInput(readFixture(rel), sink);
  } catch (e) {
    if (e instanceof FormatError) return null;
    throw e;
  }
  return sink.build();
}

// Expected values were cross-checked against an independent, naive implementation of DESIGN §2.
const EXPECTED: Record<string, object> = {
  'zipkin-v2-json/zipkin-lens-smartthings-mobile-web-install.json': {
    spanCount: 1041,
    rootCount: 1,
    orphanCount: 0,
    maxDepth: 36,
    durationUs: 306017245,
    errorCount: 2,
  },
  'zipkin-v2-json/zipkin-lens-netflix.json': {
    spanCount: 7,
    rootCount: 1,
    orphanCount: 0,
    maxDepth: 2,
    durationUs: 37000,
    services: ['api', 'apip', 'session_logs', 'unknown_service'],
  },
  'zipkin-v2-json/zipkin-lens-messaging2.json': { spanCount: 11, rootCount: 1, orphanCount: 6, maxDepth: 2 },
  'zipkin-v2-json/zipkin-lens-yelp.json': { spanCount: 16, rootCount: 1, maxDepth: 4, durationUs: 131848 },
  'zipkin-v2-json/zipkin-lens-ascend.json': { spanCount: 8, rootCount: 1, maxDepth: 3, durationUs: 38793 },
  'otlp-json/jaeger-integ-example_trace.json': { spanCount: 5, rootCount: 5, maxDepth: 0, durationUs: 100 },
  'otlp-json/jui-otlp2jaeger-in.json': { spanCount: 1, rootCount: 0, orphanCount: 1, durationUs: 123 },
  'otlp-json/grafana-tsdb-tempo-trace-snake_case.json': { spanCount: 30, maxDepth: 10, durationUs: 8421 },
  'otlp-json/jaeger-skills-sibling_errors.json': { spanCount: 6, maxDepth: 2, errorCount: 5 },
};

describe.runIf(fixturesPresent)('buildTree on every real fixture', () => {
  const files = listFixtures().filter(
    (f) => f.endsWith('.json') || f.endsWith('.jsonl') || f.endsWith('.pb'),
  );

  test.each(files)('%s: a consistent tree, with and without skew adjustment', (rel) => {
    for (const table of tablesOf(rel) ?? []) {
      const raw = buildTree(table, { adjustClockSkew: false });
      const adjusted = buildTree(table, { adjustClockSkew: true });
      checkTree(table, raw);
      checkTree(table, adjusted);
      expect(adjusted.summary).toEqual(raw.summary);
      if (EXPECTED[rel]) expect(raw.summary).toMatchObject(EXPECTED[rel]);
    }
  });

  test('warnings name what was found', () => {
    const warningsOf = (rel: string): string[] =>
      buildTree((tablesOf(rel) as SpanTable[])[0], { adjustClockSkew: false }).summary.warnings as string[];
    expect(warningsOf('zipkin-v2-json/zipkin-lens-netflix.json')).toEqual([
      '1 exact copy of spans dropped',
      '3 spans share an id with an earlier, different span',
      '2 spans without a valid duration',
    ]);
    expect(warningsOf('zipkin-v2-json/zipkin-lens-messaging2.json')).toEqual([
      '6 orphan spans (parent not in the trace; 2 missing parents)',
    ]);
    expect(warningsOf('otlp-json/jaeger-integ-example_trace.json')).toEqual(['5 root spans']);
  });
});
