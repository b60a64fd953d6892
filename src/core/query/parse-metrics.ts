/**
 * Metrics functions and their second stages. Spanscope does not evaluate metrics yet, but parses
 * them whole, so that a metrics query is told apart from a syntax error (the API answers 501).
 *
 *   rate() | count_over_time() | min/max/avg/sum/histogram_over_time(field)
 *   | quantile_over_time(field, q, …) | compare({ filter } [, n [, start, end]])   then [by(field, …)]
 *   second stages: `| topk(n)`, `| bottomk(n)`, `CMP number`, in any order and number
 */
import type { ComparisonOperator, Field, MetricsFunction, SecondStage, TopK } from './ast.ts';
import { quoteText } from './errors.ts';
import { type PipelineReader, parseElement, parseSpansetFilter } from './parse-elements.ts';
import { numberValue, parseField } from './parse-field.ts';
import { thresholdOf } from './parse-items.ts';
import type { Cursor } from './parser-cursor.ts';
import type { MetricsFn, SecondStageFn } from './vocabulary.ts';

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const WITH_FIELD = new Set([
  'min_over_time',
  'max_over_time',
  'avg_over_time',
  'sum_over_time',
  'histogram_over_time',
]);

export function parseMetricsFunction(c: Cursor): MetricsFunction {
  const name = c.next();
  const fn = name.value as MetricsFn;
  c.expect('punctuation', '(', '"("');
  let field: Field | null = null;
  const quantiles: number[] = [];
  let compare: MetricsFunction['compare'] = null;
  if (WITH_FIELD.has(fn) || fn === 'quantile_over_time') field = parseField(c);
  if (fn === 'quantile_over_time') {
    c.expect('punctuation', ',', '"," and the quantiles');
    do quantiles.push(quantile(c));
    while (c.eat('punctuation', ','));
  }
  if (fn === 'compare') {
    const filter = parseSpansetFilter(c);
    const numbers: bigint[] = [];
    if (c.eat('punctuation', ',')) {
      numbers.push(integer(c));
      if (c.eat('punctuation', ',')) {
        numbers.push(integer(c));
        c.expect(
          'punctuation',
          ',',
          '"," and the end time (compare takes the top N, or the top N, start and end)',
        );
        numbers.push(integer(c));
      }
    }
    compare = { filter, numbers };
  }
  let close = c.expect('punctuation', ')', '")"');
  const by: Field[] = [];
  if (fn !== 'compare' && c.eat('function', 'by')) {
    c.expect('punctuation', '(', '"("');
    do by.push(parseField(c));
    while (c.eat('punctuation', ','));
    close = c.expect('punctuation', ')', '")" or ","');
  }
  return { type: 'metrics-function', name: fn, field, quantiles, compare, by, from: name.from, to: close.to };
}

function quantile(c: Cursor): number {
  const t = c.peek();
  if (t.kind !== 'number') return c.fail(t, 'a quantile (a number)');
  c.next();
  return Number(numberValue(c, t).value);
}

function integer(c: Cursor): bigint {
  const t = c.peek();
  if (t.kind !== 'number' || !/^\d+$/.test(t.value)) return c.fail(t, 'an integer');
  c.next();
  return numberValue(c, t).value as bigint;
}

/** `| topk(n)`, `| bottomk(n)` and thresholds (`> 10`) after a metrics function. */
export function parseSecondStages(c: Cursor, pipeline: PipelineReader): SecondStage[] {
  const stages: SecondStage[] = [];
  for (;;) {
    const t = c.peek();
    if (t.kind === 'operator' && COMPARISONS.has(t.value)) {
      c.next();
      const item = parseElement(c, 3, 'a number', pipeline);
      if (item.cat !== 'const')
        throw c.error(item.node.from, item.node.to, `expected a number after ${quoteText(t.value)}`);
      const value = thresholdOf(c, item);
      stages.push({
        type: 'metrics-threshold',
        op: t.value as ComparisonOperator,
        value,
        from: t.from,
        to: value.to,
      });
    } else if (
      t.kind === 'operator' &&
      t.value === '|' &&
      (c.is('function', 'topk', 1) || c.is('function', 'bottomk', 1))
    ) {
      c.next();
      stages.push(parseTopK(c));
    } else return stages;
  }
}

function parseTopK(c: Cursor): TopK {
  const name = c.next();
  c.expect('punctuation', '(', '"("');
  const k = integer(c);
  const close = c.expect('punctuation', ')', '")"');
  return { type: 'top-k', fn: name.value as SecondStageFn, k, from: name.from, to: close.to };
}
