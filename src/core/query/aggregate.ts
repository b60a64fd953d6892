/**
 * Aggregates over the spans of a spanset: `count()`, and `avg`, `min`, `max`, `sum` of a field.
 * Spans where the field has no number (nil, a string, an array) are left out, as in Tempo; with no
 * number at all the aggregate has no value and the scalar filter drops the spanset.
 * Sums keep the type of their terms when all share one (ints exactly, as int64; durations as
 * durations), else they are floats; an average is a float (a duration when all terms are).
 */

import type { SpanValue } from './eval-field.ts';
import type { EvalTrace } from './eval-trace.ts';
import { arithmetic, type MaybeValue, numberOf, type Value } from './values.ts';
import type { AggregateFn } from './vocabulary.ts';

export function aggregate(
  fn: AggregateFn,
  read: SpanValue | null,
  spans: readonly number[],
  x: EvalTrace,
): MaybeValue {
  if (fn === 'count' || read === null) return { type: 'int', value: BigInt(spans.length) };
  let best: Value | undefined;
  let sum: MaybeValue;
  let count = 0;
  for (const s of spans) {
    const v = read(x, s);
    const n = numberOf(v);
    if (v === undefined || n === undefined) continue;
    count++;
    if (fn === 'min' || fn === 'max') {
      const bestNumber = numberOf(best);
      if (bestNumber === undefined || (fn === 'min' ? n < bestNumber : n > bestNumber)) best = v;
    } else sum = sum === undefined ? v : arithmetic('+', sum, v);
  }
  if (count === 0) return undefined;
  if (fn === 'min' || fn === 'max') return best;
  if (fn === 'sum' || sum === undefined) return sum;
  const total = numberOf(sum) as number;
  return { type: sum.type === 'duration' ? 'duration' : 'float', value: total / count };
}
