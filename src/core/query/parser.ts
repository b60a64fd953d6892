/**
 * The TraceQL parser (recursive descent over lexer.ts tokens): `parseQuery(text)` gives a typed
 * tree (ast.ts) with offsets, or throws a TraceQLError of kind 'syntax' naming the position, what
 * was expected and what was found. The grammar and its precedence are TRACEQL.md's:
 *
 *   query    := pipeline [metrics] hints* | metrics-expression second-stages hints*
 *   pipeline := element { '|' stage }     stage: spanset expression, scalar filter, by, select, coalesce
 *
 * Elements (parse-elements.ts) are spanset filters and parenthesised pipelines joined by && || and
 * the structural operators, or scalar filters (`count() > 1`); inside `{ }` are field expressions
 * (parse-field.ts). Type rules are not the parser's: see validate.ts.
 */
import type { Hint, MetricsExpr, Pipeline, QueryAst, Stage } from './ast.ts';
import { parseElement } from './parse-elements.ts';
import { staticValueOf } from './parse-field.ts';
import type { Item } from './parse-items.ts';
import { parseMetricsFunction, parseSecondStages } from './parse-metrics.ts';
import { Cursor } from './parser-cursor.ts';
import { isOneOf, METRICS_FUNCTIONS } from './vocabulary.ts';

const FIRST =
  'a spanset filter such as { status = error }, a scalar filter such as count() > 1, by() or select()';
const STAGE = 'a pipeline stage ({ … }, a scalar filter, by(), select(), coalesce()) or a metrics function';
const COMPARISON = 'a comparison (= != < <= > >=)';

export function parseQuery(text: string): QueryAst {
  const c = new Cursor(text);
  const body = parsePipeline(c, 'root');
  const root = body.cat === 'metrics' ? body.node : asPipeline(c, body);
  const hints: Hint[] = [];
  while (c.is('hint', 'with')) hints.push(...parseHints(c));
  const end = c.peek();
  if (end.kind !== 'eof') c.fail(end, '"|", "with" or the end of the query');
  const from = root.from;
  const to = c.previous?.to ?? 0;
  if (root.type === 'pipeline') return { type: 'spanset-query', pipeline: root, hints, from, to };
  return { type: 'metrics-query', expr: root, hints, from, to };
}

/** A pipeline, or one element; at the root or between parentheses. */
function parsePipeline(c: Cursor, context: 'root' | 'parens'): Item {
  const first = parseElement(c, 1, FIRST, inParens);
  if (first.cat === 'metrics') return withSecondStages(c, first.node);
  if (!c.is('operator', '|')) return first;
  const stages: Stage[] = [asStage(c, first, true)];
  while (c.eat('operator', '|')) {
    const t = c.peek();
    if (t.kind === 'function' && isOneOf(METRICS_FUNCTIONS, t.value)) {
      const source = pipelineOf(stages);
      const fn = parseMetricsFunction(c);
      const second = parseSecondStages(c, inParens);
      const to = second.length > 0 ? second[second.length - 1].to : fn.to;
      return {
        cat: 'metrics',
        node: { type: 'metrics-pipeline', source, fn, stages: second, from: source.from, to },
      };
    }
    if (t.kind === 'function' && (t.value === 'topk' || t.value === 'bottomk'))
      c.fail(t, `${STAGE} (${t.value}() follows a metrics function such as rate())`);
    const element = parseElement(c, 1, STAGE, inParens);
    if (context === 'parens' && element.node.type === 'aggregate' && c.is('punctuation', ')')) {
      const source = pipelineOf(stages);
      return {
        cat: 'scalar-pipeline',
        node: {
          type: 'scalar-pipeline',
          source,
          aggregate: element.node,
          from: source.from,
          to: element.node.to,
        },
      };
    }
    stages.push(asStage(c, element, false));
  }
  return { cat: 'spanset', node: pipelineOf(stages) };
}

function inParens(c: Cursor): Item {
  return parsePipeline(c, 'parens');
}

function withSecondStages(c: Cursor, expr: MetricsExpr): Item {
  const stages = parseSecondStages(c, inParens);
  if (stages.length === 0) return { cat: 'metrics', node: expr };
  const to = stages[stages.length - 1].to;
  if (expr.type === 'metrics-staged')
    return { cat: 'metrics', node: { ...expr, stages: [...expr.stages, ...stages], to } };
  return { cat: 'metrics', node: { type: 'metrics-staged', expr, stages, from: expr.from, to } };
}

function pipelineOf(stages: readonly Stage[]): Pipeline {
  return { type: 'pipeline', stages, from: stages[0].from, to: stages[stages.length - 1].to };
}

/** The root's pipeline; a comparison of parenthesised pipelines may only stand here, alone. */
function asPipeline(c: Cursor, item: Item): Pipeline {
  if (item.cat === 'spanset' && item.node.type === 'pipeline') return item.node;
  if (item.cat === 'scalar-filter' && item.rootOnly) return pipelineOf([item.node]);
  return pipelineOf([asStage(c, item, true)]);
}

function asStage(c: Cursor, item: Item, first: boolean): Stage {
  switch (item.cat) {
    case 'spanset':
      return item.node;
    case 'stage':
      if (first && item.node.type === 'coalesce')
        throw c.error(item.node.from, item.node.to, 'a pipeline cannot start with coalesce()');
      return item.node;
    case 'scalar-filter':
      if (item.rootOnly)
        throw c.error(
          item.node.from,
          item.node.to,
          'a comparison of parenthesised pipelines must be the whole query',
        );
      return item.node;
    case 'metrics':
      throw c.error(item.node.from, item.node.to, 'a metrics query cannot be a stage of a pipeline');
    default:
      return c.fail(c.peek(), COMPARISON);
  }
}

/** `with(name = value, …)`; values are literals (strings, numbers, durations, booleans, keywords). */
function parseHints(c: Cursor): Hint[] {
  c.next();
  c.expect('punctuation', '(', '"("');
  const hints: Hint[] = [];
  do {
    const name = c.peek();
    if (name.kind !== 'identifier') c.fail(name, 'a hint name such as most_recent');
    c.next();
    c.expect('operator', '=', '"="');
    const t = c.peek();
    const value = staticValueOf(c, t);
    if (!value) c.fail(t, 'a hint value (a string, number, duration or true/false)');
    c.next();
    hints.push({ name: name.value, value: value!, from: name.from, to: t.to });
  } while (c.eat('punctuation', ','));
  c.expect('punctuation', ')', '")" or ","');
  return hints;
}
