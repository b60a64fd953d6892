/**
 * The tree printed back as TraceQL: `parseQuery(formatQuery(ast))` gives the same tree (offsets
 * apart). Parentheses appear only where precedence needs them; spacing is canonical. The editor and
 * messages use it to show a query or a part of one (`formatField`).
 */
import type {
  Attribute,
  FieldExpr,
  Hint,
  MetricsExpr,
  MetricsFunction,
  Pipeline,
  QueryAst,
  ScalarExpr,
  SecondStage,
  SpansetExpr,
  Stage,
  StaticValue,
} from './ast.ts';
import { MAX_INT } from './literals.ts';
import { FIELD_OPERATOR_LEVEL, NOT_OPERAND_LEVEL } from './parse-field.ts';
import { TOP_OPERATOR_LEVEL } from './parse-items.ts';

const NEGATE_LEVEL = 7;
const NOT_LEVEL = 4;

export function formatQuery(q: QueryAst): string {
  const body = q.type === 'spanset-query' ? formatPipeline(q.pipeline) : formatMetrics(q.expr, 0);
  return q.hints.length > 0 ? `${body} ${formatHints(q.hints)}` : body;
}

function formatHints(hints: readonly Hint[]): string {
  return `with(${hints.map((h) => `${h.name}=${formatStatic(h.value, 'field')}`).join(', ')})`;
}

function formatPipeline(p: Pipeline): string {
  return p.stages.map(formatStage).join(' | ');
}

function formatStage(s: Stage): string {
  switch (s.type) {
    case 'scalar-filter':
      return `${formatScalar(s.left, 3)} ${s.op} ${formatScalar(s.right, 3)}`;
    case 'by':
      return `by(${formatField(s.expr)})`;
    case 'select':
      return `select(${s.fields.map(formatField).join(', ')})`;
    case 'coalesce':
      return 'coalesce()';
    default:
      return formatSpanset(s, 0);
  }
}

function formatSpanset(e: SpansetExpr, minLevel: number): string {
  switch (e.type) {
    case 'filter':
      return e.expr ? `{ ${formatField(e.expr)} }` : '{ }';
    case 'pipeline':
      return `(${formatPipeline(e)})`;
    case 'spanset-op': {
      const level = TOP_OPERATOR_LEVEL[e.op] === 1 ? 1 : 2;
      const text = `${formatSpanset(e.left, level)} ${e.op} ${formatSpanset(e.right, level + 1)}`;
      return level < minLevel ? `(${text})` : text;
    }
  }
}

function formatScalar(e: ScalarExpr, minLevel: number): string {
  switch (e.type) {
    case 'aggregate':
      return `${e.fn}(${e.arg ? formatField(e.arg) : ''})`;
    case 'static':
      return formatStatic(e.value, 'scalar');
    case 'scalar-pipeline':
      return `(${formatPipeline(e.source)} | ${formatScalar(e.aggregate, 0)})`;
    case 'scalar-binary': {
      const level = TOP_OPERATOR_LEVEL[e.op];
      const right = e.op === '^' ? level : level + 1;
      const text = `${formatScalar(e.left, e.op === '^' ? level + 1 : level)} ${e.op} ${formatScalar(e.right, right)}`;
      return level < minLevel ? `(${text})` : text;
    }
  }
}

function formatMetrics(e: MetricsExpr | ScalarExpr, minLevel: number): string {
  switch (e.type) {
    case 'metrics-pipeline': {
      const text = `${formatPipeline(e.source)} | ${formatMetricsFunction(e.fn)}${formatSecondStages(e.stages)}`;
      return minLevel > 0 ? `(${text})` : text;
    }
    case 'metrics-staged': {
      const text = `${formatMetrics(e.expr, 3)}${formatSecondStages(e.stages)}`;
      return minLevel > 0 ? `(${text})` : text;
    }
    case 'metrics-binary': {
      const level = TOP_OPERATOR_LEVEL[e.op];
      const text = `${formatMetrics(e.left, level)} ${e.op} ${formatMetrics(e.right, level + 1)}`;
      return level < minLevel ? `(${text})` : text;
    }
    default:
      return formatScalar(e, minLevel);
  }
}

function formatMetricsFunction(f: MetricsFunction): string {
  const args: string[] = [];
  if (f.compare) args.push(formatSpanset(f.compare.filter, 0), ...f.compare.numbers.map(String));
  if (f.field) args.push(formatField(f.field));
  args.push(...f.quantiles.map(String));
  const by = f.by.length > 0 ? ` by(${f.by.map(formatField).join(', ')})` : '';
  return `${f.name}(${args.join(', ')})${by}`;
}

function formatSecondStages(stages: readonly SecondStage[]): string {
  return stages
    .map((s) =>
      s.type === 'top-k' ? ` | ${s.fn}(${s.k})` : ` ${s.op} ${formatStatic(s.value.value, 'scalar')}`,
    )
    .join('');
}

/** A field expression (what `{ }`, by() and aggregates hold) as TraceQL. */
export function formatField(e: FieldExpr, minLevel = 0): string {
  let level: number;
  let text: string;
  switch (e.type) {
    case 'static':
      return formatStatic(e.value, 'field');
    case 'attribute':
      return formatAttribute(e);
    case 'intrinsic':
      return e.spelling;
    case 'binary': {
      level = FIELD_OPERATOR_LEVEL[e.op];
      const leftLevel = e.op === '^' ? level + 1 : level;
      const rightLevel = e.op === '^' ? level : level + 1;
      text = `${formatField(e.left, leftLevel)} ${e.op} ${formatField(e.right, rightLevel)}`;
      break;
    }
    case 'unary':
      level = e.op === '!' ? NOT_LEVEL : NEGATE_LEVEL;
      text = `${e.op}${formatField(e.operand, e.op === '!' ? NOT_OPERAND_LEVEL : NEGATE_LEVEL)}`;
      break;
    case 'nil-test':
      level = FIELD_OPERATOR_LEVEL['='];
      if (e.operand === null) text = `nil ${e.op} nil`;
      else if (e.nilFirst) text = `nil ${e.op} ${formatField(e.operand, FIELD_OPERATOR_LEVEL['+'])}`;
      else text = `${formatField(e.operand, level)} ${e.op} nil`;
      break;
  }
  return level < minLevel ? `(${text})` : text;
}

const ATTRIBUTE_END = /[\s{}()=~!<>&|^,"]/u;

export function formatAttribute(a: Attribute): string {
  const prefix = a.parent
    ? `parent.${a.scope === 'unscoped' ? '' : `${a.scope}.`}`
    : a.scope === 'unscoped'
      ? '.'
      : `${a.scope}.`;
  const plain =
    a.name !== '' &&
    !ATTRIBUTE_END.test(a.name) &&
    // `.5` would read as a number, `parent.span.x` as a span attribute of the parent.
    !(prefix === '.' && /^\d/.test(a.name)) &&
    !(prefix === 'parent.' && /^(span|resource)\./.test(a.name));
  return plain ? `${prefix}${a.name}` : `${prefix}"${a.name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function formatStatic(v: StaticValue, context: 'field' | 'scalar'): string {
  switch (v.type) {
    case 'string':
      return formatString(v.value);
    case 'int':
      if (v.value === -MAX_INT - 1n) return context === 'field' ? 'minInt' : `(-${MAX_INT} - 1)`;
      return v.value.toString();
    case 'float':
      return formatFloat(v.value);
    case 'duration':
      return formatDuration(v.value);
    default:
      return String(v.value);
  }
}

function formatString(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters must be escaped
  const body = s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\' || c === '"') return `\\${c}`;
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${body}"`;
}

function formatFloat(f: number): string {
  if (Object.is(f, -0)) return '-0.0';
  const s = String(f);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const DURATION_UNITS: readonly [string, number][] = [
  ['h', 3600e9],
  ['m', 60e9],
  ['s', 1e9],
  ['ms', 1e6],
  ['us', 1e3],
  ['ns', 1],
];

/** Go-style (`1h30m`, `1s500ms`), which the lexer reads back to the same nanoseconds. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  let rest = Math.abs(ns);
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return ns < 0 ? `-${out}` : out;
}
