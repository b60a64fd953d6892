import { describe, expect, it } from 'vitest';
import { TraceQLError } from '../../core/query/errors.ts';
import { type StoreSearch, serviceOf, translateQuery } from './search-terms.ts';

const JAEGER: StoreSearch = { name: 'Jaeger', resourceAttributes: true, typedValues: true };
const ZIPKIN: StoreSearch = { name: 'Zipkin', resourceAttributes: false, typedValues: false };

function refusal(q: string, store: StoreSearch): TraceQLError {
  try {
    translateQuery(q, store);
  } catch (err) {
    expect(err).toBeInstanceOf(TraceQLError);
    return err as TraceQLError;
  }
  throw new Error(`${q} was translated`);
}

describe('translateQuery', () => {
  it.each([undefined, '', '  ', '{}', '{ }'])('lists without a query for %j', (q) => {
    expect(translateQuery(q, JAEGER)).toEqual({ query: null, terms: { tags: [] } });
  });

  it.each([
    ['{ resource.service.name = "frontend" }', { service: 'frontend', tags: [] }],
    ['{ .service.name = "frontend" }', { service: 'frontend', tags: [] }],
    ['{ "frontend" = resource.service.name }', { service: 'frontend', tags: [] }],
    ['{ name = "GET /x" }', { operation: 'GET /x', tags: [] }],
    ['{ span:name = "GET /x" }', { operation: 'GET /x', tags: [] }],
    ['{ span.http.method = "GET" }', { tags: [['http.method', 'GET']] }],
    ['{ .http.method = "GET" }', { tags: [['http.method', 'GET']] }],
    ['{ resource.host.name = "h1" }', { tags: [['host.name', 'h1']] }],
    ['{ span.http.status_code = 500 }', { tags: [['http.status_code', '500']] }],
    ['{ span.ratio = 0.5 }', { tags: [['ratio', '0.5']] }],
    ['{ span.cached = true }', { tags: [['cached', 'true']] }],
    ['{ span."with space" = "v" }', { tags: [['with space', 'v']] }],
    ['{ duration > 100ms }', { minDurationNs: 100e6, tags: [] }],
    ['{ span:duration >= 1s }', { minDurationNs: 1e9, tags: [] }],
    ['{ duration < 2.5ms }', { maxDurationNs: 2.5e6, tags: [] }],
    ['{ 10ms < duration }', { minDurationNs: 10e6, tags: [] }],
    [
      '{ duration > 1ms && duration > 5ms && duration <= 1s }',
      { minDurationNs: 5e6, maxDurationNs: 1e9, tags: [] },
    ],
    [
      '{ resource.service.name = "api" && name = "GET /x" && span.a = "b" && .c = 1 && duration > 1ms }',
      {
        service: 'api',
        operation: 'GET /x',
        tags: [
          ['a', 'b'],
          ['c', '1'],
        ],
        minDurationNs: 1e6,
      },
    ],
  ])('translates %s for Jaeger', (q, terms) => {
    const t = translateQuery(q, JAEGER);
    expect(t.terms).toEqual(terms);
    expect(t.query?.text).toBe(q);
  });

  it('translates the string subset for Zipkin', () => {
    expect(
      translateQuery('{ resource.service.name = "a" && span.http.status_code = "500" }', ZIPKIN).terms,
    ).toEqual({
      service: 'a',
      tags: [['http.status_code', '500']],
    });
  });

  it.each([
    ['{ status = error }', 'by status', 'status'],
    ['{ span:kind = server }', 'by span:kind', 'span:kind'],
    ['{ trace:duration > 1s }', 'by trace:duration', 'trace:duration'],
    ['{ trace:rootService = "a" }', 'by trace:rootService', 'trace:rootService'],
    ['{ span.a != "b" }', 'inequality (!=)', 'span.a != "b"'],
    ['{ span.a =~ "b.*" }', 'regular expressions (=~)', 'span.a =~ "b.*"'],
    ['{ span.a !~ "b.*" }', 'regular expressions (!~)', 'span.a !~ "b.*"'],
    ['{ span.a = "b" || span.a = "c" }', '|| within a { }', 'span.a = "b" || span.a = "c"'],
    ['{ span.a > 3 }', 'the comparison >', 'span.a > 3'],
    ['{ span.a = nil }', 'the condition', 'span.a = nil'],
    ['{ span.a != nil }', 'the condition', 'span.a != nil'],
    ['{ span.a = span.b }', 'compare with a constant', 'span.a = span.b'],
    ['{ event.exception.message = "x" }', 'event attributes', 'event.exception.message'],
    ['{ link.a = "x" }', 'link attributes', 'link.a'],
    ['{ instrumentation.a = "x" }', 'instrumentation attributes', 'instrumentation.a'],
    ['{ event:name = "x" }', 'by event:name', 'event:name'],
    ['{ duration = 1s }', 'only bounds', 'duration = 1s'],
    ['{ name = "a" && name = "b" }', 'two span names', 'name = "b"'],
    [
      '{ resource.service.name = "a" && resource.service.name = "b" }',
      'two services',
      'resource.service.name = "b"',
    ],
    [
      '{ span.a = "x" } && { span.b = "y" }',
      'spanset operators (&&)',
      '{ span.a = "x" } && { span.b = "y" }',
    ],
    [
      '{ span.a = "x" } >> { span.b = "y" }',
      'spanset operators (>>)',
      '{ span.a = "x" } >> { span.b = "y" }',
    ],
    ['{ span.a = "x" } | count() > 2', 'pipelines', 'count() > 2'],
    ['{ span.a = "x" } | select(span.b)', 'pipelines', 'select(span.b)'],
    ['{ span.a = "x" } | by(span.b)', 'pipelines', 'by(span.b)'],
    ['count() > 2', 'aggregates', 'count() > 2'],
    // Parentheses leave no node: the location ends at the condition.
    ['{ !(span.a = "x") }', 'the condition', '!(span.a = "x"'],
  ])('refuses %s, naming the construct', (q, words, located) => {
    const err = refusal(q, JAEGER);
    expect(err.kind).toBe('unsupported');
    expect(err.message).toContain('Jaeger cannot search');
    expect(err.message).toContain(words);
    expect(q.slice(err.from, err.to)).toBe(located);
  });

  it('refuses for Zipkin what its tags cannot hold', () => {
    const resource = refusal('{ resource.host.name = "h" }', ZIPKIN);
    expect(resource.message).toContain('Zipkin cannot search resource attributes');
    const typed = refusal('{ span.http.status_code = 500 }', ZIPKIN);
    expect(typed.message).toContain('span.http.status_code = "500"');
    expect(typed.message).toContain('its tags are text');
  });

  it('lets the compiler refuse what is not TraceQL, and metrics queries', () => {
    expect(refusal('{ span.a = }', JAEGER).kind).toBe('syntax');
    expect(refusal('{ 1 = "a" }', JAEGER).kind).toBe('type');
    expect(refusal('{ } | rate()', JAEGER).kind).toBe('metrics');
  });
});

describe('serviceOf', () => {
  it('finds the service of a filter, or none', () => {
    const filter = (q: string) => {
      const stage = translateQuery(q, JAEGER).query?.ast.pipeline.stages[0];
      return stage?.type === 'filter' ? stage.expr : null;
    };
    expect(serviceOf(filter('{ name = "x" && resource.service.name = "api" }'))).toBe('api');
    expect(serviceOf(filter('{ name = "x" }'))).toBeUndefined();
    expect(serviceOf(null)).toBeUndefined();
  });
});
