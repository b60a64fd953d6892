/**
 * Tempo's static rules for a parsed query: types (`{ 1 = "foo" }`, `{ status > ok }`), presence
 * tests intrinsics cannot fail (`{ span:status = nil }`), aggregates and by() that must read the
 * span, regexes RE2 accepts, and what is parsed but not evaluated yet (`parent.`, scalar filters
 * other than `aggregate CMP number`). Children are checked before their parent, left to right, so
 * the first problem in the text is the one reported (a type error inside an unsupported form wins).
 */
import type {
  FieldExpr,
  Located,
  MetricsExpr,
  Pipeline,
  QueryAst,
  ScalarExpr,
  SecondStage,
  SpansetExpr,
  Stage,
  Static,
} from './ast.ts';
import { TraceQLError, type TraceQLErrorKind } from './errors.ts';
import { formatField } from './format.ts';
import type { RegexCache } from './regex.ts';
import { type ImpliedType, intrinsicType } from './vocabulary.ts';

/** Throws the first problem as a TraceQLError of kind type, regex or unsupported. */
export function validateQuery(text: string, ast: QueryAst, regexes: RegexCache): void {
  new Validator(text, regexes).query(ast);
}

const NUMERIC: ReadonlySet<ImpliedType> = new Set(['int', 'float', 'duration']);
const COMPARISON = new Set(['=', '!=', '<', '<=', '>', '>=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^']);

function matching(a: ImpliedType, b: ImpliedType): boolean {
  return (
    a === 'attribute' ||
    b === 'attribute' ||
    a === b ||
    (NUMERIC.has(a) && NUMERIC.has(b)) ||
    a === 'nil' ||
    b === 'nil'
  );
}

/** Which operators a type allows (Tempo's table). */
function allows(op: string, t: ImpliedType): boolean {
  if (t === 'attribute') return true;
  if (t === 'bool') return op === '&&' || op === '||' || op === '=' || op === '!=';
  if (NUMERIC.has(t)) return ARITHMETIC.has(op) || COMPARISON.has(op);
  if (t === 'string') return COMPARISON.has(op) || op === '=~' || op === '!~';
  return op === '=' || op === '!=';
}

const ARTICLE: Record<ImpliedType, string> = {
  string: 'a string',
  int: 'an int',
  float: 'a float',
  duration: 'a duration',
  bool: 'a boolean',
  status: 'a status',
  kind: 'a kind',
  nil: 'nil',
  attribute: 'an attribute',
};

function typeOfField(e: FieldExpr): ImpliedType {
  switch (e.type) {
    case 'static':
      return e.value.type;
    case 'attribute':
      return 'attribute';
    case 'intrinsic':
      return intrinsicType(e.id);
    case 'unary':
      return e.op === '!' ? 'bool' : typeOfField(e.operand);
    case 'nil-test':
      return 'bool';
    case 'binary': {
      if (!ARITHMETIC.has(e.op)) return 'bool';
      const left = typeOfField(e.left);
      return left === 'attribute' ? typeOfField(e.right) : left;
    }
  }
}

function typeOfScalar(e: ScalarExpr): ImpliedType {
  switch (e.type) {
    case 'aggregate':
      if (e.fn === 'count') return 'int';
      if (e.fn === 'avg') return 'float';
      return e.arg ? typeOfField(e.arg) : 'attribute';
    case 'static':
      return e.value.type;
    case 'scalar-pipeline':
      return typeOfScalar(e.aggregate);
    case 'scalar-binary': {
      const left = typeOfScalar(e.left);
      return left === 'attribute' ? typeOfScalar(e.right) : left;
    }
  }
}

/** Whether the expression reads something of the span (an attribute or an intrinsic). */
function readsSpan(e: FieldExpr): boolean {
  switch (e.type) {
    case 'attribute':
    case 'intrinsic':
      return true;
    case 'static':
      return false;
    case 'unary':
      return readsSpan(e.operand);
    case 'nil-test':
      return e.operand !== null && readsSpan(e.operand);
    case 'binary':
      return readsSpan(e.left) || readsSpan(e.right);
  }
}

function usesCompare(e: MetricsExpr | Static): boolean {
  switch (e.type) {
    case 'metrics-pipeline':
      return e.fn.name === 'compare';
    case 'metrics-staged':
      return usesCompare(e.expr);
    case 'metrics-binary':
      return usesCompare(e.left) || usesCompare(e.right);
    default:
      return false;
  }
}

class Validator {
  constructor(
    private readonly text: string,
    private readonly regexes: RegexCache,
  ) {}

  private fail(kind: TraceQLErrorKind, at: Located, detail: string): never {
    throw new TraceQLError(kind, at.from, at.to, detail, this.text);
  }

  private show(at: Located): string {
    const s = this.text.slice(at.from, at.to);
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
  }

  query(ast: QueryAst): void {
    if (ast.type === 'spanset-query') this.pipeline(ast.pipeline);
    else this.metrics(ast.expr);
  }

  private pipeline(p: Pipeline): void {
    for (const stage of p.stages) this.stage(stage);
  }

  private stage(s: Stage): void {
    switch (s.type) {
      case 'scalar-filter': {
        this.scalar(s.left);
        this.scalar(s.right);
        this.operands(s, s.op, typeOfScalar(s.left), typeOfScalar(s.right));
        if (s.left.type !== 'aggregate' || s.right.type !== 'static')
          this.fail(
            'unsupported',
            s,
            `scalar filters other than "aggregate ${s.op} number" (such as count() > 2) are not supported yet: ${this.show(s)}`,
          );
        return;
      }
      case 'by':
        this.field(s.expr);
        if (!readsSpan(s.expr))
          this.fail('type', s.expr, `by() must group by something of the span: ${this.show(s)}`);
        return;
      case 'select':
        for (const f of s.fields) this.field(f);
        return;
      case 'coalesce':
        return;
      default:
        this.spanset(s);
    }
  }

  private spanset(e: SpansetExpr): void {
    switch (e.type) {
      case 'pipeline':
        this.pipeline(e);
        return;
      case 'spanset-op':
        this.spanset(e.left);
        this.spanset(e.right);
        return;
      case 'filter': {
        if (!e.expr) return;
        this.field(e.expr);
        const t = typeOfField(e.expr);
        if (t !== 'bool' && t !== 'attribute')
          this.fail(
            'type',
            e.expr,
            `a spanset filter must be a condition (true or false), not ${ARTICLE[t]}: ${this.show(e)}`,
          );
      }
    }
  }

  private scalar(e: ScalarExpr): void {
    switch (e.type) {
      case 'static':
        return;
      case 'scalar-pipeline':
        this.pipeline(e.source);
        this.scalar(e.aggregate);
        return;
      case 'scalar-binary':
        this.scalar(e.left);
        this.scalar(e.right);
        this.operands(e, e.op, typeOfScalar(e.left), typeOfScalar(e.right));
        return;
      case 'aggregate': {
        if (!e.arg) return;
        this.field(e.arg);
        const t = typeOfField(e.arg);
        if (t !== 'attribute' && !NUMERIC.has(t))
          this.fail('type', e.arg, `${e.fn}() needs a number, not ${ARTICLE[t]}: ${this.show(e)}`);
        if (!readsSpan(e.arg))
          this.fail('type', e.arg, `${e.fn}() must aggregate something of the span: ${this.show(e)}`);
      }
    }
  }

  /** Tempo's operand rules: both sides of one type (numbers mix) and a type the operator allows. */
  private operands(at: Located, op: string, left: ImpliedType, right: ImpliedType): void {
    if (!matching(left, right))
      this.fail(
        'type',
        at,
        `"${op}" needs two values of one type, not ${ARTICLE[left]} and ${ARTICLE[right]}: ${this.show(at)}`,
      );
    const wrong = allows(op, left) ? (allows(op, right) ? undefined : right) : left;
    if (wrong) this.fail('type', at, `"${op}" does not apply to ${ARTICLE[wrong]}: ${this.show(at)}`);
  }

  private field(e: FieldExpr): void {
    switch (e.type) {
      case 'static':
        return;
      case 'attribute':
        if (e.parent)
          this.fail('unsupported', e, `parent. attributes are not supported yet: ${this.show(e)}`);
        return;
      case 'intrinsic':
        if (e.id === 'parent') this.fail('unsupported', e, 'the parent intrinsic is not supported yet');
        return;
      case 'unary': {
        this.field(e.operand);
        const t = typeOfField(e.operand);
        const ok = t === 'attribute' || (e.op === '!' ? t === 'bool' : NUMERIC.has(t));
        if (!ok) this.fail('type', e, `"${e.op}" does not apply to ${ARTICLE[t]}: ${this.show(e)}`);
        return;
      }
      case 'nil-test':
        this.nilTest(e);
        return;
      case 'binary':
        this.field(e.left);
        this.field(e.right);
        this.operands(e, e.op, typeOfField(e.left), typeOfField(e.right));
        if (e.op === '=~' || e.op === '!~') this.regex(e.right, e.op);
    }
  }

  private nilTest(e: FieldExpr & { type: 'nil-test' }): void {
    if (!e.operand) return;
    this.field(e.operand);
    if (e.op !== '=') return;
    if (e.operand.type === 'intrinsic')
      this.fail('type', e, `${e.operand.spelling} = nil can never hold: intrinsics always have a value`);
    const a = e.operand;
    if (a.type === 'attribute' && a.scope === 'resource' && !a.parent && a.name === 'service.name')
      this.fail('type', e, 'resource.service.name = nil can never hold: every span has a service name');
  }

  private regex(pattern: FieldExpr, op: string): void {
    if (pattern.type !== 'static' || pattern.value.type !== 'string')
      this.fail(
        'type',
        pattern,
        `the right side of ${op} must be a string (the pattern), not ${formatField(pattern)}`,
      );
    const compiled = this.regexes.get(pattern.value.value);
    if ('error' in compiled)
      this.fail('regex', pattern, `RE2 refuses the pattern ${this.show(pattern)}: ${compiled.error}`);
  }

  private metrics(e: MetricsExpr): void {
    switch (e.type) {
      case 'metrics-pipeline': {
        this.pipeline(e.source);
        const fn = e.fn;
        if (fn.field) this.field(fn.field);
        if (fn.compare) this.spanset(fn.compare.filter);
        for (const f of fn.by) this.field(f);
        this.secondStages(e.stages);
        if (fn.name === 'compare' && e.stages.length > 0)
          this.fail('type', e.stages[0], 'compare() cannot be followed by topk(), bottomk() or a threshold');
        return;
      }
      case 'metrics-staged':
        this.metrics(e.expr);
        this.secondStages(e.stages);
        if (usesCompare(e.expr))
          this.fail('type', e.stages[0], 'compare() cannot be followed by topk(), bottomk() or a threshold');
        return;
      case 'metrics-binary':
        for (const side of [e.left, e.right]) if (side.type !== 'static') this.metrics(side);
        if (usesCompare(e)) this.fail('type', e, 'compare() cannot be used in metrics arithmetic');
    }
  }

  private secondStages(stages: readonly SecondStage[]): void {
    for (const s of stages)
      if (s.type === 'top-k' && s.k <= 0n)
        this.fail('type', s, `${s.fn}() needs a count above 0: ${this.show(s)}`);
  }
}
