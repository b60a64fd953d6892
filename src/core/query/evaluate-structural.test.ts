/**
 * Spanset operators on the ASCII data set (src/testing/query-traces.ts):
 *
 *   root (gateway, server, err)
 *     auth (auth, client, ok)          authdb (auth-db) under it
 *     pay (payment, server, err)       card (payment, client, err) under it, cardq (card-db, err) under card
 *     ship (shipping, span.flag)
 */
import { describe, expect, test } from 'vitest';
import { matchesOf, spansOf } from '../../testing/query-traces.ts';

const ERR = '{ status = error }';
const EVERY = { checkout: 7, healthy: 4, orphans: 2 };

describe('&& and || between spansets', () => {
  test('&&: both found in the trace (on different spans); the spans of both come back', () => {
    expect(spansOf('{ span.db != nil } && { status = ok }')).toEqual({
      checkout: ['auth', 'authdb', 'card'],
    });
    expect(spansOf('{ .region = "us-east-1" } && { .region = "us-west-1" }')).toEqual({
      checkout: ['root', 'ship'],
    });
  });

  test('||: either found', () => {
    expect(spansOf('{ span.db = "redis" } || { status = ok }')).toEqual({
      checkout: ['auth'],
      healthy: ['cache'],
    });
  });

  test('one spanset per trace', () => {
    expect(matchesOf(`${ERR} && { span.flag }`)).toEqual({
      checkout: [['root', 'pay', 'card', 'cardq', 'ship']],
    });
  });
});

describe('structural operators: the right-hand side, related to the left', () => {
  test.each([
    ['{ resource.service.name = "gateway" } >> { status = error }', { checkout: ['pay', 'card', 'cardq'] }],
    ['{ } >> { status = error }', { checkout: ['pay', 'card', 'cardq'] }],
    ['{ kind = server } > { kind = client && status = error }', { checkout: ['card'] }],
    ['{ kind = server } > { }', { checkout: ['auth', 'pay', 'card', 'ship'], healthy: ['api', 'cache'] }],
    ['{ } < { status = error }', { checkout: ['root', 'pay', 'card'] }],
    ['{ kind = client } << { kind = server }', { checkout: ['root', 'pay'], healthy: ['web'] }],
    ['{ resource.service.name = "auth" } ~ { resource.service.name = "payment" }', { checkout: ['pay'] }],
    ['{ span.flag } ~ { }', { checkout: ['auth', 'pay'] }],
  ])('%s', (query, expected) => {
    expect(spansOf(query)).toEqual(expected);
  });

  test.each([
    ['{ } !> { }', { checkout: ['root'], healthy: ['web'], orphans: ['lone', 'lone2'] }],
    ['{ kind = server } !> { kind = client }', { checkout: ['authdb', 'cardq'], healthy: ['db'] }],
    ['{ } !< { resource.service.name = "payment" }', {}],
    [
      '{ } !< { }',
      { checkout: ['authdb', 'cardq', 'ship'], healthy: ['db', 'cache'], orphans: ['lone', 'lone2'] },
    ],
    [`${ERR} !< ${ERR}`, { checkout: ['cardq'] }],
    ['{ resource.service.name = "gateway" } !>> { status = error }', { checkout: ['root'] }],
    ['{ span.rows > 10 } !<< { kind = server }', { checkout: ['pay'], healthy: ['web'] }],
    ['{ span.flag } !~ { kind = server }', { checkout: ['root'], healthy: ['web'] }],
  ])('not form %s: the right-hand spans for which the relation does not hold', (query, expected) => {
    expect(spansOf(query)).toEqual(expected);
  });

  test.each([
    [
      '{ kind = server } &> { kind = client }',
      { checkout: ['root', 'auth', 'pay', 'card'], healthy: ['web', 'api', 'cache'] },
    ],
    [`${ERR} &< { }`, { checkout: ['root', 'pay', 'card', 'cardq'] }],
    [`{ span.url = "/api/ship" } &~ { }`, { checkout: ['auth', 'pay', 'ship'] }],
    [`{ resource.service.name = "gateway" } &>> ${ERR}`, { checkout: ['root', 'pay', 'card', 'cardq'] }],
    ['{ span.rows > 10 } &<< { }', { checkout: ['root', 'auth', 'authdb'] }],
    ['{ } &<< { span.rows > 10 }', {}],
  ])('union form %s: both sides of the related pairs', (query, expected) => {
    expect(spansOf(query)).toEqual(expected);
  });

  test('orphans of one missing parent are not siblings, and have no ancestor', () => {
    expect(spansOf('{ kind = consumer } ~ { kind = producer }')).toEqual({});
    expect(spansOf('{ } >> { kind = producer }')).toEqual({});
  });

  test('chains group to the left: {a} ~ {b} >> {c} is ({a} ~ {b}) >> {c}', () => {
    expect(spansOf('{ span.flag } ~ { } >> { status = error }')).toEqual({ checkout: ['card', 'cardq'] });
    expect(spansOf('{ span.flag } ~ ({ } >> { status = error })')).toEqual({ checkout: ['pay'] });
  });

  test('between parenthesised pipelines', () => {
    expect(spansOf(`({ kind = server } | count() > 1) >> (${ERR} | count() > 3)`)).toEqual({
      checkout: ['pay', 'card', 'cardq'],
    });
    expect(spansOf(`({ kind = server } | count() > 2) >> ${ERR}`)).toEqual({});
  });

  test('every span relates to nothing in an empty spanset', () => {
    expect(spansOf('{ span.missing != nil } >> { }')).toEqual({});
    const notUnderMissing = spansOf('{ span.missing != nil } !>> { }');
    expect(Object.fromEntries(Object.entries(notUnderMissing).map(([k, v]) => [k, v.length]))).toEqual(EVERY);
  });
});
