import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../testing/fixtures.ts';
import { parseInput, parseJsonText } from '../parse-input.ts';
import { FormatError } from '../types.ts';
import { decodeTempoSearch, decodeTempoTags, decodeTempoTagValues, tempoAnswerKind } from './search.ts';

function fixtureValue(rel: string): unknown {
  const input = parseInput(readFixture(rel));
  if (input.kind !== 'json') throw new Error('not json');
  return input.value;
}

describe('Tempo answers', () => {
  it('reads a search answer with both spanSet and spanSets', () => {
    const value = fixtureValue('tempo-api/tempo-api-search-pushing-spans-docs.json');
    expect(tempoAnswerKind(value)).toBe('search');
    const result = decodeTempoSearch(value);
    expect(result.traces).toEqual([
      {
        traceId: '5b8efff798038103d269b633813fc700',
        rootServiceName: 'my.service',
        rootTraceName: 'I am a span!',
        startNs: 1694718625557000000n,
        durationMs: 10000,
        spanSets: [
          {
            matched: 1,
            attributes: [],
            spans: [
              {
                spanId: 'eee19b7ec3c1b100',
                name: undefined,
                startNs: 1694718625557000000n,
                durationNs: 10000000000n,
                attributes: [{ key: 'service.name', value: { type: 'string', value: 'my.service' } }],
              },
            ],
          },
        ],
      },
    ]);
    expect(result.metrics).toEqual({ inspectedBytes: '292781', completedJobs: 1, totalJobs: 1 });
  });

  it('pads trimmed trace ids and falls back to the deprecated spanSet', () => {
    const result = decodeTempoSearch({
      traces: [
        { traceID: '2f3e0cee77ae5dc9c17ade3689eb2e5', spanSet: { spans: [{ spanID: '563d623c76514f8e' }] } },
      ],
    });
    expect(result.traces[0].traceId).toBe('02f3e0cee77ae5dc9c17ade3689eb2e5');
    expect(result.traces[0].spanSets[0]).toMatchObject({
      matched: 1,
      spans: [{ spanId: '563d623c76514f8e' }],
    });
  });

  it('reads the status=error search answer once its published JSON is repaired', () => {
    const text = new TextDecoder().decode(
      readFixture('tempo-api/tempo-api-search-traceql-status-error-docs.json'),
    );
    // As published, the traces element is never closed (PROVENANCE); close it to read the rest.
    const repaired = text.replace(/\n {2}\],\n {2}"metrics"/, '\n  }],\n  "metrics"');
    const result = decodeTempoSearch(parseJsonText(repaired));
    expect(result.traces).toHaveLength(1);
    expect(result.traces[0].spanSets[0].spans[0].attributes.length).toBeGreaterThan(0);
  });

  it('reads tags and tag values of both API versions', () => {
    expect(
      decodeTempoTags(fixtureValue('tempo-api/tempo-api-search-tags-v1-docs-2023.json'))[0].tags,
    ).toHaveLength(14);
    expect(
      decodeTempoTagValues(fixtureValue('tempo-api/tempo-api-search-tag-values-v1-docs.json'))[0],
    ).toEqual({
      type: 'string',
      value: 'article-service',
    });
    const v2 = decodeTempoTagValues(fixtureValue('tempo-api/tempo-api-search-tag-values-v2-docs.json'));
    expect(v2.map((v) => v.value)).toEqual([
      'article-service',
      'postgres',
      'cart-service',
      'billing-service',
      'shop-backend',
      'auth-service',
    ]);
    expect(decodeTempoTags({ scopes: [{ name: 'resource', tags: ['k6', 'service.name'] }] })).toEqual([
      { name: 'resource', tags: ['k6', 'service.name'] },
    ]);
  });

  it('refuses malformed answers with a path', () => {
    expect(() => decodeTempoSearch({ traces: [{ traceID: 'zz' }] })).toThrow('at $.traces[0].traceID');
    expect(() => decodeTempoSearch({})).toThrow(FormatError);
    expect(() => decodeTempoTagValues([])).toThrow(FormatError);
  });
});
