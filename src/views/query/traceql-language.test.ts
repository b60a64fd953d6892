import { EditorState } from '@codemirror/state';
import { highlightTree } from '@lezer/highlight';
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../core/query/compile.ts';
import { TraceQLError } from '../../core/query/errors.ts';
import { lexQuery } from '../../core/query/lexer.ts';
import { traceqlCorpus, traceqlDocExamples } from '../../testing/traceql-corpus.ts';
import {
  queryDiagnostics,
  queryProblems,
  setServerProblem,
  traceql,
  traceqlHighlighter,
  traceqlLanguage,
} from './traceql-language.ts';

/** The coloured pieces of `text`: "class:text" for each run the highlighter styles. */
function colours(text: string): string[] {
  const state = EditorState.create({ doc: text, extensions: [traceqlLanguage] });
  const tree = traceqlLanguage.parser.parse(state.doc.toString());
  const out: string[] = [];
  highlightTree(tree, traceqlHighlighter, (from, to, cls) => out.push(`${cls}:${text.slice(from, to)}`));
  return out;
}

describe("TraceQL colouring (the language's own lexer)", () => {
  it('colours scopes, attributes, intrinsics, values, operators and brackets', () => {
    expect(colours('{ resource.service.name = "api" && span:duration > 100ms && status = error }')).toEqual([
      'tq-bracket:{',
      'tq-scope:resource.',
      'tq-attribute:service.name',
      'tq-operator:=',
      'tq-string:"api"',
      'tq-operator:&&',
      'tq-intrinsic:span:duration',
      'tq-operator:>',
      'tq-number:100ms',
      'tq-operator:&&',
      'tq-intrinsic:status',
      'tq-operator:=',
      'tq-keyword:error',
      'tq-bracket:}',
    ]);
  });

  it('colours functions, booleans, nil and marks what it cannot read, line by line', () => {
    expect(colours('{ .a != nil && .b = true }\n| count() > 2 @')).toEqual([
      'tq-bracket:{',
      'tq-scope:.',
      'tq-attribute:a',
      'tq-operator:!=',
      'tq-keyword:nil',
      'tq-operator:&&',
      'tq-scope:.',
      'tq-attribute:b',
      'tq-operator:=',
      'tq-keyword:true',
      'tq-bracket:}',
      'tq-operator:|',
      'tq-function:count',
      // Neighbouring pieces of one colour come as one run.
      'tq-bracket:()',
      'tq-operator:>',
      'tq-number:2',
      'tq-invalid:@',
    ]);
  });
});

describe('lint marks', () => {
  it("marks the parser's error where the parser puts it, and nothing on a valid query", () => {
    expect(queryProblems('{ .a == 4 }')).toEqual([
      expect.objectContaining({ from: 6, message: expect.stringMatching(/^1:7: /) }),
    ]);
    expect(queryProblems('{ status = error } | count() > 2')).toEqual([]);
    expect(queryProblems('')).toEqual([]);
  });

  it("marks the store's objection until the text changes, at least one character wide", () => {
    let state = EditorState.create({ doc: '{ .a = 4 }', extensions: [traceql()] });
    expect(queryDiagnostics(state)).toEqual([]);
    state = state.update({ effects: setServerProblem.of({ from: 5, to: 7, message: 'unexpected =' }) }).state;
    expect(queryDiagnostics(state)).toEqual([
      { from: 5, to: 7, severity: 'error', message: 'unexpected =', source: 'store' },
    ]);
    state = state.update({ effects: setServerProblem.of({ from: 10, to: 10, message: 'at the end' }) }).state;
    expect(queryDiagnostics(state)[0]).toMatchObject({ from: 9, to: 10 });
    state = state.update({ changes: { from: 5, to: 6, insert: '!=' } }).state;
    expect(queryDiagnostics(state)).toEqual([]);
  });
});

/** Every query of the real corpus and of TRACEQL.md's examples. */
function corpusQueries(): string[] {
  const docs = traceqlDocExamples();
  return [
    ...traceqlCorpus().map((e) => e.query),
    ...(docs
      ? [...docs.table.map((r) => r.query), ...docs.typeErrors, ...docs.parseErrors, ...docs.unsupported]
      : []),
  ];
}

describe('one grammar of record: the editor agrees with the parser on the whole corpus', () => {
  const queries = corpusQueries();

  it('reads the corpus', () => {
    expect(queries.length).toBeGreaterThan(50);
  });

  it('colours exactly the tokens the parser reads, with no gaps', () => {
    for (const q of queries) {
      const lexed = lexQuery(q).filter((t) => t.kind !== 'whitespace' && t.kind !== 'eof');
      const coloured: { from: number; to: number }[] = [];
      const state = EditorState.create({ doc: q, extensions: [traceqlLanguage] });
      const tree = traceqlLanguage.parser.parse(state.doc.toString());
      highlightTree(tree, traceqlHighlighter, (from, to) => coloured.push({ from, to }));
      // Every token the parser reads is covered by coloured runs (scope + name count as one token).
      for (const t of lexed) {
        if (t.kind === 'comment' || t.kind === 'invalid') continue;
        for (let i = t.from; i < t.to; i++) {
          if (/\s/.test(q[i])) continue;
          expect(
            coloured.some((c) => c.from <= i && i < c.to),
            `${q}: "${q.slice(t.from, t.to)}" at ${i}`,
          ).toBe(true);
        }
      }
    }
  });

  it('marks an error exactly when the parser refuses the query, where it says', () => {
    for (const q of queries) {
      let error: TraceQLError | null = null;
      try {
        compileQuery(q);
      } catch (e) {
        if (!(e instanceof TraceQLError)) throw e;
        error = e;
      }
      const marks = queryProblems(q);
      expect(marks, q).toEqual(error ? [{ from: error.from, to: error.to, message: error.message }] : []);
    }
  });
});
