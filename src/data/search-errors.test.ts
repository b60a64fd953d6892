import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client.ts';
import { errorSpanOf, searchFailureOf } from './search-errors.ts';

const Q = '{ .a == 4 }';

describe('errorSpanOf', () => {
  it("takes offsets from the error body (a TraceQLError's from/to)", () => {
    expect(errorSpanOf('syntax error', { error: 'syntax error', from: 5, to: 7 }, Q)).toEqual({
      from: 5,
      to: 7,
    });
    // Out of range offsets are clamped; an empty span covers the token there.
    expect(errorSpanOf('x', { from: 2, to: 2 }, Q)).toEqual({ from: 2, to: 4 });
    expect(errorSpanOf('x', { from: 99 }, Q)).toEqual({ from: 10, to: 11 });
  });

  it("reads Tempo's 1-based line and column", () => {
    expect(errorSpanOf('parse error at line 1, col 6: syntax error: unexpected =', null, Q)).toEqual({
      from: 5,
      to: 7,
    });
    expect(errorSpanOf('parse error at line 2, col 3: unexpected', null, '{\n  foo }')).toEqual({
      from: 4,
      to: 7,
    });
  });

  it('reads 0-based positions and ranges after "at"', () => {
    expect(errorSpanOf('unexpected token at position 5', null, Q)).toEqual({ from: 5, to: 7 });
    expect(errorSpanOf('unknown scope at 2-4', null, Q)).toEqual({ from: 2, to: 4 });
    expect(errorSpanOf('bad string at offset 2', null, '{ "abc } ')).toEqual({ from: 2, to: 9 });
  });

  it('names nothing when the message has no position', () => {
    expect(errorSpanOf('TraceQL search is not yet supported', null, Q)).toBeNull();
    expect(errorSpanOf('invalid end 5: before start 6', null, Q)).toBeNull();
  });
});

describe('searchFailureOf', () => {
  it('tells a refused query, a metrics query and a failure apart', () => {
    const bad = new ApiError(400, 'parse error at line 1, col 6: unexpected', '/api/search', { error: 'x' });
    expect(searchFailureOf(bad, Q)).toEqual({
      kind: 'invalid',
      message: 'parse error at line 1, col 6: unexpected',
      span: { from: 5, to: 7 },
    });
    expect(searchFailureOf(new ApiError(501, 'metrics queries are not supported', '/api/search'), Q)).toEqual(
      {
        kind: 'unsupported',
        message: 'metrics queries are not supported',
      },
    );
    expect(searchFailureOf(new ApiError(503, 'the store is not ready', '/api/search'), Q)).toMatchObject({
      kind: 'failed',
      status: 503,
    });
    expect(searchFailureOf(new Error('boom'), Q)).toEqual({ kind: 'failed', message: 'boom', status: 0 });
  });
});
