import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { queryArbitrary } from '../../testing/query-arbitraries.ts';
import { withoutOffsets } from '../../testing/query-support.ts';
import { formatDuration, formatQuery } from './format.ts';
import { parseQuery } from './parser.ts';

function roundTrip(query: string): string {
  const ast = parseQuery(query);
  const printed = formatQuery(ast);
  expect(withoutOffsets(parseQuery(printed)), `${query}\n→ ${printed}`).toEqual(withoutOffsets(ast));
  return printed;
}

describe('formatQuery', () => {
  test.each([
    ['{}', '{ }'],
    ['{ .a=1 }', '{ .a = 1 }'],
    ['{ (.a + .b) * .c }', '{ (.a + .b) * .c }'],
    ['{ .a - (.b - .c) }', '{ .a - (.b - .c) }'],
    ['{ (.a ^ .b) ^ .c }', '{ (.a ^ .b) ^ .c }'],
    ['{ .a ^ (.b ^ .c) }', '{ .a ^ .b ^ .c }'],
    ['{ !(.a = 1) }', '{ !(.a = 1) }'],
    ['{ !(.a * 2) }', '{ !.a * 2 }'],
    ['{ -(-.a) }', '{ --.a }'],
    ['{ (.a || .b) && .c }', '{ .a || .b && .c }'],
    ['{ .a || (.b && .c) }', '{ .a || (.b && .c) }'],
    ['{ nil = .a }', '{ nil = .a }'],
    ['{ 1 + (nil = .a) }', '{ 1 + (nil = .a) }'],
    ['{ .a } && ({ .b } >> { .c })', '{ .a } && { .b } >> { .c }'],
    ['({ .a } && { .b }) >> { .c }', '({ .a } && { .b }) >> { .c }'],
    ['({ .a } | { .b }) ~ { .c }', '({ .a } | { .b }) ~ { .c }'],
    ['avg(.a) > -(1 + 2)', 'avg(.a) > -3'],
    ['count() > 1.0 / 4', 'count() > 0.25'],
    ['count() > 7 / 2', 'count() > 3'],
    ['({ .a } | count()) > ({ .b } | count())', '({ .a } | count()) > ({ .b } | count())'],
    ['{ } | rate() by (name) > 1 | topk(3)', '{ } | rate() by(name) > 1 | topk(3)'],
    ['(({} | rate()) + ({} | rate())) * 2 > 1', '(({ } | rate()) + ({ } | rate())) * 2 > 1'],
    ['({} | rate() > 6) * 100', '({ } | rate() > 6) * 100'],
    ['{ } with (a = 1) with (b = "x")', '{ } with(a=1, b="x")'],
  ])('%s → %s', (query, expected) => {
    expect(roundTrip(query)).toBe(expected);
  });

  test('names and strings that need quoting or escapes', () => {
    expect(roundTrip('{ span."a b" = "x\\"y\\\\z\\n" }')).toBe('{ span."a b" = "x\\"y\\\\z\\n" }');
    expect(roundTrip('{ ."5" }')).toBe('{ ."5" }');
    expect(roundTrip('{ span.5 }')).toBe('{ span.5 }');
    expect(roundTrip('{ parent."span.x" }')).toBe('{ parent."span.x" }');
    expect(roundTrip('{ ."a\\"b" = `c"d` }')).toBe('{ ."a\\"b" = "c\\"d" }');
    expect(roundTrip('{ .a = "\\u0001é🤘" }')).toBe('{ .a = "\\u0001é🤘" }');
    expect(roundTrip('{ span."" }')).toBe('{ span."" }');
  });

  test('numbers and durations keep their type and value', () => {
    expect(roundTrip('{ .a = 2.0 }')).toBe('{ .a = 2.0 }');
    expect(roundTrip('{ .a = 1e21 }')).toBe('{ .a = 1e+21 }');
    expect(roundTrip('{ .a = minInt }')).toBe('{ .a = minInt }');
    expect(roundTrip('count() > -9223372036854775807 - 1')).toBe('count() > (-9223372036854775807 - 1)');
    expect(roundTrip('count() > -0.0')).toBe('count() > -0.0');
    expect(roundTrip('{ .a = 1.5s }')).toBe('{ .a = 1s500ms }');
    expect(roundTrip('{ .a = 1y }')).toBe('{ .a = 8760h }');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3_723_004_005_006)).toBe('1h2m3s4ms5us6ns');
  });

  test('any query of the grammar prints back to the same tree (property)', () => {
    fc.assert(
      fc.property(queryArbitrary, (query) => {
        roundTrip(query);
      }),
      { numRuns: 1500 },
    );
  });
});
