import { describe, expect, it } from 'vitest';
import type { TraceRow } from './api-types.ts';
import { diffSides, rankCandidates, sameRootQuery, similarity } from './compare-candidates.ts';

const row = (traceId: string, over: Partial<TraceRow> = {}): TraceRow => ({
  traceId,
  rootService: 'frontend',
  rootName: 'GET /',
  startMs: 1000,
  durationMs: 10,
  spanCount: 20,
  errorCount: 0,
  services: ['frontend', 'cart', 'db'],
  ...over,
});

describe('compare candidates', () => {
  it('offers the other outcome first, then the most similar shape, then the newest', () => {
    const self = row('s', { errorCount: 2 });
    const ranked = rankCandidates(self, [
      row('failing', { errorCount: 1 }),
      row('different', { services: ['frontend', 'search'], spanCount: 400 }),
      row('alike-old', { startMs: 10 }),
      row('alike-new', { startMs: 20 }),
      self,
    ]);
    expect(ranked.map((r) => r.traceId)).toEqual(['alike-new', 'alike-old', 'different', 'failing']);
  });

  it('scores shared services and sizes of one order', () => {
    expect(similarity(row('a'), row('b'))).toBe(1);
    expect(similarity(row('a'), row('b', { services: [] }))).toBe(0);
    expect(similarity(row('a'), row('b', { spanCount: 2000 }))).toBeLessThan(0.25);
  });

  it('makes the failing trace B, the baseline A', () => {
    const ok = row('ok');
    const bad = row('bad', { errorCount: 3 });
    expect(diffSides(bad, ok)).toEqual({ a: 'ok', b: 'bad' });
    expect(diffSides(ok, bad)).toEqual({ a: 'ok', b: 'bad' });
    expect(diffSides(ok, row('other'))).toEqual({ a: 'other', b: 'ok' });
  });

  it('finds the same root with a TraceQL query, quoting what it names', () => {
    expect(sameRootQuery('api "v2"', 'GET /')).toBe(
      '{ trace:rootService = "api \\"v2\\"" && trace:rootName = "GET /" }',
    );
  });
});
