/**
 * What a compiled query asks of the store, read from its syntax tree:
 *
 * - `leaves`: every spanset filter `{ … }`, wherever it stands (stages, operands, nested pipelines).
 * - `candidate`: a condition on "the trace has a span where leaf i may hold" that every trace the
 *   query matches meets: `A && B` needs both, `A || B` either, a structural operator both sides
 *   (its `!` forms only the right one, whose spans it returns), a pipeline every spanset stage
 *   (each later stage keeps some of the spans the earlier ones kept). Scalar filters, by(),
 *   select() and coalesce() add nothing.
 * - `exact`: for a query that is one stage of filters joined by `&&` / `||` (the common search),
 *   the tree of them: its result (one spanset) then follows from which spans each filter holds on,
 *   which SQL computes without the evaluator. The same when scalar filters SQL can aggregate follow
 *   (`aggregates`: `{ … } | count() > 10`, `avg(duration) > 20ms`; a query that starts with one
 *   has the tree `true`, every span): they keep or drop that one spanset.
 * - `reads`: what the evaluator reads besides the hot columns (span details or not).
 */
import type {
  Aggregate,
  ComparisonOperator,
  Pipeline,
  ScalarExpr,
  SpansetExpr,
  SpansetFilter,
  SpansetQueryAst,
  Stage,
} from '../../../../core/query/ast.ts';
import { aggregateName } from '../../../../core/query/plan.ts';
import type { Value } from '../../../../core/query/values.ts';

export type Formula =
  | { readonly kind: 'true' }
  | { readonly kind: 'leaf'; readonly leaf: number }
  | { readonly kind: 'and' | 'or'; readonly left: Formula; readonly right: Formula };

/** A scalar filter SQL computes: `count()`, or avg / min / max / sum of the span's duration. */
export interface SqlAggregate {
  readonly fn: Aggregate['fn'];
  /** Reported under this name, as the evaluator names it. */
  readonly name: string;
  readonly op: ComparisonOperator;
  readonly threshold: Value;
}

export interface QueryShape {
  readonly leaves: readonly SpansetFilter[];
  readonly candidate: Formula;
  /** Leaves joined by and/or, when the whole query is that, or that and then `aggregates`. */
  readonly exact: Formula | null;
  /** The scalar filters after `exact`, in order ([] without them, or when `exact` is null). */
  readonly aggregates: readonly SqlAggregate[];
  /** The evaluator reads span details: span or unscoped attributes, events, links, statusMessage. */
  readonly readsSpanDetails: boolean;
  /**
   * Stored rows a trace needs to match: a `count() > n` stage of the query counts spans of the trace
   * (each at most one row), so a trace with fewer rows cannot match. 0: no such stage.
   */
  readonly minRows: number;
}

const TRUE: Formula = { kind: 'true' };

function and(left: Formula, right: Formula): Formula {
  if (left.kind === 'true') return right;
  if (right.kind === 'true') return left;
  return { kind: 'and', left, right };
}

export function queryShape(ast: SpansetQueryAst): QueryShape {
  const leaves: SpansetFilter[] = [];
  const leafOf = (f: SpansetFilter): Formula => ({ kind: 'leaf', leaf: leaves.push(f) - 1 });

  const ofPipeline = (p: Pipeline): Formula =>
    p.stages.reduce<Formula>((acc, stage) => and(acc, ofStage(stage)), TRUE);
  const ofStage = (s: Stage): Formula => {
    switch (s.type) {
      case 'filter':
      case 'spanset-op':
      case 'pipeline':
        return ofSpanset(s);
      default:
        return TRUE;
    }
  };
  const ofSpanset = (e: SpansetExpr): Formula => {
    switch (e.type) {
      case 'filter':
        return leafOf(e);
      case 'pipeline':
        return ofPipeline(e);
      case 'spanset-op': {
        const left = ofSpanset(e.left);
        const right = ofSpanset(e.right);
        if (e.op === '||') return { kind: 'or', left, right };
        if (e.op.startsWith('!')) return right;
        return { kind: 'and', left, right };
      }
    }
  };
  const candidate = ofPipeline(ast.pipeline);
  const { exact, aggregates } = exactOf(ast.pipeline, leaves);
  return {
    leaves,
    candidate,
    exact,
    aggregates,
    readsSpanDetails: readsSpanDetails(ast),
    minRows: minRows(ast.pipeline),
  };
}

/** The most rows any top-level `count() > n` (`>=`, `=`) stage asks for. */
function minRows(p: Pipeline): number {
  let rows = 0;
  for (const s of p.stages) {
    if (s.type !== 'scalar-filter' || s.left.type !== 'aggregate' || s.left.fn !== 'count') continue;
    if (s.right.type !== 'static') continue;
    const v = s.right.value;
    const n = v.type === 'int' ? Number(v.value) : v.type === 'float' ? v.value : Number.NaN;
    if (!Number.isFinite(n)) continue;
    const need = s.op === '>' ? Math.floor(n) + 1 : s.op === '>=' || s.op === '=' ? Math.ceil(n) : 0;
    rows = Math.max(rows, need);
  }
  return rows;
}

/**
 * The and/or tree of filters the pipeline's first stage is (true when it starts with a scalar
 * filter), with leaf numbers as `queryShape` gave them, when every other stage is a scalar filter
 * SQL aggregates.
 */
function exactOf(
  p: Pipeline,
  leaves: readonly SpansetFilter[],
): { exact: Formula | null; aggregates: SqlAggregate[] } {
  const none = { exact: null, aggregates: [] };
  const walk = (e: Stage): Formula | null => {
    if (e.type === 'filter') return { kind: 'leaf', leaf: leaves.indexOf(e) };
    if (e.type === 'pipeline') return e.stages.length === 1 ? walk(e.stages[0]) : null;
    if (e.type !== 'spanset-op' || (e.op !== '&&' && e.op !== '||')) return null;
    const left = walk(e.left);
    const right = walk(e.right);
    return left && right ? { kind: e.op === '&&' ? 'and' : 'or', left, right } : null;
  };
  const [first, ...rest] = p.stages;
  const exact = first.type === 'scalar-filter' ? TRUE : walk(first);
  if (!exact) return none;
  const aggregates: SqlAggregate[] = [];
  for (const s of first.type === 'scalar-filter' ? p.stages : rest) {
    const a = s.type === 'scalar-filter' ? sqlAggregate(s.left, s.op, s.right) : null;
    if (!a) return none;
    aggregates.push(a);
  }
  return { exact, aggregates };
}

/** `aggregate op constant` when SQL computes the aggregate exactly (count, or of span durations). */
function sqlAggregate(left: ScalarExpr, op: ComparisonOperator, right: ScalarExpr): SqlAggregate | null {
  if (left.type !== 'aggregate' || right.type !== 'static') return null;
  const ofDuration = left.arg?.type === 'intrinsic' && left.arg.id === 'duration';
  if (left.fn !== 'count' && !ofDuration) return null;
  return { fn: left.fn, name: aggregateName(left), op, threshold: right.value };
}

const DETAIL_INTRINSICS = new Set([
  'statusMessage',
  'eventName',
  'eventTimeSinceStart',
  'linkTraceId',
  'linkSpanId',
]);

/** Whether any field of the query is read from a span's details (attributes, events, links, status message). */
function readsSpanDetails(ast: SpansetQueryAst): boolean {
  let reads = false;
  const visit = (node: unknown): void => {
    if (reads || node === null || typeof node !== 'object') return;
    const n = node as { type?: unknown; scope?: unknown; id?: unknown };
    if (n.type === 'attribute' && n.scope !== 'resource' && n.scope !== 'instrumentation') reads = true;
    else if (n.type === 'intrinsic' && DETAIL_INTRINSICS.has(n.id as string)) reads = true;
    else for (const value of Object.values(node)) visit(value);
  };
  visit(ast.pipeline);
  return reads;
}

/** The formula as SQL over columns named by `leafSql(i)`. */
export function formulaSql(f: Formula, leafSql: (leaf: number) => string): string {
  switch (f.kind) {
    case 'true':
      return 'TRUE';
    case 'leaf':
      return leafSql(f.leaf);
    default:
      return `(${formulaSql(f.left, leafSql)} ${f.kind === 'and' ? 'AND' : 'OR'} ${formulaSql(f.right, leafSql)})`;
  }
}

/**
 * The spans of the exact tree's result, as SQL: a leaf's spans count when every `&&` above it has
 * both sides non-empty (`nonEmpty(i)`: the trace has a span where leaf i holds).
 */
export function resultSpansSql(
  f: Formula,
  spanSql: (leaf: number) => string,
  nonEmpty: (leaf: number) => string,
): string {
  const walk = (node: Formula, live: string): string[] => {
    switch (node.kind) {
      case 'true':
        return [live];
      case 'leaf':
        return [`(${live} AND ${spanSql(node.leaf)})`];
      case 'or':
        return [...walk(node.left, live), ...walk(node.right, live)];
      case 'and': {
        const both = `${live} AND ${formulaSql(node.left, nonEmpty)} AND ${formulaSql(node.right, nonEmpty)}`;
        return [...walk(node.left, both), ...walk(node.right, both)];
      }
    }
  };
  return `(${walk(f, 'TRUE').join(' OR ')})`;
}
