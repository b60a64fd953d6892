/**
 * Which pipelines SQL answers (query-shape.ts: filters joined by && / || then scalar filters of
 * count() or durations) and the values and verdicts of their aggregates (sql-aggregates.ts), edge
 * cases included: sums at and past 2^53, times too far apart, thresholds of every type, huge ones.
 * That the answers equal the evaluator's is traceql-search.property.test.ts's job.
 */
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../../../core/query/compile.ts';
import { queryShape } from './query-shape.ts';
import type { DurationTotals } from './span-conditions.ts';
import { aggregateValues } from './sql-aggregates.ts';

const shapeOf = (q: string) => queryShape(compileQuery(q).ast);

const totals = (sum: bigint, min: bigint, max: bigint, unsure = false): DurationTotals => ({
  sum,
  min,
  max,
  unsure,
});

describe('pipelines SQL answers', () => {
  it('takes filters joined by && / || followed by scalar filters of count() or span durations', () => {
    for (const q of [
      '{ } | count() > 10',
      'count() > 10',
      '{ status = error } | count() = 1',
      '({ name = "a" } || { kind = server }) | avg(duration) > 20ms',
      '{ } | min(span:duration) < 1ms | max(duration) >= 1s | sum(duration) != 0',
      'max(duration) > 3s | count() > 2',
    ]) {
      const shape = shapeOf(q);
      expect(shape.exact, q).not.toBeNull();
      expect(shape.aggregates.length, q).toBeGreaterThan(0);
    }
    expect(shapeOf('{ } | avg(duration) > 20ms').aggregates).toEqual([
      { fn: 'avg', name: 'avg(duration)', op: '>', threshold: { type: 'duration', value: 20_000_000 } },
    ]);
    // Plain filters keep their exact tree and no aggregates.
    expect(shapeOf('{ status = error }').aggregates).toEqual([]);
  });

  it('hands the rest to the evaluator: attributes, trace durations, by(), select(), structure, a filter after', () => {
    for (const q of [
      '{ } | avg(span.n) > 2',
      '{ } | sum(.bytes) > 1000',
      '{ } | max(trace:duration) > 1s',
      '{ } | by(resource.service.name) | count() > 1',
      '{ } | count() > 1 | select(span.a)',
      '{ } | count() > 1 | coalesce()',
      '{ } >> { } | count() > 1',
      'count() > 1 | { status = error }',
      '{ } | count() > 1 | { status = error }',
    ]) {
      const shape = shapeOf(q);
      expect(shape.exact, q).toBeNull();
      expect(shape.aggregates, q).toEqual([]);
    }
  });
});

describe('aggregate values over the spans SQL found', () => {
  const aggregates = (q: string) => shapeOf(q).aggregates;

  it('count() as an int, compared with ints and floats', () => {
    expect(aggregateValues(aggregates('{ } | count() > 10'), { matched: 46, durations: null })).toEqual([
      { name: 'count()', value: { type: 'int', value: 46n } },
    ]);
    expect(aggregateValues(aggregates('{ } | count() > 10'), { matched: 10, durations: null })).toBeNull();
    expect(aggregateValues(aggregates('{ } | count() < 1.5'), { matched: 1, durations: null })).toEqual([
      { name: 'count()', value: { type: 'int', value: 1n } },
    ]);
    // Numbers of every type compare as numbers.
    expect(aggregateValues(aggregates('{ } | count() = 3.0'), { matched: 3, durations: null })).toEqual([
      { name: 'count()', value: { type: 'int', value: 3n } },
    ]);
    expect(aggregateValues(aggregates('{ } | count() >= 1ms'), { matched: 3, durations: null })).toBeNull();
  });

  it('durations: sum, avg, min, max as durations, in pipeline order', () => {
    const t = { matched: 3, durations: totals(3_000_000n, 100n, 2_000_000n) };
    expect(
      aggregateValues(
        aggregates(
          'avg(duration) > 500us | sum(duration) = 3ms | min(duration) < 1us | max(duration) >= 2ms',
        ),
        t,
      ),
    ).toEqual([
      { name: 'avg(duration)', value: { type: 'duration', value: 1_000_000 } },
      { name: 'sum(duration)', value: { type: 'duration', value: 3_000_000 } },
      { name: 'min(duration)', value: { type: 'duration', value: 100 } },
      { name: 'max(duration)', value: { type: 'duration', value: 2_000_000 } },
    ]);
    expect(aggregateValues(aggregates('{ } | avg(duration) > 1ms'), t)).toBeNull();
    // The first scalar filter that fails drops the spanset, whatever the next says.
    expect(aggregateValues(aggregates('{ } | count() > 5 | avg(span:duration) > 0'), t)).toBeNull();
  });

  it('leaves to the evaluator what float64 may not add exactly, or times too far apart', () => {
    const q = aggregates('{ } | sum(duration) > 0');
    expect(aggregateValues(q, { matched: 2, durations: totals(2n ** 53n, 0n, 2n ** 53n) })).toEqual([
      { name: 'sum(duration)', value: { type: 'duration', value: 2 ** 53 } },
    ]);
    expect(aggregateValues(q, { matched: 2, durations: totals(2n ** 53n + 1n, 1n, 2n ** 53n) })).toBe(
      'unknown',
    );
    expect(aggregateValues(q, { matched: 2, durations: totals(5n, 1n, 4n, true) })).toBe('unknown');
    // No totals for a duration aggregate (never asked): unknown, not a guess.
    expect(aggregateValues(q, { matched: 2, durations: null })).toBe('unknown');
    // count() needs no totals, even when the durations are unsure.
    expect(
      aggregateValues(aggregates('count() > 1'), { matched: 2, durations: totals(5n, 1n, 4n, true) }),
    ).toEqual([{ name: 'count()', value: { type: 'int', value: 2n } }]);
  });

  it('huge thresholds and counts compare as the evaluator compares them', () => {
    expect(
      aggregateValues(aggregates('count() > 9223372036854775807'), { matched: 1e6, durations: null }),
    ).toBeNull();
    expect(aggregateValues(aggregates('count() < 1e300'), { matched: 1e6, durations: null })).toEqual([
      { name: 'count()', value: { type: 'int', value: 1_000_000n } },
    ]);
    const long = { matched: 1, durations: totals(2n ** 52n, 2n ** 52n, 2n ** 52n) };
    expect(aggregateValues(aggregates('max(duration) > 1000h'), long)).toEqual([
      { name: 'max(duration)', value: { type: 'duration', value: 2 ** 52 } },
    ]);
    expect(aggregateValues(aggregates('max(duration) > 10000h'), long)).toBeNull();
  });
});
