/**
 * The scalar filters of a query SQL answers (`{ … } | count() > 10`, `avg(duration) > 20ms`), over
 * the one spanset of a trace whose result spans SQL found (span-conditions.ts): each aggregate's
 * value as core/query/aggregate.ts computes it, compared by core's own `compare`. Durations are
 * integers of nanoseconds, so their float64 sum is exact up to 2^53 whatever the order the
 * evaluator adds them in; beyond that the evaluator decides.
 */
import type { NamedValue } from '../../../../core/query/plan.ts';
import { compare, type MaybeValue } from '../../../../core/query/values.ts';
import type { SqlAggregate } from './query-shape.ts';
import type { DurationTotals } from './span-conditions.ts';

const EXACT_SUM = 2n ** 53n;

const duration = (ns: number): MaybeValue => ({ type: 'duration', value: ns });

function aggregateValue(a: SqlAggregate, matched: number, d: DurationTotals | null): MaybeValue | 'unknown' {
  if (a.fn === 'count') return { type: 'int', value: BigInt(matched) };
  if (!d || d.unsure || d.sum > EXACT_SUM) return 'unknown';
  switch (a.fn) {
    case 'sum':
      return duration(Number(d.sum));
    case 'avg':
      return duration(Number(d.sum) / matched);
    case 'min':
      return duration(Number(d.min));
    case 'max':
      return duration(Number(d.max));
  }
}

/**
 * The aggregates' values, in pipeline order, when every scalar filter keeps the spanset; null when
 * one drops it; 'unknown' when SQL cannot tell (the evaluator must).
 */
export function aggregateValues(
  aggregates: readonly SqlAggregate[],
  trace: { readonly matched: number; readonly durations: DurationTotals | null },
): NamedValue[] | null | 'unknown' {
  const values: NamedValue[] = [];
  for (const a of aggregates) {
    const value = aggregateValue(a, trace.matched, trace.durations);
    if (value === 'unknown') return 'unknown';
    if (!compare(a.op, value, a.threshold)) return null;
    values.push({ name: a.name, value });
  }
  return values;
}
