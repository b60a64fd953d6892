import { describe, expect, it } from 'vitest';
import { spanFromOtlpJson } from './span-json.ts';

describe('spanFromOtlpJson', () => {
  const trace = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] },
        scopeSpans: [
          { scope: { name: 's1' }, spans: [{ spanId: '00000000000000AA', name: 'x' }] },
          {
            scope: { name: 's2' },
            spans: [
              { spanId: '00000000000000bb', name: 'y' },
              { spanId: '00000000000000bb', name: 'dup' },
            ],
          },
        ],
      },
    ],
  };

  it('finds a span with its resource and scope', () => {
    expect(spanFromOtlpJson(trace, '00000000000000bb')).toEqual({
      resource: trace.resourceSpans[0].resource,
      scope: { name: 's2' },
      span: { spanId: '00000000000000bb', name: 'y' },
    });
    expect(spanFromOtlpJson(trace, '00000000000000aa')).toMatchObject({ span: { name: 'x' } });
  });

  it('answers null for unknown ids and odd input', () => {
    expect(spanFromOtlpJson(trace, '0000000000000001')).toBeNull();
    expect(spanFromOtlpJson(null, 'x')).toBeNull();
    expect(spanFromOtlpJson({ resourceSpans: 'no' }, 'x')).toBeNull();
    expect(spanFromOtlpJson({ resourceSpans: [{ scopeSpans: [{ spans: [null] }] }] }, 'x')).toBeNull();
  });
});
