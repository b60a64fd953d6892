import { describe, expect, test } from 'vitest';
import { countText, markdownCode, markdownText, oneLine, plural, utcText } from './share-text.ts';

describe('share text', () => {
  test('oneLine: controls, separators, bidi overrides and white space become one space', () => {
    expect(oneLine('  a\tb\r\nc\u0000d\u2028e\u202eevil\u202c  ', 100)).toBe('a b c d e evil');
    expect(oneLine('\u200b\ufeff', 10)).toBe('');
  });

  test('oneLine cuts on a character boundary with an ellipsis', () => {
    expect(oneLine('abcdef', 6)).toBe('abcdef');
    expect(oneLine('abcdefg', 6)).toBe('abcde…');
    // Astral characters are one character each: never a lone surrogate.
    const cut = oneLine('😀😀😀😀', 3);
    expect(cut).toBe('😀😀…');
    expect(cut).not.toMatch(/\p{Cs}/u);
  });

  test('counts, plurals and UTC times', () => {
    expect(countText(1234567)).toBe('1,234,567');
    expect(countText(-1000)).toBe('-1,000');
    // Fractions as toLocaleString('en-US') writes them (it rounds the shortest spelling: 1.0005 → 1.001).
    const random = Array.from({ length: 20_000 }, (_, i) => (Math.sin(i) * 10 ** (i % 16)) / 7);
    for (const n of [
      1.0005,
      0.0625,
      -0.0625,
      1234.5678,
      0.0001,
      -0.0001,
      99999.9995,
      0.999_6,
      2 ** 53 + 2,
      ...random,
    ])
      expect(countText(n), String(n)).toBe(n.toLocaleString('en-US'));
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, 1e-7, 1e21])
      expect(countText(n)).toBe(n.toLocaleString('en-US'));
    expect(plural(1, 'span')).toBe('1 span');
    expect(plural(2000, 'span')).toBe('2,000 spans');
    expect(utcText(Date.UTC(2026, 11, 7, 10, 4, 5, 678))).toBe('2026-12-07 10:04:05 UTC');
    expect(utcText(Number.NaN)).toBe('');
  });

  test('markdownCode: no backtick run inside closes the span', () => {
    expect(markdownCode('GET /x')).toBe('`GET /x`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('x ``` y')).toBe('````x ``` y````');
    expect(markdownCode('`edge`')).toBe('`` `edge` ``');
  });

  test('markdownText escapes what starts inline markup', () => {
    expect(markdownText('*bold* _it_ `c` [l](u) <b> a|b ~s~ \\')).toBe(
      '\\*bold\\* \\_it\\_ \\`c\\` \\[l\\](u) \\<b\\> a\\|b \\~s\\~ \\\\',
    );
  });
});
