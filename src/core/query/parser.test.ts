import { describe, expect, test } from 'vitest';
import { withoutOffsets } from '../../testing/query-support.ts';
import type { FieldExpr, SpansetExpr } from './ast.ts';
import { TraceQLError } from './errors.ts';
import { formatField, formatQuery } from './format.ts';
import { parseQuery } from './parser.ts';

function parseError(query: string): TraceQLError {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof TraceQLError) return err;
    throw err;
  }
  throw new Error(`${query} parsed`);
}

/** The filter's expression printed fully parenthesised: the grouping the parser chose. */
function grouping(query: string): string {
  const ast = parseQuery(query);
  if (ast.type !== 'spanset-query') throw new Error('not a spanset query');
  const filter = ast.pipeline.stages[0] as SpansetExpr;
  if (filter.type !== 'filter' || !filter.expr) throw new Error('not a filter');
  return parenthesise(filter.expr);
}

function parenthesise(e: FieldExpr): string {
  switch (e.type) {
    case 'binary':
      return `(${parenthesise(e.left)} ${e.op} ${parenthesise(e.right)})`;
    case 'unary':
      return `(${e.op}${parenthesise(e.operand)})`;
    case 'nil-test':
      return `(${e.operand ? parenthesise(e.operand) : 'nil'} ${e.op} nil)`;
    default:
      return formatField(e);
  }
}

function spansetGrouping(query: string): string {
  const ast = parseQuery(query);
  if (ast.type !== 'spanset-query') throw new Error('not a spanset query');
  const show = (e: SpansetExpr): string =>
    e.type === 'spanset-op'
      ? `(${show(e.left)} ${e.op} ${show(e.right)})`
      : e.type === 'filter'
        ? formatField(e.expr!)
        : '(…)';
  return show(ast.pipeline.stages[0] as SpansetExpr);
}

describe('parseQuery: precedence (TRACEQL.md)', () => {
  test.each([
    ['{ .a * .b + .c }', '((.a * .b) + .c)'],
    ['{ .a + .b * .c }', '(.a + (.b * .c))'],
    ['{ .a + .b ^ .c ^ .d }', '(.a + (.b ^ (.c ^ .d)))'],
    ['{ .a = .b + .c }', '(.a = (.b + .c))'],
    ['{ .a && .b = .c }', '(.a && (.b = .c))'],
    ['{ .a || .b && .c }', '((.a || .b) && .c)'],
    ['{ !.a = .b }', '((!.a) = .b)'],
    ['{ !.a * .b }', '(!(.a * .b))'],
    ['{ !.a + .b }', '((!.a) + .b)'],
    ['{ -.a ^ 2 }', '((-.a) ^ 2)'],
    ['{ .c - -.a + .b }', '((.c - (-.a)) + .b)'],
    ['{ .a = nil && .b != nil }', '((.a = nil) && (.b != nil))'],
    ['{ .a + 1 = nil }', '((.a + 1) = nil)'],
    ['{ nil = .a + 1 }', '((.a + 1) = nil)'],
    ['{ .a =~ "x" || .b !~ "y" }', '((.a =~ "x") || (.b !~ "y"))'],
  ])('%s groups as %s', (query, expected) => {
    expect(grouping(query)).toBe(expected);
  });

  test.each([
    ['{ .a } && { .b } >> { .c }', '(.a && (.b >> .c))'],
    ['{ .a } >> { .b } && { .c }', '((.a >> .b) && .c)'],
    ['{ .a } >> { .b } ~ { .c }', '((.a >> .b) ~ .c)'],
    ['{ .a } || { .b } && { .c }', '((.a || .b) && .c)'],
    ['({ .a } && { .b }) > { .c }', '((.a && .b) > .c)'],
  ])('%s groups as %s', (query, expected) => {
    expect(spansetGrouping(query)).toBe(expected);
  });

  test('every structural operator, with its ! and & forms', () => {
    for (const op of [
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
    ]) {
      const ast = parseQuery(`{ .a } ${op} { .b }`);
      expect(ast.type === 'spanset-query' && ast.pipeline.stages[0]).toMatchObject({
        type: 'spanset-op',
        op,
      });
    }
  });

  test('a pipeline: stages of every kind', () => {
    const ast = parseQuery(
      '{ .a } | by(resource.service.name) | count() > 1 | select(span.x, span:id) | coalesce()',
    );
    expect(ast.type === 'spanset-query' && ast.pipeline.stages.map((s) => s.type)).toEqual([
      'filter',
      'by',
      'scalar-filter',
      'select',
      'coalesce',
    ]);
  });

  test('a scalar filter may come first, and folds its constants', () => {
    const ast = parseQuery('avg(duration) > 1 - 3 | { status = error }');
    expect(ast.type === 'spanset-query' && withoutOffsets(ast.pipeline.stages[0])).toEqual({
      type: 'scalar-filter',
      op: '>',
      left: {
        type: 'aggregate',
        fn: 'avg',
        arg: { type: 'intrinsic', id: 'duration', spelling: 'duration' },
      },
      right: { type: 'static', value: { type: 'int', value: -2n } },
    });
  });

  test('parenthesised pipelines join with spanset operators', () => {
    const ast = parseQuery('({ .a } | count() > 1) >> ({ .b } | count() > 1)');
    expect(ast.type === 'spanset-query' && ast.pipeline.stages[0]).toMatchObject({
      type: 'spanset-op',
      op: '>>',
      left: { type: 'pipeline' },
      right: { type: 'pipeline' },
    });
  });

  test('hints, also several', () => {
    const ast = parseQuery('{ } with(most_recent=true, sample=0.1) with (x="y")');
    expect(withoutOffsets(ast.hints)).toEqual([
      { name: 'most_recent', value: { type: 'bool', value: true } },
      { name: 'sample', value: { type: 'float', value: 0.1 } },
      { name: 'x', value: { type: 'string', value: 'y' } },
    ]);
  });

  test('statics: strings, ints, floats, durations, keywords', () => {
    const values = (q: string) => {
      const ast = parseQuery(q);
      const f = ast.type === 'spanset-query' && (ast.pipeline.stages[0] as SpansetExpr);
      return f && f.type === 'filter' && f.expr?.type === 'binary' && withoutOffsets(f.expr.right);
    };
    expect(values('{ .a = `raw\\n` }')).toEqual({
      type: 'static',
      value: { type: 'string', value: 'raw\\n' },
    });
    expect(values('{ .a = 9223372036854775807 }')).toEqual({
      type: 'static',
      value: { type: 'int', value: 9223372036854775807n },
    });
    expect(values('{ .a = minInt }')).toEqual({
      type: 'static',
      value: { type: 'int', value: -9223372036854775808n },
    });
    expect(values('{ .a = 1.5e3 }')).toEqual({ type: 'static', value: { type: 'float', value: 1500 } });
    expect(values('{ .a = 1h30m }')).toEqual({ type: 'static', value: { type: 'duration', value: 5400e9 } });
    expect(values('{ .a = 2d }')).toEqual({
      type: 'static',
      value: { type: 'duration', value: 2 * 86400e9 },
    });
    expect(values('{ .a = 300µs }')).toEqual({ type: 'static', value: { type: 'duration', value: 300e3 } });
    expect(values('{ .a = consumer }')).toEqual({
      type: 'static',
      value: { type: 'kind', value: 'consumer' },
    });
    expect(values('{ .a = unset }')).toEqual({ type: 'static', value: { type: 'status', value: 'unset' } });
  });

  test('metrics queries parse into their own root', () => {
    for (const q of [
      '{ } | rate()',
      '{ status = error } | rate() by (resource.service.name)',
      '{ } | quantile_over_time(duration, 0.5, 0.99) by(name) | topk(10) > 5',
      '{ } | compare({ status = error }, 5, 1, 2)',
      '({ } | rate()) / ({ } | count_over_time()) * 100 > 5 | bottomk(3)',
      '{ } | histogram_over_time(duration) with(sample=0.1)',
    ])
      expect(parseQuery(q).type, q).toBe('metrics-query');
  });

  test('every node carries the offsets of its text', () => {
    const q = '{ span.a = "x" } >> { .b > 1 } | count() > 2';
    const ast = parseQuery(q);
    const op = ast.type === 'spanset-query' && ast.pipeline.stages[0];
    expect(op && q.slice(op.from, op.to)).toBe('{ span.a = "x" } >> { .b > 1 }');
    const filter = op && op.type === 'spanset-op' && op.left.type === 'filter' && op.left.expr;
    expect(filter && q.slice(filter.from, filter.to)).toBe('span.a = "x"');
    const scalar = ast.type === 'spanset-query' && ast.pipeline.stages[1];
    expect(scalar && q.slice(scalar.from, scalar.to)).toBe('count() > 2');
    expect(q.slice(ast.from, ast.to)).toBe(q);
  });
});

describe('parseQuery: errors name the position, what was expected and what was found', () => {
  test.each([
    ['{ .a = }', 1, 8, '1:8: expected a value after "=", found "}"'],
    ['{ .a } | { .b', 1, 14, 'found the end of the query'],
    ['{ .a | .b }', 1, 6, 'found "|"'],
    ['({ .a } | { .b }', 1, 17, 'expected ")" or "|"'],
    ['({ .a } | { .b }) + ({ .a } | { .b })', 1, 19, 'found "+"'],
    ['by(.a) && { .b }', 1, 8, 'found "&&"'],
    ['by()', 1, 4, 'found ")"'],
    ['coalesce()', 1, 1, 'a pipeline cannot start with coalesce()'],
    ['select()', 1, 8, 'expected an attribute or intrinsic'],
    ['{ true } &&', 1, 12, 'expected a spanset'],
    ['count(.thing)', 1, 7, 'found ".thing"'],
    ['{ 2 <> 3}', 1, 6, 'found ">"'],
    ['{ + }', 1, 3, 'found "+"'],
    ['{ . foo }', 1, 3, 'expected an attribute name after "."'],
    ['{ parent. }', 1, 3, 'expected an attribute name after "parent."'],
    ['.3foo', 1, 3, 'found "foo"'],
    ['{ ."foo }', 1, 3, 'unterminated quoted attribute name'],
    ['{} | topk(10)', 1, 6, 'topk() follows a metrics function'],
    ['{} | rate() | topk(-1)', 1, 20, 'expected an integer'],
    ['{} > 10', 1, 6, 'expected a spanset'],
    ['{} = 10', 1, 4, 'found "="'],
    ['{ attribute = 4 }', 1, 3, 'unknown identifier "attribute"'],
    ['{ span:foo = 1 }', 1, 3, 'unknown intrinsic "span:foo"'],
    ['{ childCount = 0 }', 1, 3, 'unknown identifier "childCount": did you mean span:childCount?'],
    ['{ id = "a" }', 1, 3, 'did you mean trace:id or span:id?'],
    ['{ .a =\n  }', 2, 3, 'found "}"'],
    ['{ .a = "x\\d" }', 1, 8, 'invalid escape \\d'],
    ['{ .a = 99999999999999999999 }', 1, 8, 'out of range'],
    ['{ .a > nil }', 1, 8, 'nil can only be compared with = or !='],
    ['3 = 2', 1, 1, 'both sides here are numbers'],
    ['{ .a } | count()', 1, 17, 'expected a comparison'],
    ['({} | rate()) * 10s', 1, 17, 'a duration cannot be used in metrics arithmetic'],
    ['', 1, 1, 'found the end of the query'],
  ])('%j → %i:%i', (query, line, column, message) => {
    const err = parseError(query);
    expect(err.kind).toBe('syntax');
    expect([err.line, err.column]).toEqual([line, column]);
    expect(err.message).toContain(message);
    expect(err.message.startsWith(`${line}:${column}: `)).toBe(true);
  });

  test('columns count characters, and offsets are UTF-16 for the editor', () => {
    const err = parseError('{ .😝 = }');
    expect(err.column).toBe(8);
    expect(err.from).toBe(8);
  });

  test('the printer gives back what the parser read', () => {
    const q =
      '{ span."a b" = "x\\ty" && .c != nil } >> { (.d + 1) * 2 > 3 } | by(.e) | count() > 1 with(most_recent=true)';
    const printed = formatQuery(parseQuery(q));
    expect(printed).toBe(
      '{ span."a b" = "x\\ty" && .c != nil } >> { (.d + 1) * 2 > 3 } | by(.e) | count() > 1 with(most_recent=true)',
    );
  });
});
