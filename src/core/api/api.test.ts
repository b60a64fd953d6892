import { describe, expect, it } from 'vitest';
import { errorBodyOf, errorMessageOf, FAILURE_HINTS, isSourceFailure } from './errors.ts';
import { acceptedTraceEncoding, TRACE_ACCEPT } from './media-types.ts';
import { searchPath, sourcePath, splitSourcePath, tagsPath, tagValuesPath, tracePath } from './paths.ts';

describe('paths', () => {
  it('builds local and source paths', () => {
    expect(tracePath('ab')).toBe('/api/v2/traces/ab');
    expect(tracePath('ab', 'local', 1)).toBe('/api/traces/ab');
    expect(tracePath('ab', 'prod')).toBe('/api/sources/prod/api/v2/traces/ab');
    expect(sourcePath('a b/c', '/api/search')).toBe('/api/sources/a%20b%2Fc/api/search');
    expect(searchPath('prod', { q: ' { } ', start: 1.5, end: 2.5, limit: 20, spss: 3 })).toBe(
      '/api/sources/prod/api/search?q=%7B%20%7D&start=1&end=3&limit=20&spss=3',
    );
    expect(searchPath(null, {})).toBe('/api/search?');
    expect(tagsPath(null, 'span', '{ .a = 1')).toBe('/api/v2/search/tags?scope=span&q=%7B%20.a%20%3D%201');
    expect(tagValuesPath('p', 'span.x')).toBe('/api/sources/p/api/v2/search/tag/span.x/values');
  });

  it('splits a source path into the name and the read path, the inverse of sourcePath', () => {
    const built = tracePath('ab', 'a b/c');
    expect(splitSourcePath(built)).toEqual({ name: 'a b/c', rest: '/api/v2/traces/ab' });
    expect(splitSourcePath('/api/sources/prod')).toEqual({ name: 'prod', rest: '/' });
    expect(splitSourcePath('/api/sources/%E0%A4%A/api/search')).toEqual({
      name: '%E0%A4%A',
      rest: '/api/search',
    });
    expect(splitSourcePath('/api/sources')).toBeNull();
    expect(splitSourcePath('/api/search')).toBeNull();
  });
});

describe('media types', () => {
  it('reads the columnar media type and its details parameter from any Accept header', () => {
    const whole = (encoding: string) => ({ encoding, streamed: false });
    expect(acceptedTraceEncoding('application/vnd.spanscope.columnar')).toEqual(whole('columnar'));
    expect(acceptedTraceEncoding(TRACE_ACCEPT)).toEqual({ encoding: 'columnar-deferred', streamed: true });
    expect(
      acceptedTraceEncoding('application/vnd.spanscope.columnar, application/vnd.spanscope.columnar-stream'),
    ).toEqual({ encoding: 'columnar', streamed: true });
    expect(acceptedTraceEncoding('application/vnd.spanscope.columnar-streams')).toBeNull();
    expect(
      acceptedTraceEncoding('application/json, Application/VND.spanscope.columnar;q=1;details = deferred'),
    ).toEqual(whole('columnar-deferred'));
    expect(acceptedTraceEncoding('application/vnd.spanscope.columnar; details=inline')).toEqual(
      whole('columnar'),
    );
    expect(acceptedTraceEncoding('application/json')).toBeNull();
    expect(acceptedTraceEncoding('application/vnd.spanscope.columnar-ish')).toBeNull();
  });
});

describe('error bodies', () => {
  it('reads the message and the fields of an error body', () => {
    const body = '{"error":"source \'prod\': timed out","source":"prod","failure":"timeout"}';
    expect(errorMessageOf(504, '', body)).toBe("source 'prod': timed out");
    expect(errorBodyOf(body)).toMatchObject({ source: 'prod', failure: 'timeout' });
    expect(errorBodyOf('[1]')).toBeNull();
    expect(errorBodyOf('{no')).toBeNull();
  });

  it('has a hint for every failure kind, and knows only those', () => {
    for (const kind of Object.keys(FAILURE_HINTS)) expect(isSourceFailure(kind)).toBe(true);
    expect(isSourceFailure('toString')).toBe(false);
    expect(isSourceFailure(undefined)).toBe(false);
  });
});
