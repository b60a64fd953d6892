/**
 * Field expressions: what goes inside `{ }`, `by( )` and aggregates. Precedence, lowest first:
 * `&& ||`, comparisons (`= != < <= > >= =~ !~`), `+ -`, prefix `!`, `* / %`, `^` (right-associative),
 * prefix `-`. `x = nil` / `x != nil` test presence; `nil` is no value anywhere else.
 */
import type {
  Attribute,
  Field,
  FieldBinaryOperator,
  FieldExpr,
  Intrinsic,
  NilTest,
  StaticValue,
} from './ast.ts';
import { quoteText } from './errors.ts';
import type { Token } from './lexer.ts';
import { durationNs, MAX_INT, parseIntLiteral } from './literals.ts';
import type { Cursor } from './parser-cursor.ts';
import {
  type AttributeScope,
  isOneOf,
  KIND_NAMES,
  LEGACY_INTRINSICS,
  SCOPED_INTRINSICS,
  STATUS_NAMES,
} from './vocabulary.ts';

/** Binding power of the binary operators of field expressions (format.ts prints with the same). */
export const FIELD_OPERATOR_LEVEL: Readonly<Record<string, number>> = {
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
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 6,
};
/** `!` binds looser than `* / % ^` and tighter than `+ -`; prefix `-` binds tightest. */
export const NOT_OPERAND_LEVEL = 5;

const VALUE = 'a value';

export function parseFieldExpr(c: Cursor, minLevel = 1): FieldExpr {
  let left = parsePrefix(c);
  let chain = 0;
  for (;;) {
    const t = c.peek();
    const level = t.kind === 'operator' ? FIELD_OPERATOR_LEVEL[t.value] : undefined;
    if (level === undefined || level < minLevel) break;
    c.next();
    c.enter(t);
    chain++;
    const op = t.value as FieldBinaryOperator;
    if ((op === '=' || op === '!=') && c.is('keyword', 'nil')) {
      const nil = c.next();
      left = { type: 'nil-test', op, operand: left, nilFirst: false, from: left.from, to: nil.to };
      continue;
    }
    const right = parseFieldExpr(c, op === '^' ? level : level + 1);
    left = { type: 'binary', op, left, right, from: left.from, to: right.to };
  }
  c.leave(chain);
  return left;
}

function parsePrefix(c: Cursor): FieldExpr {
  const t = c.peek();
  if (t.kind === 'operator' && (t.value === '!' || t.value === '-')) {
    c.next();
    c.enter(t);
    const operand = t.value === '!' ? parseFieldExpr(c, NOT_OPERAND_LEVEL) : parsePrefix(c);
    c.leave();
    return { type: 'unary', op: t.value, operand, from: t.from, to: operand.to };
  }
  if (t.kind === 'keyword' && t.value === 'nil') return parseNilFirst(c);
  return parsePrimary(c);
}

/** `nil = x`, `nil != x`, `nil = nil`. */
function parseNilFirst(c: Cursor): NilTest {
  const nil = c.next();
  const opToken = c.peek();
  if (!(opToken.kind === 'operator' && (opToken.value === '=' || opToken.value === '!=')))
    throw c.error(nil.from, nil.to, 'nil can only be compared with = or != (as in span.x = nil)');
  c.next();
  const op = opToken.value as '=' | '!=';
  const second = c.eat('keyword', 'nil');
  if (second) return { type: 'nil-test', op, operand: null, nilFirst: true, from: nil.from, to: second.to };
  const operand = parseFieldExpr(c, FIELD_OPERATOR_LEVEL['+']);
  return { type: 'nil-test', op, operand, nilFirst: true, from: nil.from, to: operand.to };
}

function parsePrimary(c: Cursor): FieldExpr {
  const t = c.peek();
  if (t.kind === 'punctuation' && t.value === '(') {
    c.next();
    c.enter(t);
    const inner = parseFieldExpr(c);
    c.expect('punctuation', ')', '")" or an operator');
    c.leave();
    return inner;
  }
  if (t.kind === 'attribute' || t.kind === 'intrinsic') return parseField(c, VALUE);
  const value = staticValueOf(c, t);
  if (value) {
    c.next();
    return { type: 'static', value, from: t.from, to: t.to };
  }
  if (t.kind === 'identifier') throw c.error(t.from, t.to, unknownIdentifier(t.value));
  return c.fail(t, VALUE);
}

/** `childCount` → "did you mean span:childCount?"; otherwise how attributes are written. */
function unknownIdentifier(word: string): string {
  const scoped = Object.keys(SCOPED_INTRINSICS).filter((k) => k.endsWith(`:${word}`));
  const hint =
    scoped.length > 0
      ? `did you mean ${scoped.join(' or ')}?`
      : 'an attribute starts with "." or a scope (span., resource., event., link., instrumentation.)';
  return `unknown identifier ${quoteText(word)}: ${hint}`;
}

/** An attribute or an intrinsic (select(), metrics by-lists, and values). */
export function parseField(c: Cursor, expected = 'an attribute or intrinsic'): Field {
  const t = c.peek();
  if (t.kind === 'attribute') {
    if (t.value === '' && !c.text.slice(t.from, t.to).endsWith('""')) {
      const written = c.text.slice(t.from, t.to);
      throw c.error(t.from, t.to, `expected an attribute name after ${quoteText(written)}`);
    }
    c.next();
    return attributeOf(t);
  }
  if (t.kind === 'intrinsic') {
    c.next();
    return intrinsicOf(t);
  }
  return c.fail(t, expected);
}

function attributeOf(t: Token): Attribute {
  return {
    type: 'attribute',
    scope: t.scope as AttributeScope,
    parent: t.parent === true,
    name: t.value,
    from: t.from,
    to: t.to,
  };
}

function intrinsicOf(t: Token): Intrinsic {
  const id = SCOPED_INTRINSICS[t.value] ?? LEGACY_INTRINSICS[t.value];
  return { type: 'intrinsic', id, spelling: t.value, from: t.from, to: t.to };
}

/** The value of a literal token (string, number, duration, keyword but nil), or undefined. */
export function staticValueOf(c: Cursor, t: Token): StaticValue | undefined {
  switch (t.kind) {
    case 'string':
      return { type: 'string', value: t.value };
    case 'duration':
      return { type: 'duration', value: durationValue(t) };
    case 'number':
      return numberValue(c, t);
    case 'keyword':
      return keywordValue(t.value);
    default:
      return undefined;
  }
}

/** The lexer makes a token a duration only when it parses as one. */
function durationValue(t: Token): number {
  return durationNs(t.value) as number;
}

export function numberValue(c: Cursor, t: Token): StaticValue {
  if (/^\d+$/.test(t.value)) {
    const n = parseIntLiteral(t.value);
    if (n === undefined)
      throw c.error(t.from, t.to, `integer ${t.value} is out of range (at most ${MAX_INT})`);
    return { type: 'int', value: n };
  }
  const f = Number(t.value);
  if (!Number.isFinite(f)) throw c.error(t.from, t.to, `number ${t.value} is out of range`);
  return { type: 'float', value: f };
}

function keywordValue(word: string): StaticValue | undefined {
  if (word === 'true' || word === 'false') return { type: 'bool', value: word === 'true' };
  if (word === 'minInt') return { type: 'int', value: -MAX_INT - 1n };
  if (word === 'maxInt') return { type: 'int', value: MAX_INT };
  if (isOneOf(STATUS_NAMES, word)) return { type: 'status', value: word };
  if (isOneOf(KIND_NAMES, word)) return { type: 'kind', value: word };
  return undefined;
}
