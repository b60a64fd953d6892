import { EditorState } from '@codemirror/state';
import { highlightTree } from '@lezer/highlight';
import { describe, expect, it } from 'vitest';
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

describe('TraceQL colouring (through the seam)', () => {
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
  it('has no checker until the parser lands: nothing is marked while typing', () => {
    expect(queryProblems('{ .a == 4 }')).toEqual([]);
    expect(queryProblems('')).toEqual([]);
  });

  it("marks the store's objection until the text changes, at least one character wide", () => {
    let state = EditorState.create({ doc: '{ .a == 4 }', extensions: [traceql()] });
    expect(queryDiagnostics(state)).toEqual([]);
    state = state.update({ effects: setServerProblem.of({ from: 5, to: 7, message: 'unexpected =' }) }).state;
    expect(queryDiagnostics(state)).toEqual([
      { from: 5, to: 7, severity: 'error', message: 'unexpected =', source: 'store' },
    ]);
    state = state.update({ effects: setServerProblem.of({ from: 11, to: 11, message: 'at the end' }) }).state;
    expect(queryDiagnostics(state)[0]).toMatchObject({ from: 10, to: 11 });
    state = state.update({ changes: { from: 5, to: 7, insert: '=' } }).state;
    expect(queryDiagnostics(state)).toEqual([]);
  });
});
