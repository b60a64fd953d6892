/**
 * Field expressions compiled once per query into functions of (trace, span) → value, so that a
 * filter over 100k spans runs closures instead of walking the tree per span. What the values and
 * operators mean is values.ts; what the fields read is here:
 * - `span.x`, `resource.x`, `instrumentation.x`: that attribute; `.x`: the span's, else its resource's.
 * - `event.x`, `link.x`, `event:name`, `link:traceID`, …: one value per event or link (a `multi`),
 *   so a condition holds when it holds for one of them.
 * - `trace:*`: the same for every span of the trace.
 */
import {
  type AttrValue,
  attrValueToString,
  findAttr,
  SPAN_KIND_NAMES,
  STATUS_NAMES,
} from '../model/types.ts';
import type { Attribute, FieldExpr, Intrinsic } from './ast.ts';
import type { EvalTrace } from './eval-trace.ts';
import type { RegexCache } from './regex.ts';
import {
  arithmetic,
  bool,
  compare,
  FALSE,
  isTrue,
  type MaybeValue,
  matchRegex,
  negate,
  not,
  type Value,
} from './values.ts';

export type SpanValue = (x: EvalTrace, span: number) => MaybeValue;

export function compileField(e: FieldExpr, regexes: RegexCache): SpanValue {
  switch (e.type) {
    case 'static': {
      const v = e.value;
      return () => v;
    }
    case 'attribute':
      return attributeReader(e);
    case 'intrinsic':
      return intrinsicReader(e);
    case 'unary': {
      const operand = compileField(e.operand, regexes);
      return e.op === '!' ? (x, s) => not(operand(x, s)) : (x, s) => negate(operand(x, s));
    }
    case 'nil-test': {
      if (!e.operand) return () => FALSE;
      const operand = compileField(e.operand, regexes);
      const wantPresent = e.op === '!=';
      return (x, s) => bool(isPresent(operand(x, s)) === wantPresent);
    }
    case 'binary':
      return compileBinary(e, regexes);
  }
}

function compileBinary(e: FieldExpr & { type: 'binary' }, regexes: RegexCache): SpanValue {
  const left = compileField(e.left, regexes);
  const right = compileField(e.right, regexes);
  switch (e.op) {
    case '&&':
      return (x, s) => bool(isTrue(left(x, s)) && isTrue(right(x, s)));
    case '||':
      return (x, s) => bool(isTrue(left(x, s)) || isTrue(right(x, s)));
    case '=~':
    case '!~': {
      // The validator made sure the pattern is a string literal that RE2 compiles.
      const pattern = e.right.type === 'static' && e.right.value.type === 'string' ? e.right.value.value : '';
      const re = regexes.compiledFor(pattern);
      const negated = e.op === '!~';
      return (x, s) => bool(matchRegex(left(x, s), re, negated));
    }
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const op = e.op;
      return (x, s) => bool(compare(op, left(x, s), right(x, s)));
    }
    default: {
      const op = e.op;
      return (x, s) => arithmetic(op, left(x, s), right(x, s));
    }
  }
}

function isPresent(v: MaybeValue): boolean {
  return v !== undefined && !(v.type === 'multi' && v.value.length === 0);
}

/** A span attribute value as a TraceQL value; an empty value is no value. */
export function fromAttr(v: AttrValue | undefined): MaybeValue {
  if (v === undefined) return undefined;
  switch (v.type) {
    case 'string':
      return { type: 'string', value: v.value };
    case 'int':
      return { type: 'int', value: v.value };
    case 'double':
      return { type: 'float', value: v.value };
    case 'bool':
      return { type: 'bool', value: v.value };
    case 'array': {
      const elements: Value[] = [];
      for (const e of v.value) {
        const converted = e.type === 'array' ? undefined : fromAttr(e);
        if (converted !== undefined) elements.push(converted);
      }
      return { type: 'array', value: elements };
    }
    case 'empty':
      return undefined;
    default:
      // bytes and key-value lists compare as their text (base64, JSON).
      return { type: 'string', value: attrValueToString(v) };
  }
}

function multi(values: MaybeValue[]): Value {
  return { type: 'multi', value: values.filter((v): v is Value => v !== undefined) };
}

function attributeReader(a: Attribute): SpanValue {
  const key = a.name;
  switch (a.scope) {
    case 'span':
    case 'resource':
    case 'instrumentation': {
      const scope = a.scope;
      return (x, s) => fromAttr(x.trace.attribute(s, scope, key));
    }
    case 'unscoped':
      return (x, s) => fromAttr(x.trace.attribute(s, 'span', key) ?? x.trace.attribute(s, 'resource', key));
    case 'event':
      return (x, s) => multi(x.trace.events(s).map((ev) => fromAttr(findAttr(ev.attributes, key))));
    case 'link':
      return (x, s) => multi(x.trace.links(s).map((l) => fromAttr(findAttr(l.attributes, key))));
  }
}

const string = (value: string): Value => ({ type: 'string', value });
const nonEmpty = (value: string): MaybeValue => (value === '' ? undefined : string(value));
const duration = (value: number): MaybeValue =>
  Number.isNaN(value) ? undefined : { type: 'duration', value };
const int = (value: number): Value => ({ type: 'int', value: BigInt(value) });

function intrinsicReader(i: Intrinsic): SpanValue {
  switch (i.id) {
    case 'duration':
      return (x, s) => duration(x.trace.spanDurationNs(s));
    case 'name':
      return (x, s) => string(x.trace.name(s));
    case 'status':
      return (x, s) => ({ type: 'status', value: STATUS_NAMES[x.trace.status(s)] ?? 'unset' });
    case 'statusMessage':
      return (x, s) => string(x.trace.statusMessage(s));
    case 'kind':
      return (x, s) => ({ type: 'kind', value: SPAN_KIND_NAMES[x.trace.kind(s)] ?? 'unspecified' });
    case 'childCount':
      return (x, s) => int(x.trace.childCount(s));
    case 'spanId':
      return (x, s) => string(x.trace.spanId(s));
    case 'parentId':
      return (x, s) => nonEmpty(x.trace.parentId(s));
    case 'traceDuration':
      return (x) => duration(x.trace.durationNs);
    case 'rootName':
      return (x) => (x.trace.rootName === undefined ? undefined : string(x.trace.rootName));
    case 'rootService':
      return (x) => (x.trace.rootService === undefined ? undefined : string(x.trace.rootService));
    case 'traceId':
      return (x) => string(x.trace.traceId);
    case 'eventName':
      return (x, s) => multi(x.trace.events(s).map((e) => string(e.name)));
    case 'eventTimeSinceStart':
      return (x, s) => multi(x.trace.events(s).map((e) => duration(e.sinceStartNs)));
    case 'linkTraceId':
      return (x, s) => multi(x.trace.links(s).map((l) => string(l.traceId)));
    case 'linkSpanId':
      return (x, s) => multi(x.trace.links(s).map((l) => string(l.spanId)));
    case 'instrumentationName':
      return (x, s) => nonEmpty(x.trace.instrumentation(s).name);
    case 'instrumentationVersion':
      return (x, s) => nonEmpty(x.trace.instrumentation(s).version);
    case 'nestedSetLeft':
      return (x, s) => int(x.nestedSet(s).left);
    case 'nestedSetRight':
      return (x, s) => int(x.nestedSet(s).right);
    case 'nestedSetParent':
      return (x, s) => int(x.nestedSet(s).parent);
    case 'parent':
      // Refused by the validator ("unsupported"); nothing to read.
      return () => undefined;
  }
}
