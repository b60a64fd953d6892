/**
 * TraceQL values at run time and the operators on them: what `=`, `<`, `+` and `&&` mean for two
 * values, including arrays and the several values of an event or link field. The parser folds
 * constants with the same arithmetic, so a constant and a computed value always agree.
 *
 * Rules (Tempo's where it has one):
 * - A missing value is `undefined` (nil). Every comparison with nil is false, `!=` included; only
 *   `= nil` / `!= nil` test presence.
 * - Numbers (int, float, duration in ns) compare as numbers; ints with ints exactly (int64).
 *   Strings compare with strings (ordering too), bools, statuses and kinds with their own type for
 *   `=` and `!=` only. Values of different types are never equal, and not unequal either.
 * - An array matches `=`, `=~`, `<`, … when any element does, and `!=`, `!~` when every element does
 *   (no element is equal / matches); only elements of the other side's type count, and an array
 *   with none of them matches nothing.
 * - A `multi` (one value per event or link of the span) matches when any of its values does.
 * - Arithmetic is for numbers: int ⊕ int is int (wrapping as int64, dividing with truncation),
 *   duration ⊕ duration is a duration, anything with a float is a float, int with duration a duration.
 *   Division by zero gives nil.
 */
import type { StaticValue } from './ast.ts';

export type Value =
  | StaticValue
  | { readonly type: 'array'; readonly value: readonly Value[] }
  | { readonly type: 'multi'; readonly value: readonly Value[] };

export type MaybeValue = Value | undefined;

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type Arithmetic = '+' | '-' | '*' | '/' | '%' | '^';

/** Anything that fully matches a string (regex.ts gives RE2 ones). */
export interface StringMatcher {
  matches(input: string): boolean;
}

export const TRUE: Value = { type: 'bool', value: true };
export const FALSE: Value = { type: 'bool', value: false };

export function bool(b: boolean): Value {
  return b ? TRUE : FALSE;
}

function isNumeric(v: Value): v is Extract<Value, { type: 'int' | 'float' | 'duration' }> {
  return v.type === 'int' || v.type === 'float' || v.type === 'duration';
}

/** The number of a numeric value (ints as float64), or undefined. */
export function numberOf(v: MaybeValue): number | undefined {
  return v !== undefined && isNumeric(v) ? Number(v.value) : undefined;
}

const FLIPPED: Record<Comparison, Comparison> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

export function compare(op: Comparison, l: MaybeValue, r: MaybeValue): boolean {
  if (l === undefined || r === undefined) return false;
  if (l.type === 'multi') return l.value.some((e) => compare(op, e, r));
  if (r.type === 'multi') return r.value.some((e) => compare(op, l, e));
  if (l.type === 'array') return r.type !== 'array' && compareArray(op, l.value, r);
  if (r.type === 'array') return compareArray(FLIPPED[op], r.value, l);
  return compareScalars(op, l, r);
}

/**
 * The elements that have the scalar's type decide (a store keeps an array per element type); none
 * of that type: no match.
 */
function compareArray(op: Comparison, elements: readonly Value[], scalar: Value): boolean {
  const comparable = elements.filter((e) => sameKind(e, scalar));
  if (comparable.length === 0) return false;
  return op === '!='
    ? comparable.every((e) => compareScalars(op, e, scalar))
    : comparable.some((e) => compareScalars(op, e, scalar));
}

function sameKind(a: Value, b: Value): boolean {
  return a.type === b.type || (isNumeric(a) && isNumeric(b));
}

function compareScalars(op: Comparison, l: Value, r: Value): boolean {
  if (isNumeric(l) && isNumeric(r)) {
    if (l.type === 'int' && r.type === 'int') return ordered(op, l.value, r.value);
    return ordered(op, Number(l.value), Number(r.value));
  }
  if (l.type === 'string' && r.type === 'string') return ordered(op, l.value, r.value);
  if (l.type !== r.type || (op !== '=' && op !== '!=')) return false;
  if (l.type === 'array' || l.type === 'multi') return false;
  return (l.value === r.value) === (op === '=');
}

function ordered<T extends number | bigint | string>(op: Comparison, a: T, b: T): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** `=~` (negate false) and `!~` (negate true) against a compiled pattern. */
export function matchRegex(v: MaybeValue, re: StringMatcher, negate: boolean): boolean {
  if (v === undefined) return false;
  switch (v.type) {
    case 'multi':
      return v.value.some((e) => matchRegex(e, re, negate));
    case 'array': {
      const strings = v.value.filter((e) => e.type === 'string');
      if (strings.length === 0) return false;
      return negate
        ? strings.every((e) => matchRegex(e, re, true))
        : strings.some((e) => matchRegex(e, re, false));
    }
    case 'string':
      return re.matches(v.value) !== negate;
    default:
      return false;
  }
}

/** Truth of a value where a boolean is wanted: true, or a multi with a true value. */
export function isTrue(v: MaybeValue): boolean {
  if (v === undefined) return false;
  if (v.type === 'multi') return v.value.some(isTrue);
  return v.type === 'bool' && v.value;
}

export function not(v: MaybeValue): MaybeValue {
  if (v === undefined) return undefined;
  if (v.type === 'multi') return mapMulti(v.value, not);
  return v.type === 'bool' ? bool(!v.value) : undefined;
}

export function negate(v: MaybeValue): MaybeValue {
  if (v === undefined) return undefined;
  switch (v.type) {
    case 'multi':
      return mapMulti(v.value, negate);
    case 'int':
      return { type: 'int', value: BigInt.asIntN(64, -v.value) };
    case 'float':
    case 'duration':
      return { type: v.type, value: -v.value };
    default:
      return undefined;
  }
}

function mapMulti(values: readonly Value[], f: (v: Value) => MaybeValue): Value {
  const out: Value[] = [];
  for (const e of values) {
    const r = f(e);
    if (r !== undefined) out.push(r);
  }
  return { type: 'multi', value: out };
}

export function arithmetic(op: Arithmetic, l: MaybeValue, r: MaybeValue): MaybeValue {
  if (l === undefined || r === undefined) return undefined;
  if (l.type === 'multi')
    return r.type === 'multi' ? undefined : mapMulti(l.value, (e) => arithmetic(op, e, r));
  if (r.type === 'multi') return mapMulti(r.value, (e) => arithmetic(op, l, e));
  if (!isNumeric(l) || !isNumeric(r)) return undefined;
  if (l.type === 'int' && r.type === 'int') return intArithmetic(op, l.value, r.value);
  const a = Number(l.value);
  const b = Number(r.value);
  const type = l.type === 'float' || r.type === 'float' ? 'float' : 'duration';
  let value: number;
  switch (op) {
    case '+':
      value = a + b;
      break;
    case '-':
      value = a - b;
      break;
    case '*':
      value = a * b;
      break;
    case '/':
      if (b === 0) return undefined;
      value = a / b;
      break;
    case '%':
      if (b === 0) return undefined;
      value = a % b;
      break;
    case '^':
      value = a ** b;
      break;
  }
  return Number.isNaN(value) ? undefined : { type, value };
}

function intArithmetic(op: Arithmetic, a: bigint, b: bigint): MaybeValue {
  let value: bigint;
  switch (op) {
    case '+':
      value = a + b;
      break;
    case '-':
      value = a - b;
      break;
    case '*':
      value = a * b;
      break;
    case '/':
      if (b === 0n) return undefined;
      value = a / b;
      break;
    case '%':
      if (b === 0n) return undefined;
      value = a % b;
      break;
    case '^':
      if (b < 0n) return { type: 'float', value: Number(a) ** Number(b) };
      value = powInt64(a, b);
      break;
  }
  return { type: 'int', value: BigInt.asIntN(64, value) };
}

/** a^b as int64 (wrapping), by squaring: a huge exponent costs 64 steps, not a huge number. */
function powInt64(a: bigint, b: bigint): bigint {
  let result = 1n;
  let base = BigInt.asIntN(64, a);
  let e = b;
  while (e > 0n) {
    if (e & 1n) result = BigInt.asIntN(64, result * base);
    base = BigInt.asIntN(64, base * base);
    e >>= 1n;
  }
  return result;
}
