import { describe, expect, it } from 'vitest';
import { isTraceQL } from './find-query.ts';

describe('isTraceQL', () => {
  it('takes a whole query as TraceQL and half-typed or JSON-like text as text', () => {
    for (const q of [
      '{ status = error }',
      ' {} ',
      '{ a } >> { b }',
      '{ .a = 1 } | count() > 2',
      '({ a } | count() > 1)',
    ])
      expect(isTraceQL(q), q).toBe(true);
    for (const t of ['{', '{"user', '{ span.db', 'GET /api', '(x', 'status = error }'])
      expect(isTraceQL(t), t).toBe(false);
  });
});
