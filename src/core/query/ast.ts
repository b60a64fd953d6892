/**
 * The TraceQL syntax tree. Every node has the [from, to) offsets of its text. Parentheses leave no
 * node: the tree's shape is the grouping, and the printer (format.ts) puts back the ones it needs.
 * Constants in scalar and metrics positions are folded at parse time (`1 - 3` is the static -2), as
 * Tempo does; field expressions inside `{ }` keep their shape.
 */
import type {
  AggregateFn,
  AttributeScope,
  IntrinsicId,
  KindName,
  MetricsFn,
  SecondStageFn,
  StatusName,
} from './vocabulary.ts';

export interface Located {
  readonly from: number;
  readonly to: number;
}

/** A parsed query: a spanset query (filters, pipelines) or a metrics query (not evaluated yet). */
export type QueryAst = SpansetQueryAst | MetricsQueryAst;

export interface SpansetQueryAst extends Located {
  readonly type: 'spanset-query';
  readonly pipeline: Pipeline;
  readonly hints: readonly Hint[];
}

export interface MetricsQueryAst extends Located {
  readonly type: 'metrics-query';
  readonly expr: MetricsExpr;
  readonly hints: readonly Hint[];
}

/** `with(name=value, …)` */
export interface Hint extends Located {
  readonly name: string;
  readonly value: StaticValue;
}

/** Stages joined by `|`; as a spanset expression, a parenthesised pipeline. */
export interface Pipeline extends Located {
  readonly type: 'pipeline';
  readonly stages: readonly Stage[];
}

export type Stage = SpansetExpr | ScalarFilter | GroupBy | Select | Coalesce;

export type SpansetExpr = SpansetFilter | SpansetOperation | Pipeline;

/** `{ expr }`; `{}` has no expression and holds for every span. */
export interface SpansetFilter extends Located {
  readonly type: 'filter';
  readonly expr: FieldExpr | null;
}

export const SPANSET_OPERATORS = [
  '&&',
  '||',
  '>',
  '<',
  '>>',
  '<<',
  '~',
  '!>',
  '!<',
  '!>>',
  '!<<',
  '!~',
  '&>',
  '&<',
  '&>>',
  '&<<',
  '&~',
] as const;
export type SpansetOperator = (typeof SPANSET_OPERATORS)[number];

export interface SpansetOperation extends Located {
  readonly type: 'spanset-op';
  readonly op: SpansetOperator;
  readonly left: SpansetExpr;
  readonly right: SpansetExpr;
}

export const COMPARISON_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];
export const ARITHMETIC_OPERATORS = ['+', '-', '*', '/', '%', '^'] as const;
export type ArithmeticOperator = (typeof ARITHMETIC_OPERATORS)[number];

/** `aggregate CMP constant` and the forms Tempo parses but does not evaluate (see validate.ts). */
export interface ScalarFilter extends Located {
  readonly type: 'scalar-filter';
  readonly op: ComparisonOperator;
  readonly left: ScalarExpr;
  readonly right: ScalarExpr;
}

export type ScalarExpr = Aggregate | Static | ScalarBinary | ScalarPipeline;

/** `count()`, `avg(f)`, `min(f)`, `max(f)`, `sum(f)`. */
export interface Aggregate extends Located {
  readonly type: 'aggregate';
  readonly fn: AggregateFn;
  readonly arg: FieldExpr | null;
}

export interface ScalarBinary extends Located {
  readonly type: 'scalar-binary';
  readonly op: ArithmeticOperator;
  readonly left: ScalarExpr;
  readonly right: ScalarExpr;
}

/** `({ … } | … | count())`: a pipeline ending in an aggregate, compared at the root only. */
export interface ScalarPipeline extends Located {
  readonly type: 'scalar-pipeline';
  readonly source: Pipeline;
  readonly aggregate: Aggregate;
}

/** `by(expr)`: splits each spanset by the value of expr. */
export interface GroupBy extends Located {
  readonly type: 'by';
  readonly expr: FieldExpr;
}

/** `select(a, b, …)`: adds these fields to the result spans. */
export interface Select extends Located {
  readonly type: 'select';
  readonly fields: readonly Field[];
}

/** `coalesce()`: merges all spansets into one. */
export interface Coalesce extends Located {
  readonly type: 'coalesce';
}

export type FieldExpr = Static | Attribute | Intrinsic | FieldBinary | FieldUnary | NilTest;

/** What select(), by-lists of metrics and metrics functions take: a plain attribute or intrinsic. */
export type Field = Attribute | Intrinsic;

export const FIELD_BINARY_OPERATORS = [
  ...ARITHMETIC_OPERATORS,
  ...COMPARISON_OPERATORS,
  '=~',
  '!~',
  '&&',
  '||',
] as const;
export type FieldBinaryOperator = (typeof FIELD_BINARY_OPERATORS)[number];

export interface FieldBinary extends Located {
  readonly type: 'binary';
  readonly op: FieldBinaryOperator;
  readonly left: FieldExpr;
  readonly right: FieldExpr;
}

export interface FieldUnary extends Located {
  readonly type: 'unary';
  readonly op: '!' | '-';
  readonly operand: FieldExpr;
}

/**
 * `x = nil` (x absent) / `x != nil` (x present); `nil = nil` and `nil != nil` have no operand (and
 * are false, as in Tempo). nilFirst: written `nil = x` (kept so that printing gives back the text).
 */
export interface NilTest extends Located {
  readonly type: 'nil-test';
  readonly op: '=' | '!=';
  readonly operand: FieldExpr | null;
  readonly nilFirst: boolean;
}

export interface Attribute extends Located {
  readonly type: 'attribute';
  readonly scope: AttributeScope;
  /** Under `parent.` (parses; "unsupported" at validation). */
  readonly parent: boolean;
  readonly name: string;
}

export interface Intrinsic extends Located {
  readonly type: 'intrinsic';
  readonly id: IntrinsicId;
  /** As written: `duration`, `span:duration`, `rootServiceName`, … */
  readonly spelling: string;
}

export interface Static extends Located {
  readonly type: 'static';
  readonly value: StaticValue;
}

export type StaticValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number }
  /** Nanoseconds. */
  | { readonly type: 'duration'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'status'; readonly value: StatusName }
  | { readonly type: 'kind'; readonly value: KindName };

export type MetricsExpr = MetricsPipeline | MetricsBinary | MetricsStaged;

/** `pipeline | rate() by(…) | topk(10) > 5` */
export interface MetricsPipeline extends Located {
  readonly type: 'metrics-pipeline';
  readonly source: Pipeline;
  readonly fn: MetricsFunction;
  readonly stages: readonly SecondStage[];
}

export interface MetricsFunction extends Located {
  readonly type: 'metrics-function';
  readonly name: MetricsFn;
  /** The field of min/max/avg/sum/quantile/histogram_over_time. */
  readonly field: Field | null;
  /** quantile_over_time's quantiles. */
  readonly quantiles: readonly number[];
  /** compare()'s spanset filter and its optional integers (top N; start and end). */
  readonly compare: { readonly filter: SpansetFilter; readonly numbers: readonly bigint[] } | null;
  readonly by: readonly Field[];
}

/** Arithmetic between parenthesised metrics queries, or with a number. */
export interface MetricsBinary extends Located {
  readonly type: 'metrics-binary';
  readonly op: '+' | '-' | '*' | '/';
  readonly left: MetricsExpr | Static;
  readonly right: MetricsExpr | Static;
}

/** Second stages after metrics arithmetic: `(… ) + (…) | topk(5) > 10`. */
export interface MetricsStaged extends Located {
  readonly type: 'metrics-staged';
  readonly expr: MetricsExpr;
  readonly stages: readonly SecondStage[];
}

export type SecondStage = TopK | MetricsThreshold;

export interface TopK extends Located {
  readonly type: 'top-k';
  readonly fn: SecondStageFn;
  readonly k: bigint;
}

/** `> 10` after a metrics function: keeps the points that compare true. */
export interface MetricsThreshold extends Located {
  readonly type: 'metrics-threshold';
  readonly op: ComparisonOperator;
  readonly value: Static;
}
