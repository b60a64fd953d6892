import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lexQuery, nextToken, type Token, type TokenKind } from './lexer.ts';

/** kind:text of each significant token. */
function kinds(text: string): string[] {
  return lexQuery(text)
    .filter((t) => t.kind !== 'eof')
    .map((t) => `${t.kind}:${text.slice(t.from, t.to)}`);
}

function only(text: string): Token {
  const tokens = lexQuery(text);
  expect(tokens).toHaveLength(2);
  return tokens[0];
}

describe('nextToken', () => {
  test('gives every kind the editor highlights', () => {
    const text =
      '{ span.a = "x" && .b != 3 } >> { duration > 1.5s } | count() > 2 with(most_recent=true) // c';
    const seen = new Set<TokenKind>();
    for (let pos = 0; pos < text.length; pos = nextToken(text, pos).to) seen.add(nextToken(text, pos).kind);
    expect([...seen].sort()).toEqual(
      [
        'punctuation',
        'whitespace',
        'attribute',
        'operator',
        'string',
        'number',
        'structural',
        'intrinsic',
        'duration',
        'function',
        'keyword',
        'hint',
        'identifier',
        'comment',
      ].sort(),
    );
  });

  test('starts anywhere a token starts, and ends with eof', () => {
    expect(nextToken('{ .a }', 2)).toMatchObject({
      kind: 'attribute',
      from: 2,
      to: 4,
      value: 'a',
      scope: 'unscoped',
    });
    expect(nextToken('{ .a }', 6)).toEqual({ kind: 'eof', from: 6, to: 6, value: '' });
    expect(nextToken('{ .a }', 60).kind).toBe('eof');
  });

  test('operators take the longest known symbol', () => {
    expect(kinds('!>> &<< !~ =~ >= <= && || != ! & ~ >')).toEqual([
      'structural:!>>',
      'structural:&<<',
      'operator:!~',
      'operator:=~',
      'operator:>=',
      'operator:<=',
      'operator:&&',
      'operator:||',
      'operator:!=',
      'operator:!',
      'invalid:&',
      'structural:~',
      'operator:>',
    ]);
    expect(kinds('==')).toEqual(['operator:=', 'operator:=']);
  });

  test('words: intrinsics, scoped intrinsics, keywords, functions, hints, identifiers', () => {
    expect(
      kinds('duration span:duration trace:rootService ok server nil minInt count rate topk by with foo'),
    ).toEqual([
      'intrinsic:duration',
      'intrinsic:span:duration',
      'intrinsic:trace:rootService',
      'keyword:ok',
      'keyword:server',
      'keyword:nil',
      'keyword:minInt',
      'function:count',
      'function:rate',
      'function:topk',
      'function:by',
      'hint:with',
      'identifier:foo',
    ]);
  });

  test('an unknown scoped intrinsic is invalid and names itself', () => {
    expect(only('span:foo')).toMatchObject({ kind: 'invalid', value: expect.stringContaining('"span:foo"') });
    expect(only('trace:').value).toMatch(/intrinsic name after "trace:"/);
  });

  test('attribute names run to whitespace or {}()=~!<>&|^, and may be quoted', () => {
    expect(only('.http-status')).toMatchObject({ kind: 'attribute', value: 'http-status' });
    expect(only('.a+b*c/d%e')).toMatchObject({ value: 'a+b*c/d%e' });
    expect(only('.😝')).toMatchObject({ value: '😝' });
    expect(only('span."bar z".foo')).toMatchObject({ value: 'bar z.foo', scope: 'span', parent: false });
    expect(only('resource."a\\"b\\\\c"')).toMatchObject({ value: 'a"b\\c', scope: 'resource' });
    expect(only('parent.span.x')).toMatchObject({ value: 'x', scope: 'span', parent: true });
    expect(only('parent.resource.x')).toMatchObject({ value: 'x', scope: 'resource', parent: true });
    expect(only('parent.x.y')).toMatchObject({ value: 'x.y', scope: 'unscoped', parent: true });
    expect(only('event.x')).toMatchObject({ scope: 'event' });
    expect(only('instrumentation.x')).toMatchObject({ scope: 'instrumentation' });
    expect(kinds('.a}.b')).toEqual(['attribute:.a', 'punctuation:}', 'attribute:.b']);
    expect(kinds('. foo')).toEqual(['attribute:.', 'identifier:foo']);
  });

  test('a quoted name left open or with another escape is invalid', () => {
    expect(only('."abc')).toMatchObject({
      kind: 'invalid',
      from: 0,
      to: 5,
      value: expect.stringMatching(/unterminated/),
    });
    expect(lexQuery('.a"\\n" x')[0]).toMatchObject({
      kind: 'invalid',
      value: expect.stringMatching(/invalid escape \\n/),
    });
  });

  test('strings: Go escapes, raw strings, and what is left open', () => {
    expect(only('"a\\tb\\"c\\\\d\\u00e9\\x41\\101"').value).toBe('a\tb"c\\déAA');
    expect(only('"\\xc3\\xa9"').value).toBe('é');
    expect(only('`raw \\d "x"`').value).toBe('raw \\d "x"');
    expect(only('"\\d"')).toMatchObject({
      kind: 'invalid',
      value: expect.stringMatching(/invalid escape \\d/),
    });
    expect(lexQuery('"abc\n"')[0]).toMatchObject({ kind: 'invalid', from: 0, to: 4 });
    expect(only('`abc')).toMatchObject({ kind: 'invalid', to: 4 });
  });

  test('numbers and durations (Go and Prometheus units)', () => {
    for (const d of [
      '1ns',
      '1us',
      '1µs',
      '1ms',
      '1s',
      '1m',
      '1h',
      '1d',
      '1w',
      '1y',
      '1h30m',
      '1.5s',
      '.5s',
      '1h15m30.918s',
    ])
      expect(only(d).kind, d).toBe('duration');
    expect(kinds('1 1.5 .3 1e3 007')).toEqual([
      'number:1',
      'number:1.5',
      'number:.3',
      'number:1e3',
      'number:007',
    ]);
    expect(kinds('1t')).toEqual(['number:1', 'identifier:t']);
    expect(kinds('.3foo')).toEqual(['number:.3', 'identifier:foo']);
    expect(kinds('10s)')).toEqual(['duration:10s', 'punctuation:)']);
  });

  test('comments', () => {
    expect(kinds('{ /* a */ .x // b\n }')).toEqual(['punctuation:{', 'attribute:.x', 'punctuation:}']);
    expect(only('/* open').kind).toBe('invalid');
  });

  test('what cannot start a token is one invalid character', () => {
    expect(kinds('# @ [ : \u0001 💥')).toEqual([
      'invalid:#',
      'invalid:@',
      'invalid:[',
      'invalid::',
      'invalid:\u0001',
      'invalid:💥',
    ]);
  });

  test('any text is covered exactly, token after token (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        let pos = 0;
        for (;;) {
          const t = nextToken(text, pos);
          expect(t.from).toBe(pos);
          if (t.kind === 'eof') break;
          expect(t.to).toBeGreaterThan(t.from);
          pos = t.to;
        }
        expect(pos).toBe(text.length);
      }),
    );
  });
});
