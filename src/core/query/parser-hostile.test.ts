/**
 * Hostile input: whatever the text, the parser answers with a tree or a TraceQLError naming a
 * position inside the text, quickly, and never overflows the stack.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fuzzParameters, keepFailing } from '../../testing/fuzz.ts';
import { readFoundInputs } from '../../testing/hostile-files.ts';
import { compileQuery } from './compile.ts';
import { TraceQLError } from './errors.ts';
import { MAX_NESTING, MAX_QUERY_LENGTH } from './parser-cursor.ts';

function outcome(query: string): TraceQLError | 'ok' {
  try {
    compileQuery(query);
    return 'ok';
  } catch (err) {
    if (err instanceof TraceQLError) return err;
    throw err;
  }
}

function refused(query: string): TraceQLError {
  const r = outcome(query);
  if (r === 'ok') throw new Error('accepted');
  expect(r.from).toBeGreaterThanOrEqual(0);
  expect(r.to).toBeLessThanOrEqual(query.length);
  expect(r.from).toBeLessThanOrEqual(r.to);
  return r;
}

/** A tree, or a TraceQLError whose position is inside the text and whose message starts with it. */
function answersWell(q: string): void {
  const r = outcome(q);
  if (r !== 'ok') {
    expect(r.from).toBeGreaterThanOrEqual(0);
    expect(r.to).toBeLessThanOrEqual(q.length);
    expect(r.message).toMatch(/^\d+:\d+: \S/);
  }
}

describe('hostile queries', () => {
  test('100k nested parentheses: a clear error, no stack overflow', () => {
    for (const q of ['('.repeat(100_000), `${'('.repeat(60_000)}{}${')'.repeat(60_000)}`]) {
      const err = refused(q);
      expect(err.message).toMatch(/nests deeper than \d+ levels|characters long/);
    }
    expect(refused(`{ ${'('.repeat(50_000)}.a${')'.repeat(50_000)} }`).message).toMatch(/nests deeper/);
    expect(refused(`{ ${'!'.repeat(50_000)}.a }`).message).toMatch(/nests deeper/);
    expect(refused(`{ .a${' ^ .a'.repeat(20_000)} }`).message).toMatch(/nests deeper/);
    expect(refused(`{ .a${' = 1 || .a'.repeat(10_000)} = 1 }`).message).toMatch(/nests deeper/);
    expect(refused(`${'{ .a } && '.repeat(10_000)}{ .a }`).message).toMatch(/nests deeper/);
  });

  test('nesting up to the limit is fine', () => {
    const depth = MAX_NESTING / 2 - 2;
    expect(outcome(`${'('.repeat(depth)}{ .a = 1 }${')'.repeat(depth)}`)).toBe('ok');
    expect(outcome(`{ .a = 0${' || .a = 1'.repeat(200)} }`)).toBe('ok');
  });

  test('a huge query is refused by its length', () => {
    const err = refused(`{ .a = "${'x'.repeat(MAX_QUERY_LENGTH)}" }`);
    expect(err.message).toMatch(/characters long; the limit is/);
    expect(outcome(`{ .a = "${'x'.repeat(10_000)}" }`)).toBe('ok');
  });

  test('unterminated strings, names and comments', () => {
    expect(refused('{ .a = "abc').message).toMatch(/1:8: unterminated string/);
    expect(refused('{ .a = `abc').message).toMatch(/1:8: unterminated string/);
    expect(refused('{ ."abc = 1 }').message).toMatch(/1:3: unterminated quoted attribute name/);
    expect(refused('{ .a = 1 } /* x').message).toMatch(/1:12: unterminated comment/);
  });

  test('control characters and unicode', () => {
    expect(refused('{ .a = 1\u0000 }').message).toMatch(/unexpected character "\\u0000"/);
    expect(refused('{\u200b.a = 1 }').kind).toBe('syntax');
    expect(outcome('{ .名前 = "値" && span."🤘 x" = `é` }')).toBe('ok');
    expect(refused('{ .a = 1 } 💥').column).toBe(12);
  });

  test('random text: a tree or a TraceQLError inside the text (property)', () => {
    const soup = fc.array(
      fc.constantFrom(
        '{',
        '}',
        '(',
        ')',
        ',',
        '|',
        '&&',
        '||',
        '>',
        '>>',
        '<<',
        '!~',
        '~',
        '=',
        '!=',
        '=~',
        '+',
        '-',
        '*',
        '^',
        '!',
        '.a',
        'span.b',
        'resource."c d"',
        'duration',
        'span:name',
        'trace:id',
        '1',
        '2.5',
        '1h',
        '"s"',
        'nil',
        'true',
        'ok',
        'server',
        'count()',
        'avg(',
        'by(',
        'select(',
        'coalesce()',
        'rate()',
        'topk(',
        'with(',
        'x=1',
        ' ',
      ),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          soup.map((parts) => parts.join(' ')),
          fc.string({ unit: 'grapheme', maxLength: 60 }),
        ),
        keepFailing('traceql', 'txt', (q: string) => new TextEncoder().encode(q), answersWell),
      ),
      fuzzParameters(2000),
    );
  });

  test.each(readFoundInputs('traceql').map((f) => [f.name, new TextDecoder().decode(f.bytes)] as const))(
    'found input %s: a tree or a TraceQLError inside the text',
    (_, q) => answersWell(q),
  );
});
