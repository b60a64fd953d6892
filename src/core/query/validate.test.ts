import { describe, expect, test } from 'vitest';
import { compileQuery } from './compile.ts';
import { TraceQLError } from './errors.ts';

function refusal(query: string): TraceQLError | undefined {
  try {
    compileQuery(query);
    return undefined;
  } catch (err) {
    if (err instanceof TraceQLError) return err;
    throw err;
  }
}

describe('validation (Tempo type rules)', () => {
  test.each([
    ['{ 1 = "foo" }', '"=" needs two values of one type, not an int and a string'],
    ['{ status > ok }', '">" does not apply to a status'],
    ['{ kind = error }', '"=" needs two values of one type, not a kind and a status'],
    ['{ span:status = nil }', 'span:status = nil can never hold'],
    ['{ nil = trace:id }', 'trace:id = nil can never hold'],
    ['{ resource.service.name = nil }', 'every span has a service name'],
    ['{ name }', 'a spanset filter must be a condition (true or false), not a string'],
    ['{ 1 + 1 }', 'not an int'],
    ['{ -true }', '"-" does not apply to a boolean'],
    ['{ !name = "a" }', '"!" does not apply to a string'],
    ['{ .a =~ .b }', 'the right side of =~ must be a string (the pattern)'],
    ['{ 1 =~ 2 }', '"=~" does not apply to an int'],
    ['sum(3) > 1', 'sum() must aggregate something of the span'],
    ['avg(name) > 1', 'avg() needs a number, not a string'],
    ['{ } | by(1 + 2)', 'by() must group by something of the span'],
    ['{ } | rate() | topk(0)', 'topk() needs a count above 0'],
    ['{ } | compare({ status = error }) > 1', 'compare() cannot be followed'],
  ])('%s is a type error: %s', (query, message) => {
    const err = refusal(query);
    expect(err?.kind).toBe('type');
    expect(err?.message).toContain(message);
  });

  test('the error points at the offending expression', () => {
    const err = refusal('{ .ok = 1 && 1 = "x" }');
    expect(err).toMatchObject({ kind: 'type', line: 1, column: 14, from: 13, to: 20 });
  });

  test.each([
    ['{ parent.a != 3 }', 'parent. attributes are not supported yet'],
    ['{ parent }', 'the parent intrinsic is not supported yet'],
    ['min(.field) < max(duration)', 'scalar filters other than "aggregate < number"'],
    ['count() + 1 > 2', 'not supported yet'],
    ['2 < count()', 'not supported yet'],
    ['({ .a } | count()) > 1', 'not supported yet'],
  ])('%s is unsupported: %s', (query, message) => {
    const err = refusal(query);
    expect(err?.kind).toBe('unsupported');
    expect(err?.message).toContain(message);
  });

  test('a type error inside an unsupported form is reported as the type error', () => {
    expect(refusal('min(2h) < max(duration)')?.kind).toBe('type');
  });

  test('a valid metrics query is refused as metrics, after validation', () => {
    expect(refusal('{ } | rate() by(resource.service.name)')).toMatchObject({
      kind: 'metrics',
      message: expect.stringContaining(
        'metrics queries (rate(), count_over_time(), …) are not supported yet',
      ),
    });
    expect(refusal('{ 1 = "a" } | rate()')?.kind).toBe('type');
  });

  test.each([
    '{ .a = nil = nil }',
    '{ .a }',
    '{ !.a }',
    '{ -.a = 2 }',
    '{ .a + 1 = 2 }',
    '{ 1 < 1h }',
    '{ duration > 1s * 2s }',
    '{ nil = nil }',
    '{ name != nil }',
    '{ span.http.status_code >= "400" }',
    'max(duration) > 1',
    '{ } | by(span.a + 1) | avg(span.b) > 2',
    '{ nestedSetLeft > 3 }',
  ])('%s is valid', (query) => {
    expect(refusal(query)).toBeUndefined();
  });
});
