/**
 * Every query of the shared corpora parses, or fails, as its source says: the traceql-*.md corpus
 * from Tempo's sources (with the positions of parse errors where the source gives them) and
 * TRACEQL.md's examples. Also: each one prints back to the same tree, and the lexer reads it whole.
 */
import { describe, expect, test } from 'vitest';
import { fixturesPresent } from '../../testing/fixtures.ts';
import { withoutOffsets } from '../../testing/query-support.ts';
import { traceqlCorpus, traceqlDocExamples } from '../../testing/traceql-corpus.ts';
import { compileQuery } from './compile.ts';
import { TraceQLError } from './errors.ts';
import { formatQuery } from './format.ts';
import { lexQuery, nextToken } from './lexer.ts';
import { parseQuery } from './parser.ts';
import { RegexCache } from './regex.ts';
import { validateQuery } from './validate.ts';

type Outcome = 'valid' | 'metrics' | TraceQLError['kind'];

/** What our implementation makes of a query: valid, a (valid) metrics query, or the error kind. */
function outcome(query: string): { outcome: Outcome; error?: TraceQLError } {
  try {
    compileQuery(query);
    return { outcome: 'valid' };
  } catch (err) {
    if (!(err instanceof TraceQLError)) throw err;
    return { outcome: err.kind, error: err };
  }
}

const ACCEPTED: Record<string, readonly Outcome[]> = {
  valid: ['valid', 'metrics'],
  syntax: ['syntax'],
  invalid: ['type', 'regex'],
  unsupported: ['unsupported'],
  parses: ['valid', 'metrics', 'type', 'regex', 'unsupported'],
};

const corpus = traceqlCorpus();

describe.runIf(fixturesPresent)('the traceql-*.md corpus', () => {
  test('is there', () => {
    expect(corpus.length).toBeGreaterThan(20);
  });

  test.each(corpus.map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    const got = outcome(entry.query);
    expect(ACCEPTED[entry.expected], `${entry.query}\n→ ${got.error?.message ?? got.outcome}`).toContain(
      got.outcome,
    );
    if (entry.position && got.error) {
      // The source's line 0 means it gives the column only; 0:0 (the empty query) gives neither.
      if (entry.position.column > 0) expect(got.error.column).toBe(entry.position.column);
      if (entry.position.line > 0) expect(got.error.line).toBe(entry.position.line);
    }
  });
});

const doc = traceqlDocExamples();

describe.runIf(doc !== null)("TRACEQL.md's examples", () => {
  test.each(doc?.table.map((r) => [r.query, r.metrics] as const) ?? [])('%s', (query, metrics) => {
    expect(outcome(query).outcome).toBe(metrics ? 'metrics' : 'valid');
  });

  test.each(doc?.typeErrors ?? [])('type error: %s', (query) => {
    expect(outcome(query).outcome).toBe('type');
  });

  test.each(doc?.parseErrors ?? [])('parse error: %s', (query) => {
    expect(outcome(query).outcome).toBe('syntax');
  });

  test.each(doc?.unsupported ?? [])('unsupported: %s', (query) => {
    expect(outcome(query).outcome).toBe('unsupported');
  });
});

const everyQuery = [...corpus.map((e) => e.query), ...(doc?.table.map((r) => r.query) ?? [])];

describe.runIf(everyQuery.length > 0)('every corpus query', () => {
  test('prints back to the same tree (format(parse(q)) parses to parse(q))', () => {
    for (const query of everyQuery) {
      let ast: ReturnType<typeof parseQuery>;
      try {
        ast = parseQuery(query);
      } catch {
        continue;
      }
      const printed = formatQuery(ast);
      expect(withoutOffsets(parseQuery(printed)), `${query}\n→ ${printed}`).toEqual(withoutOffsets(ast));
    }
  });

  test('nextToken reads it whole, without gaps, into the tokens the parser reads', () => {
    for (const query of everyQuery) {
      const tokens = [];
      let pos = 0;
      for (;;) {
        const t = nextToken(query, pos);
        expect(t.from).toBe(pos);
        if (t.kind === 'eof') break;
        expect(t.to).toBeGreaterThan(t.from);
        tokens.push(t);
        pos = t.to;
      }
      expect(pos).toBe(query.length);
      expect(tokens.map((t) => query.slice(t.from, t.to)).join('')).toBe(query);
      const significant = tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
      expect([...significant, nextToken(query, query.length)]).toEqual(lexQuery(query));
    }
  });

  test('validation needs no more than the parse (validateQuery alone agrees with compileQuery)', () => {
    for (const query of everyQuery) {
      let ast: ReturnType<typeof parseQuery>;
      try {
        ast = parseQuery(query);
      } catch {
        continue;
      }
      const direct = (() => {
        try {
          validateQuery(query, ast, new RegexCache());
          return ast.type === 'metrics-query' ? 'metrics' : 'valid';
        } catch (err) {
          return (err as TraceQLError).kind;
        }
      })();
      expect(direct).toBe(outcome(query).outcome);
    }
  });
});
