import { describe, expect, test } from 'vitest';
import { compileQuery } from './compile.ts';
import { TraceQLError } from './errors.ts';
import { compileRegex, RegexCache } from './regex.ts';

function matcher(pattern: string) {
  const re = compileRegex(pattern);
  if ('error' in re) throw new Error(re.error);
  return re;
}

describe('TraceQL regexes (RE2, fully anchored)', () => {
  test('a pattern matches the whole value, not a part of it', () => {
    expect(matcher('post').matches('postgresql')).toBe(false);
    expect(matcher('post').matches('post')).toBe(true);
    expect(matcher('postgresql|mysql').matches('mysql')).toBe(true);
    expect(matcher('post|postgresql').matches('postgresql')).toBe(true);
    expect(matcher('.*timeout.*').matches('read timeout after 5s')).toBe(true);
    expect(matcher('prod-.*').matches('staging-prod-1')).toBe(false);
  });

  test('RE2 syntax: classes, flags, unicode; . stops at newlines as in Go', () => {
    expect(matcher('\\d+').matches('2024')).toBe(true);
    expect(matcher('(?i)get').matches('GET')).toBe(true);
    expect(matcher('\\p{Greek}+').matches('αβγ')).toBe(true);
    expect(matcher('a.c').matches('a\nc')).toBe(false);
    expect(matcher('(?s)a.c').matches('a\nc')).toBe(true);
  });

  test.each([
    ['(a)\\1', /invalid escape sequence/],
    ['(?=x)', /invalid or unsupported Perl syntax/],
    ['(?<=x)y', /invalid/],
    ['[', /missing closing ]/],
    ['a++', /invalid nested repetition/],
    ['a{1001}', /invalid repeat count/],
  ])('RE2 refuses %s', (pattern, reason) => {
    const re = compileRegex(pattern);
    expect('error' in re && re.error).toMatch(reason);
  });

  test('a refused pattern is a TraceQLError of kind regex naming the pattern and the problem', () => {
    const query = '{ span.db =~ "(?=select)" }';
    let err: unknown;
    try {
      compileQuery(query);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TraceQLError);
    expect(err).toMatchObject({ kind: 'regex', from: 13, to: 25, column: 14 });
    expect((err as Error).message).toMatch(
      /RE2 refuses the pattern "\(\?=select\)": .*unsupported Perl syntax/,
    );
  });

  test('linear time: a pattern that makes backtracking engines explode stays fast', () => {
    const started = performance.now();
    expect(matcher('(a+)+$').matches(`${'a'.repeat(5000)}!`)).toBe(false);
    expect(matcher('(x+x+)+y').matches('x'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('a query compiles each pattern once', () => {
    const cache = new RegexCache();
    const a = cache.get('a.*');
    expect(cache.get('a.*')).toBe(a);
    expect(cache.compiledFor('a.*')).toBe(a);
    expect('error' in cache.get('(')).toBe(true);
  });
});
