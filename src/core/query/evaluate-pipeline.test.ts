/**
 * Pipelines on the ASCII data set (src/testing/query-traces.ts): aggregates, by(), select(),
 * coalesce(), and the values each result spanset reports. Durations in the drawings: checkout
 * root 30µs, auth 5, authdb 2, pay 12, card 8, cardq 3, ship 4; healthy web 10, api 5, db 2, cache 2.
 */
import { describe, expect, test } from 'vitest';
import { labelOf } from '../../testing/ascii-trace.ts';
import { matchesOf, spansOf, TRACES } from '../../testing/query-traces.ts';
import { compileQuery } from './compile.ts';
import { evaluate } from './evaluate.ts';
import type { MaybeValue } from './values.ts';

/** The reported values of each spanset of one trace, as `name=value` text. */
function reported(query: string, trace: keyof typeof TRACES): string[][] {
  const t = TRACES[trace];
  return evaluate(compileQuery(query), t).spansets.map((set) =>
    set.attributes.map((a) => `${a.name}=${show(a.value)}`),
  );
}

function show(v: MaybeValue): string {
  if (v === undefined) return 'nil';
  return v.type === 'string' ? JSON.stringify(v.value) : `${v.type === 'array' ? '' : String(v.value)}`;
}

describe('aggregates', () => {
  test.each([
    ['{ status = error } | count() > 3', { checkout: ['root', 'pay', 'card', 'cardq'] }],
    ['{ } | count() = 4', { healthy: ['web', 'api', 'db', 'cache'] }],
    ['count() < 3', { orphans: ['lone', 'lone2'] }],
    ['{ kind = client } | avg(duration) >= 4500ns', { checkout: ['auth', 'authdb', 'card', 'cardq'] }],
    ['{ kind = client } | avg(duration) > 4.5us', {}],
    ['{ } | max(duration) >= 30us', { checkout: ['root', 'auth', 'authdb', 'pay', 'card', 'cardq', 'ship'] }],
    [
      '{ kind = client } | min(duration) = 2us',
      { checkout: ['auth', 'authdb', 'card', 'cardq'], healthy: ['api', 'db', 'cache'] },
    ],
    ['{ span.rows != nil } | sum(span.rows) = 12', { checkout: ['authdb'] }],
    ['{ } | sum(span.code) > 1000', { checkout: ['root', 'auth', 'authdb', 'pay', 'card', 'cardq', 'ship'] }],
    ['{ } | sum(span.missing) >= 0', {}],
    ['avg(span.weight) = 2.5', { checkout: ['root', 'auth', 'authdb', 'pay', 'card', 'cardq', 'ship'] }],
  ])('%s', (query, expected) => {
    expect(spansOf(query)).toEqual(expected);
  });

  test('a scalar filter first, then a spanset filter', () => {
    expect(spansOf('max(duration) > 20us | { status = error || span.flag }')).toEqual({
      checkout: ['root', 'pay', 'card', 'cardq', 'ship'],
    });
  });

  test('the aggregate is reported with the spanset, named as written', () => {
    expect(reported('{ status = error } | count() > 3', 'checkout')).toEqual([['count()=4']]);
    expect(reported('{ kind = client } | avg(duration) > 1us', 'healthy')).toEqual([['avg(duration)=3000']]);
    expect(reported('{ } | sum(span.code) > 0', 'checkout')).toEqual([['sum(span.code)=1705']]);
  });
});

describe('by()', () => {
  test('splits each spanset by the value; spans without one form their own group', () => {
    expect(matchesOf('{ status = error } | by(resource.service.name)')).toEqual({
      checkout: [['root'], ['pay', 'card'], ['cardq']],
    });
    expect(reported('{ } | by(span.db)', 'healthy')).toEqual([
      ['by(span.db)=nil'],
      ['by(span.db)="postgresql"'],
      ['by(span.db)="redis"'],
    ]);
  });

  test('then an aggregate per group', () => {
    expect(matchesOf('{ } | by(resource.service.name) | count() > 1')).toEqual({
      checkout: [['pay', 'card']],
      healthy: [['api', 'cache']],
      orphans: [['lone', 'lone2']],
    });
    expect(reported('{ } | by(resource.service.name) | count() > 1', 'checkout')).toEqual([
      ['by(resource.service.name)="payment"', 'count()=2'],
    ]);
  });

  test('by an expression', () => {
    expect(matchesOf('{ } | by(duration > 4us) | count() = 3')).toEqual({
      checkout: [['authdb', 'cardq', 'ship']],
    });
  });

  test('spanset operators work inside each group', () => {
    // Only payment has a server span with a child of the same service.
    expect(matchesOf('{ } | by(resource.service.name) | { kind = server } &> { }')).toEqual({
      checkout: [['pay', 'card']],
    });
  });
});

describe('select() and coalesce()', () => {
  test('select() adds the fields to each result span, leaving the spans as they are', () => {
    const trace = TRACES.checkout;
    const result = evaluate(
      compileQuery('{ span.db != nil } | select(span.db, span:duration, span.missing)'),
      trace,
    );
    expect(result.spansets).toHaveLength(1);
    const [set] = result.spansets;
    expect(set.spans.map((s) => labelOf(trace.spanId(s)))).toEqual(['authdb', 'card']);
    expect(set.selected.map((fields) => fields.map((f) => `${f.name}=${show(f.value)}`))).toEqual([
      ['span.db="postgresql"', 'span:duration=2000'],
      ['span.db="mysql"', 'span:duration=8000'],
    ]);
  });

  test('without select(), no fields', () => {
    expect(evaluate(compileQuery('{ span.db != nil }'), TRACES.checkout).spansets[0].selected).toEqual([]);
  });

  test('coalesce() merges the groups back into one spanset', () => {
    expect(matchesOf('{ } | by(resource.service.name) | coalesce()')).toEqual({
      checkout: [['root', 'auth', 'authdb', 'pay', 'card', 'cardq', 'ship']],
      healthy: [['web', 'api', 'db', 'cache']],
      orphans: [['lone', 'lone2']],
    });
    expect(matchesOf('{ } | by(kind) | avg(duration) > 4us | coalesce() | count() > 2')).toEqual({
      checkout: [['root', 'auth', 'authdb', 'pay', 'card', 'cardq']],
    });
  });
});

describe('results', () => {
  test('a trace without a match has no spansets; spans come back ascending (pre-order)', () => {
    const result = evaluate(compileQuery('{ span.flag } || { status = error }'), TRACES.checkout);
    expect(result.matched).toBe(true);
    expect(result.spansets[0].spans).toEqual([0, 3, 4, 5, 6]);
    expect(evaluate(compileQuery('{ span.missing != nil }'), TRACES.checkout)).toEqual({
      matched: false,
      spansets: [],
    });
  });

  test('hints do not change what matches', () => {
    expect(spansOf('{ status = error } with(most_recent=true)')).toEqual(spansOf('{ status = error }'));
  });
});
