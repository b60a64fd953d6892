/**
 * The one entry point for a query text: parse, validate, refuse metrics queries, compile regexes
 * and the evaluation plan. A Query can be evaluated against any number of traces (evaluate.ts).
 */
import type { Hint, SpansetQueryAst } from './ast.ts';
import { TraceQLError } from './errors.ts';
import { parseQuery } from './parser.ts';
import { planPipeline, type StagePlan } from './plan.ts';
import { RegexCache } from './regex.ts';
import { validateQuery } from './validate.ts';

export interface Query {
  readonly text: string;
  readonly ast: SpansetQueryAst;
  /** `with(…)`: e.g. most_recent=true (the search orders by it; evaluation ignores hints). */
  readonly hints: readonly Hint[];
  readonly plan: StagePlan;
}

/**
 * Throws a TraceQLError: kind syntax, type, regex or unsupported for a bad query, metrics for a
 * valid metrics query (`| rate()`, …), which Spanscope does not evaluate yet.
 */
export function compileQuery(text: string): Query {
  const ast = parseQuery(text);
  const regexes = new RegexCache();
  validateQuery(text, ast, regexes);
  if (ast.type === 'metrics-query')
    throw new TraceQLError(
      'metrics',
      ast.from,
      ast.to,
      'metrics queries (rate(), count_over_time(), …) are not supported yet; search with a spanset query such as { status = error }',
      text,
    );
  return { text, ast, hints: ast.hints, plan: planPipeline(ast.pipeline, regexes) };
}
