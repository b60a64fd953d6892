/**
 * The operands of the top level and the operators between them (precedence climbing): spanset
 * filters, parenthesised pipelines, aggregates, constants, by()/select()/coalesce(). What may join
 * what is in parse-items.ts; a parenthesised pipeline is read by the caller's `pipeline` function.
 */
import type { Aggregate, SpansetFilter, Static } from './ast.ts';
import { parseField, parseFieldExpr, staticValueOf } from './parse-field.ts';
import { combine, type Item, rightExpected, topLevel } from './parse-items.ts';
import type { Cursor } from './parser-cursor.ts';
import { negate } from './values.ts';
import { AGGREGATES, isOneOf, METRICS_FUNCTIONS, SECOND_STAGE_FUNCTIONS } from './vocabulary.ts';

/** Reads `pipeline` up to (not including) the closing parenthesis. */
export type PipelineReader = (c: Cursor) => Item;

export function parseElement(c: Cursor, minLevel: number, expected: string, pipeline: PipelineReader): Item {
  let left = parseOperand(c, expected, pipeline);
  let chain = 0;
  for (;;) {
    const op = c.peek();
    const level = topLevel(op);
    if (level === undefined || level < minLevel) break;
    const rightWanted = rightExpected(c, left, op);
    c.next();
    c.enter(op);
    chain++;
    const right = parseElement(c, op.value === '^' ? level : level + 1, rightWanted, pipeline);
    left = combine(c, left, op, right);
  }
  c.leave(chain);
  return left;
}

function parseOperand(c: Cursor, expected: string, pipeline: PipelineReader): Item {
  const t = c.peek();
  if (t.kind === 'punctuation' && t.value === '{') return { cat: 'spanset', node: parseSpansetFilter(c) };
  if (t.kind === 'punctuation' && t.value === '(') return parseParenthesised(c, pipeline);
  if (t.kind === 'number' || t.kind === 'duration') {
    c.next();
    const value = staticValueOf(c, t)!;
    return { cat: 'const', node: { type: 'static', value, from: t.from, to: t.to }, literal: true };
  }
  if (t.kind === 'operator' && t.value === '-') return parseNegated(c, pipeline);
  if (t.kind === 'function') {
    if (isOneOf(AGGREGATES, t.value)) return { cat: 'scalar', node: parseAggregate(c) };
    if (t.value === 'by' || t.value === 'select' || t.value === 'coalesce') return parseStage(c);
    if (isOneOf(METRICS_FUNCTIONS, t.value) || isOneOf(SECOND_STAGE_FUNCTIONS, t.value))
      return c.fail(t, `${expected} (${t.value}() follows a pipeline, as in { } | ${t.value}(…))`);
  }
  return c.fail(t, expected);
}

/** `-x`: negation of a constant (the only thing a top-level minus applies to). */
function parseNegated(c: Cursor, pipeline: PipelineReader): Item {
  const minus = c.next();
  c.enter(minus);
  const operand = parseOperand(c, 'a number', pipeline);
  c.leave();
  if (operand.cat !== 'const')
    throw c.error(
      operand.node.from,
      operand.node.to,
      'expected a number after "-" (only numbers can be negated here)',
    );
  const value = negate(operand.node.value) as Static['value'];
  return {
    cat: 'const',
    node: { type: 'static', value, from: minus.from, to: operand.node.to },
    literal: operand.literal,
  };
}

function parseParenthesised(c: Cursor, pipeline: PipelineReader): Item {
  const open = c.next();
  c.enter(open);
  const inner = pipeline(c);
  const close = c.expect('punctuation', ')', '")" or "|"');
  c.leave();
  const from = open.from;
  const to = close.to;
  // `(by(.a))`, `(count() > 1)`: a one-stage pipeline, usable as a spanset expression.
  if (inner.cat === 'stage' || (inner.cat === 'scalar-filter' && !inner.rootOnly))
    return { cat: 'spanset', node: { type: 'pipeline', stages: [inner.node], from, to } };
  if (inner.cat === 'scalar-filter')
    throw c.error(from, to, 'a comparison of parenthesised pipelines must be the whole query');
  // The node's text includes its parentheses (messages quote it whole).
  return { ...inner, node: { ...inner.node, from, to } } as Item;
}

export function parseSpansetFilter(c: Cursor): SpansetFilter {
  const open = c.expect('punctuation', '{', 'a spanset filter { … }');
  c.enter(open);
  const close = c.eat('punctuation', '}');
  if (close) {
    c.leave();
    return { type: 'filter', expr: null, from: open.from, to: close.to };
  }
  const expr = parseFieldExpr(c);
  const end = c.expect('punctuation', '}', '"}" or an operator');
  c.leave();
  return { type: 'filter', expr, from: open.from, to: end.to };
}

function parseAggregate(c: Cursor): Aggregate {
  const name = c.next();
  const fn = name.value as Aggregate['fn'];
  c.expect('punctuation', '(', '"("');
  if (fn === 'count') {
    const close = c.expect('punctuation', ')', '")" (count() takes no argument)');
    return { type: 'aggregate', fn, arg: null, from: name.from, to: close.to };
  }
  const arg = parseFieldExpr(c);
  const close = c.expect('punctuation', ')', '")" or an operator');
  return { type: 'aggregate', fn, arg, from: name.from, to: close.to };
}

function parseStage(c: Cursor): Item {
  const name = c.next();
  c.expect('punctuation', '(', '"("');
  if (name.value === 'coalesce') {
    const close = c.expect('punctuation', ')', '")" (coalesce() takes no argument)');
    return { cat: 'stage', node: { type: 'coalesce', from: name.from, to: close.to } };
  }
  if (name.value === 'by') {
    const expr = parseFieldExpr(c);
    const close = c.expect('punctuation', ')', '")" or an operator');
    return { cat: 'stage', node: { type: 'by', expr, from: name.from, to: close.to } };
  }
  const fields = [parseField(c)];
  while (c.eat('punctuation', ',')) fields.push(parseField(c));
  const close = c.expect('punctuation', ')', `")" or "," (select() lists attributes and intrinsics)`);
  return { cat: 'stage', node: { type: 'select', fields, from: name.from, to: close.to } };
}
