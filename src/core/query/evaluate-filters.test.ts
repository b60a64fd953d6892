/**
 * Spanset filters on the ASCII data set (src/testing/query-traces.ts): every condition in one `{}`
 * holds on one span. Expectations are trace → matched span labels.
 */
import { describe, expect, test } from 'vitest';
import { spansOf } from '../../testing/query-traces.ts';

const ALL = {
  checkout: ['root', 'auth', 'authdb', 'pay', 'card', 'cardq', 'ship'],
  healthy: ['web', 'api', 'db', 'cache'],
  orphans: ['lone', 'lone2'],
};

function expectMatches(query: string, expected: Record<string, string[]>): void {
  expect(spansOf(query), query).toEqual(expected);
}

describe('filters', () => {
  test('{} holds for every span', () => {
    expectMatches('{}', ALL);
  });

  test.each([
    ['{ span.code = 500 }', { checkout: ['root'] }],
    ['{ span.code != 500 }', { checkout: ['auth', 'pay', 'cardq'], healthy: ['web'] }],
    ['{ span.code > 500 }', { checkout: ['pay', 'cardq'] }],
    ['{ span.code >= 500 }', { checkout: ['root', 'pay', 'cardq'] }],
    ['{ span.code < 500 }', { checkout: ['auth'], healthy: ['web'] }],
    ['{ span.code <= 500 }', { checkout: ['root', 'auth'], healthy: ['web'] }],
    ['{ span.code = 500.0 }', { checkout: ['root'] }],
    ['{ span.code = "500" }', {}],
    ['{ span.method = "GET" }', { checkout: ['root', 'auth'], healthy: ['web', 'api'] }],
    ['{ span.method > "GET" }', { checkout: ['pay'] }],
    ['{ span.flag = true }', { checkout: ['ship'] }],
    ['{ span.flag != true }', {}],
    ['{ span.ratio < 0.5 }', { checkout: ['cardq'] }],
  ])('comparison %s', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    ['{ span.db =~ "post" }', {}],
    ['{ span.db =~ "post.*" }', { checkout: ['authdb'], healthy: ['db'] }],
    ['{ span.db =~ "postgresql|mysql" }', { checkout: ['authdb', 'card'], healthy: ['db'] }],
    ['{ span.db !~ "post.*" }', { checkout: ['card'], healthy: ['cache'] }],
    ['{ name =~ "(?i)CHECK.*" }', { checkout: ['root'] }],
    ['{ span.code =~ "5.*" }', {}],
  ])('regex %s (RE2, anchored; a missing value or a number never matches)', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    [
      '{ span.db = nil }',
      {
        checkout: ['root', 'auth', 'pay', 'cardq', 'ship'],
        healthy: ['web', 'api'],
        orphans: ['lone', 'lone2'],
      },
    ],
    ['{ span.db != nil }', { checkout: ['authdb', 'card'], healthy: ['db', 'cache'] }],
    ['{ nil = span.db && kind = client }', { checkout: ['auth', 'cardq'], healthy: ['api'] }],
    ['{ span.db != "mysql" }', { checkout: ['authdb'], healthy: ['db', 'cache'] }],
    ['{ nil = nil }', {}],
    ['{ event:name != nil }', { checkout: ['pay'] }],
    ['{ span.db = nil && .region != nil }', { checkout: ['root', 'ship'], healthy: ['web'] }],
  ])('nil %s (a missing value is no value: != does not match it)', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    ['{ span.weight * 2 = 5 }', { checkout: ['ship'] }],
    ['{ span.ratio + 0.75 = 1 }', { checkout: ['cardq'] }],
    ['{ span.code - 500 = 2 }', { checkout: ['pay'] }],
    ['{ span.code / 100 = 5 }', { checkout: ['root', 'pay', 'cardq'] }],
    ['{ span.code % 100 = 3 }', { checkout: ['cardq'] }],
    ['{ span.rows ^ 2 = 144 }', { checkout: ['authdb'] }],
    ['{ -span.rows = -3 }', { healthy: ['db'] }],
    ['{ duration / 2 > 4us }', { checkout: ['root', 'pay'], healthy: ['web'] }],
    ['{ span.code / 0 = 1 }', {}],
    ['{ span.method + 1 = 2 }', {}],
  ])('arithmetic %s', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    ['{ span.tags = "green" }', { checkout: ['card'] }],
    ['{ span.tags = 7 }', { checkout: ['card'] }],
    ['{ span.tags > 6 }', { checkout: ['card'] }],
    ['{ span.tags =~ "gr.*" }', { checkout: ['card'] }],
    ['{ span.tags != "green" }', {}],
    ['{ span.tags != "red" }', { checkout: ['card'] }],
    ['{ span.tags !~ "b.*" }', {}],
    ['{ span.tags !~ "x.*" }', { checkout: ['card'] }],
    ['{ span.tags = true }', {}],
  ])('array %s (= and =~: any element; != and !~: none)', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    ['{ .region = "us-west-1" }', { checkout: ['ship'], healthy: ['web'] }],
    ['{ .method = "POST" }', { checkout: ['pay'] }],
    ['{ .tier = "span" }', { checkout: ['authdb'] }],
    ['{ .tier = "res" }', {}],
    ['{ resource.tier = "res" }', { checkout: ['authdb'] }],
    ['{ span.region = "us-west-1" }', {}],
  ])('unscoped %s (the span attribute, else the resource one)', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    ['{ status = error }', { checkout: ['root', 'pay', 'card', 'cardq'] }],
    ['{ span:status = ok }', { checkout: ['auth'] }],
    ['{ status = unset && kind = client }', { checkout: ['authdb'], healthy: ['api', 'db', 'cache'] }],
    ['{ kind = server }', { checkout: ['root', 'pay'], healthy: ['web'] }],
    ['{ span:kind = consumer || span:kind = producer }', { orphans: ['lone', 'lone2'] }],
    ['{ name = "checkout" }', { checkout: ['root'] }],
    ['{ span:name = "cardq" }', { checkout: ['cardq'] }],
    ['{ statusMessage = "upstream" }', { checkout: ['root'] }],
    ['{ duration >= 12us }', { checkout: ['root', 'pay'] }],
    ['{ span:duration < 3us }', { checkout: ['authdb'], healthy: ['db', 'cache'], orphans: ['lone2'] }],
    [
      '{ span:childCount = 0 }',
      { checkout: ['authdb', 'cardq', 'ship'], healthy: ['db', 'cache'], orphans: ['lone', 'lone2'] },
    ],
    ['{ span:childCount > 1 }', { checkout: ['root'], healthy: ['web'] }],
    ['{ span:id = "00000000000061757468" }', {}],
    ['{ span:id = "0000000061757468" }', { checkout: ['auth'] }],
    ['{ span:parentID = "0000000061757468" }', { checkout: ['authdb'] }],
    ['{ span:parentID != nil && span:childCount > 1 }', {}],
    ['{ span:parentID = "0000000067686f7374" }', {}],
    ['{ span:parentID = "000000676f737400" }', {}],
  ])('span intrinsic %s', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    ['{ trace:duration = 30us }', { checkout: ALL.checkout }],
    ['{ traceDuration < 20us }', { healthy: ALL.healthy, orphans: ALL.orphans }],
    ['{ trace:rootService = "gateway" && kind = client }', { checkout: ['auth', 'authdb', 'card', 'cardq'] }],
    ['{ rootServiceName = "frontend" }', { healthy: ALL.healthy }],
    ['{ trace:rootName = "home" && status = error }', {}],
    ['{ rootName != nil }', { checkout: ALL.checkout, healthy: ALL.healthy }],
    [
      '{ trace:id = "b0000000000000000000000000000001" && span:childCount = 0 }',
      { healthy: ['db', 'cache'] },
    ],
  ])('trace intrinsic %s (the same for every span of the trace)', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    ['{ event:name = "exception" }', { checkout: ['pay'] }],
    ['{ event:name = "retry" && event.message = "timeout" }', { checkout: ['pay'] }],
    ['{ event.attempt = 1 }', { checkout: ['pay'] }],
    ['{ event:timeSinceStart > 2us }', { checkout: ['pay'] }],
    ['{ event:timeSinceStart > 3us }', {}],
    ['{ link:spanID = "0000000061757468" }', { checkout: ['card'] }],
    [
      '{ link:traceID = "c0ffee00c0ffee00c0ffee00c0ffee00" && link.reason = "cache" }',
      { checkout: ['card'] },
    ],
    ['{ link.reason != nil }', { checkout: ['card'] }],
    ['{ instrumentation:name = "http" && instrumentation:version = "1.2.0" }', { checkout: ['auth'] }],
    ['{ instrumentation.lib = "otel" }', { checkout: ['auth'] }],
    ['{ instrumentation:name != nil }', { checkout: ['auth'] }],
  ])('event, link and scope %s', (query, expected) => {
    expectMatches(query, expected);
  });

  test.each([
    ['{ status = error && kind = server }', { checkout: ['root', 'pay'] }],
    ['{ status = error || span.flag }', { checkout: ['root', 'pay', 'card', 'cardq', 'ship'] }],
    ['{ !(status = error) && span.method = "GET" }', { checkout: ['auth'], healthy: ['web', 'api'] }],
    ['{ span.flag }', { checkout: ['ship'] }],
    ['{ !span.flag }', {}],
    ['{ span.method }', {}],
  ])('logic inside one filter %s', (query, expected) => {
    expectMatches(query, expected);
  });
});
