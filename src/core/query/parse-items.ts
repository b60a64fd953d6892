/**
 * What the operands of the query's top level are, and which operators join which. Outside `{ }`
 * the same symbols mean different things by what they join: `>` is "child" between spansets and
 * "greater" between scalars; `+` adds aggregates, constants or metrics queries, never spansets.
 * The parser reads an operand, learns its category, and these rules say what may follow it.
 */
import type {
  ArithmeticOperator,
  Coalesce,
  ComparisonOperator,
  GroupBy,
  MetricsExpr,
  ScalarExpr,
  ScalarFilter,
  Select,
  SpansetExpr,
  SpansetOperator,
  Static,
} from './ast.ts';
import { quoteText } from './errors.ts';
import type { Token } from './lexer.ts';
import type { Cursor } from './parser-cursor.ts';
import { arithmetic } from './values.ts';

export type Item =
  | { readonly cat: 'spanset'; readonly node: SpansetExpr }
  /** by(), select(), coalesce(): pipeline stages only. */
  | { readonly cat: 'stage'; readonly node: GroupBy | Select | Coalesce }
  /** An expression holding an aggregate: `count()`, `avg(.a) * 2`. */
  | { readonly cat: 'scalar'; readonly node: ScalarExpr }
  /** A folded number or duration; literal: written as one literal (maybe negated), no arithmetic. */
  | { readonly cat: 'const'; readonly node: Static; readonly literal: boolean }
  /** Parenthesised pipelines ending in an aggregate, and arithmetic between them. */
  | { readonly cat: 'scalar-pipeline'; readonly node: ScalarExpr }
  /** rootOnly: it compares scalar pipelines, so it must be the whole query. */
  | { readonly cat: 'scalar-filter'; readonly node: ScalarFilter; readonly rootOnly: boolean }
  | { readonly cat: 'metrics'; readonly node: MetricsExpr };

/**
 * Binding power of the top-level operators (format.ts prints with the same):
 * && || < comparisons and structural operators < + - < * / % < ^.
 */
export const TOP_OPERATOR_LEVEL: Readonly<Record<string, number>> = {
  '&&': 1,
  '||': 1,
  '=': 2,
  '!=': 2,
  '<': 2,
  '<=': 2,
  '>': 2,
  '>=': 2,
  '=~': 2,
  '!~': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
  '%': 4,
  '^': 5,
};
const STRUCTURAL_LEVEL = 2;

export function topLevel(t: Token): number | undefined {
  if (t.kind === 'structural') return STRUCTURAL_LEVEL;
  return t.kind === 'operator' ? TOP_OPERATOR_LEVEL[t.value] : undefined;
}

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^']);
const METRICS_ARITHMETIC = new Set(['+', '-', '*', '/']);
const SPANSET_EXPECTED = 'a spanset ({ … } or a parenthesised pipeline)';

function isSpansetOperator(t: Token): boolean {
  return t.kind === 'structural' || ['&&', '||', '>', '<', '!~'].includes(t.value);
}

/** Fails at the operator when it cannot follow this operand; else what its right side must be. */
export function rightExpected(c: Cursor, left: Item, op: Token): string {
  const v = op.value;
  const fail = (expected: string): never => c.fail(op, expected, undefined);
  switch (left.cat) {
    case 'spanset':
      if (!isSpansetOperator(op))
        fail('a spanset operator (&& || > < >> << ~, or their ! and & forms), "|" or the end of the query');
      return SPANSET_EXPECTED;
    case 'stage':
      return fail(`"|" (${stageName(left)} is a pipeline stage)`);
    case 'scalar-filter':
      return fail('"|" or the end of the query (a scalar filter is a pipeline stage)');
    case 'metrics':
      if (!METRICS_ARITHMETIC.has(v) && !COMPARISONS.has(v))
        fail('+ - * /, a comparison, "| topk()", "| bottomk()" or the end of the query');
      return COMPARISONS.has(v) ? 'a number' : 'a number or a parenthesised metrics query';
    default:
      if (!ARITHMETIC.has(v) && !COMPARISONS.has(v)) fail('an arithmetic or comparison operator');
      return left.cat === 'scalar-pipeline'
        ? 'a parenthesised pipeline ending in an aggregate, such as ({ … } | count())'
        : 'a number or an aggregate (count(), avg(), min(), max(), sum())';
  }
}

function stageName(item: Item & { cat: 'stage' }): string {
  return item.node.type === 'by' ? 'by()' : `${item.node.type}()`;
}

/** `left op right`, or a syntax error naming the side that does not fit. */
export function combine(c: Cursor, left: Item, op: Token, right: Item): Item {
  const v = op.value;
  const from = left.node.from;
  const to = right.node.to;
  const wrongRight = (expected: string): never => failRight(c, right, expected, op);
  if (left.cat === 'spanset') {
    if (right.cat !== 'spanset') return wrongRight(SPANSET_EXPECTED);
    return {
      cat: 'spanset',
      node: { type: 'spanset-op', op: v as SpansetOperator, left: left.node, right: right.node, from, to },
    };
  }
  if (left.cat === 'metrics' || right.cat === 'metrics') return combineMetrics(c, left, op, right);
  if (COMPARISONS.has(v)) return compareScalars(c, left, op, right);
  const opName = v as ArithmeticOperator;
  if (left.cat === 'scalar-pipeline' && right.cat === 'scalar-pipeline')
    return {
      cat: 'scalar-pipeline',
      node: { type: 'scalar-binary', op: opName, left: left.node, right: right.node, from, to },
    };
  if (left.cat === 'scalar-pipeline' || right.cat === 'scalar-pipeline')
    return wrongRight(
      'another parenthesised pipeline ending in an aggregate (numbers cannot be combined with it)',
    );
  if (left.cat === 'const' && right.cat === 'const') return fold(c, left, op, right);
  if (isScalar(left) && isScalar(right))
    return {
      cat: 'scalar',
      node: { type: 'scalar-binary', op: opName, left: left.node, right: right.node, from, to },
    };
  return wrongRight('a number or an aggregate (count(), avg(), min(), max(), sum())');
}

/** An aggregate expression or a constant: what scalar filters are made of. */
function isScalar(item: Item): item is Item & { cat: 'scalar' | 'const' } {
  return item.cat === 'scalar' || item.cat === 'const';
}

function compareScalars(c: Cursor, left: Item, op: Token, right: Item): Item {
  const node = (l: ScalarExpr, r: ScalarExpr): ScalarFilter => ({
    type: 'scalar-filter',
    op: op.value as ComparisonOperator,
    left: l,
    right: r,
    from: left.node.from,
    to: right.node.to,
  });
  if (left.cat === 'scalar-pipeline') {
    if (right.cat === 'scalar-pipeline' || (right.cat === 'const' && right.literal))
      return { cat: 'scalar-filter', node: node(left.node, right.node), rootOnly: true };
    failRight(
      c,
      right,
      'a parenthesised pipeline ending in an aggregate or a plain number (no arithmetic)',
      op,
    );
  }
  if (right.cat === 'scalar-pipeline')
    throw c.error(
      left.node.from,
      right.node.to,
      'a parenthesised pipeline ending in an aggregate must be on the left of the comparison',
    );
  if (left.cat === 'const' && right.cat === 'const')
    throw c.error(
      left.node.from,
      right.node.to,
      'a scalar filter compares an aggregate (count(), avg(), min(), max(), sum()); both sides here are numbers',
    );
  if (isScalar(left) && isScalar(right))
    return { cat: 'scalar-filter', node: node(left.node, right.node), rootOnly: false };
  return failRight(c, right, 'a number or an aggregate (count(), avg(), min(), max(), sum())', op);
}

/** "expected X after "op", found "…"" at the right operand. */
function failRight(c: Cursor, right: Item, expected: string, op: Token): never {
  const found = quoteText(c.text.slice(right.node.from, right.node.to));
  throw c.error(
    right.node.from,
    right.node.to,
    `expected ${expected} after ${quoteText(op.value)}, found ${found}`,
  );
}

function combineMetrics(c: Cursor, left: Item, op: Token, right: Item): Item {
  const v = op.value;
  const from = left.node.from;
  const to = right.node.to;
  if (COMPARISONS.has(v)) {
    if (left.cat !== 'metrics' || right.cat !== 'const') failRight(c, right, 'a number', op);
    const threshold = thresholdOf(c, right);
    const stage = {
      type: 'metrics-threshold' as const,
      op: v as ComparisonOperator,
      value: threshold,
      from: op.from,
      to,
    };
    const node = left.node;
    if (node.type === 'metrics-staged')
      return { cat: 'metrics', node: { ...node, stages: [...node.stages, stage], to } };
    return { cat: 'metrics', node: { type: 'metrics-staged', expr: node, stages: [stage], from, to } };
  }
  const side = (item: Item): MetricsExpr | Static => {
    if (item.cat === 'metrics') return item.node;
    if (item.cat !== 'const') return failRight(c, item, 'a number or a parenthesised metrics query', op);
    if (item.node.value.type !== 'duration') return item.node;
    throw c.error(
      item.node.from,
      item.node.to,
      'a duration cannot be used in metrics arithmetic (only as a threshold, as in > 10s)',
    );
  };
  const l = side(left);
  const r = side(right);
  return {
    cat: 'metrics',
    node: { type: 'metrics-binary', op: v as '+' | '-' | '*' | '/', left: l, right: r, from, to },
  };
}

/** A metrics threshold: any folded number, or a duration written as one literal (`> 10s`). */
export function thresholdOf(c: Cursor, item: Item & { cat: 'const' }): Static {
  if (item.node.value.type === 'duration' && !item.literal)
    throw c.error(item.node.from, item.node.to, 'durations cannot be combined with arithmetic here');
  return item.node;
}

/** Constant arithmetic, done now (Tempo folds too): `1 - 3` is -2, `1 / 2` is 0, `1.0 / 2` is 0.5. */
function fold(c: Cursor, left: Item & { cat: 'const' }, op: Token, right: Item & { cat: 'const' }): Item {
  const from = left.node.from;
  const to = right.node.to;
  if (op.value === '%' || op.value === '^')
    throw c.error(op.from, op.to, `expected + - * or / between numbers, found ${quoteText(op.value)}`);
  if (left.node.value.type === 'duration' || right.node.value.type === 'duration')
    throw c.error(from, to, 'durations cannot be combined with arithmetic here');
  const value = arithmetic(op.value as ArithmeticOperator, left.node.value, right.node.value);
  if (value === undefined) throw c.error(from, to, 'division by zero');
  if (
    (value.type === 'float' && !Number.isFinite(value.value)) ||
    value.type === 'array' ||
    value.type === 'multi'
  )
    throw c.error(from, to, 'the result is out of range');
  return { cat: 'const', node: { type: 'static', value, from, to }, literal: false };
}
