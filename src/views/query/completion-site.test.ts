import { describe, expect, it } from 'vitest';
import { completionSiteAt } from './completion-site.ts';
import { scanTokens } from './traceql-scan.ts';

/** The site at the `‸` of the text (the cursor), the mark removed. */
function at(marked: string) {
  const pos = marked.indexOf('‸');
  return completionSiteAt(marked.slice(0, pos) + marked.slice(pos + 1), pos);
}

describe('scanTokens', () => {
  const kinds = (text: string) => scanTokens(text).map((t) => `${t.kind}:${text.slice(t.from, t.to)}`);

  it('reads scopes, attributes, intrinsics, values and operators', () => {
    expect(kinds('{ resource.service.name = "front\\"end" && span:duration > 1.5s }')).toEqual([
      'brace:{',
      'scope:resource.',
      'attribute:service.name',
      'operator:=',
      'string:"front\\"end"',
      'operator:&&',
      'intrinsic:span:duration',
      'operator:>',
      'duration:1.5s',
      'brace:}',
    ]);
    expect(kinds('{ .http.route =~ `/a.*` } >> { status != ok } | count() > 3')).toEqual([
      'brace:{',
      'scope:.',
      'attribute:http.route',
      'operator:=~',
      'string:`/a.*`',
      'brace:}',
      'operator:>>',
      'brace:{',
      'intrinsic:status',
      'operator:!=',
      'keyword:ok',
      'brace:}',
      'operator:|',
      'function:count',
      'paren:(',
      'paren:)',
      'operator:>',
      'number:3',
    ]);
  });

  it('reads quoted attribute names, nil, booleans and durations of several units', () => {
    expect(kinds('span."a b" != nil && .x = true && duration < 1h30m && y = 5ms')).toEqual([
      'scope:span.',
      'attribute:"a b"',
      'operator:!=',
      'nil:nil',
      'operator:&&',
      'scope:.',
      'attribute:x',
      'operator:=',
      'boolean:true',
      'operator:&&',
      'intrinsic:duration',
      'operator:<',
      'duration:1h30m',
      'operator:&&',
      'identifier:y',
      'operator:=',
      'duration:5ms',
    ]);
  });

  it('keeps half-typed text: an open string runs to the end, unclosed', () => {
    const t = scanTokens('{ name = "GET /a');
    expect(t.at(-1)).toMatchObject({ kind: 'string', closed: false, to: 16 });
    expect(scanTokens('{ span.').at(-1)).toMatchObject({ kind: 'scope', from: 2, to: 7 });
    expect(scanTokens('5x @').map((x) => x.kind)).toEqual(['invalid', 'invalid']);
  });
});

describe('completionSiteAt', () => {
  it('offers fields after { and between conditions', () => {
    expect(at('{ ‸')).toEqual({ kind: 'field', from: 2 });
    expect(at('{‸}')).toEqual({ kind: 'field', from: 1 });
    expect(at('{ sta‸')).toEqual({ kind: 'field', from: 2 });
    expect(at('{ span:du‸')).toEqual({ kind: 'field', from: 2 });
    expect(at('{ name = "a" && ‸')).toEqual({ kind: 'field', from: 16 });
    expect(at('{ status = error } | by(‸')).toEqual({ kind: 'field', from: 24 });
  });

  it('offers attribute names of the scope being typed', () => {
    expect(at('{ span.‸')).toEqual({ kind: 'attribute', scope: 'span', from: 7, quoted: false });
    expect(at('{ resource.serv‸ }')).toEqual({
      kind: 'attribute',
      scope: 'resource',
      from: 11,
      quoted: false,
    });
    expect(at('{ .htt‸')).toEqual({ kind: 'attribute', scope: '', from: 3, quoted: false });
    expect(at('{ span."a ‸')).toEqual({ kind: 'attribute', scope: 'span', from: 8, quoted: true });
    expect(at('{ parent.‸')).toBeNull();
  });

  it('offers comparisons after a field, values after a comparison', () => {
    expect(at('{ span.http.method ‸')).toEqual({ kind: 'operator', from: 19 });
    expect(at('{ resource.service.name = ‸')).toEqual({
      kind: 'value',
      tag: 'resource.service.name',
      from: 26,
      quoted: false,
      needsSpace: false,
    });
    expect(at('{ resource.service.name = "fr‸" }')).toEqual({
      kind: 'value',
      tag: 'resource.service.name',
      from: 26,
      quoted: true,
      needsSpace: false,
    });
    expect(at('{ status=‸')).toEqual({
      kind: 'value',
      tag: 'status',
      from: 9,
      quoted: false,
      needsSpace: true,
    });
    expect(at('{ status != er‸')).toEqual({
      kind: 'value',
      tag: 'status',
      from: 12,
      quoted: false,
      needsSpace: false,
    });
    expect(at('{ .route =~ ‸')).toMatchObject({ kind: 'value', tag: '.route' });
    expect(at('{ span."a b" = ‸')).toMatchObject({ kind: 'value', tag: 'span."a b"' });
  });

  it('offers what joins conditions and span sets, then pipeline functions', () => {
    expect(at('{ name = "a" ‸')).toEqual({ kind: 'combinator', from: 13, inSpanset: true });
    expect(at('{ status = error ‸')).toEqual({ kind: 'combinator', from: 17, inSpanset: true });
    expect(at('{ status = error } ‸')).toEqual({ kind: 'combinator', from: 19, inSpanset: false });
    expect(at('{ } >> ‸')).toEqual({ kind: 'start', from: 7 });
    expect(at('{ } | ‸')).toEqual({ kind: 'pipeline', from: 6 });
    expect(at('{ } | cou‸')).toEqual({ kind: 'pipeline', from: 6 });
    expect(at('{ } | count() ‸')).toEqual({ kind: 'operator', from: 14 });
    expect(at('‸')).toEqual({ kind: 'start', from: 0 });
  });

  it('offers nothing where nothing fits', () => {
    expect(at('{ name = "a‸b" }')).toMatchObject({ kind: 'value', quoted: true });
    expect(at('{ name = "ab"‸')).toBeNull();
    expect(at('{ name = "ab ‸')).toMatchObject({ kind: 'value', from: 9, quoted: true });
    expect(at('{ } | count() > ‸')).toBeNull();
    expect(at('{ 3 ‸')).toBeNull();
  });
});
