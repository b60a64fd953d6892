/**
 * TraceQL for the query editor: colouring (a StreamLanguage over the language's own lexer,
 * core/query's `nextToken`, its tokens mapped to @lezer/highlight tags, the tags to `tq-*` classes
 * styled in styles/query.css) and lint marks (CodeMirror lint, from the parser and validator,
 * `compileQuery`, and from the store's answer to the last run). One grammar of record: the editor
 * colours and marks exactly what the parser reads, so the two cannot disagree (a test checks it on
 * the query corpus). Autocomplete reads half-typed text with its own lenient scanner
 * (traceql-scan.ts), which checks nothing.
 */
import { StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, linter } from '@codemirror/lint';
import { type EditorState, type Extension, StateEffect, StateField } from '@codemirror/state';
import { type Tag, tagHighlighter, tags } from '@lezer/highlight';
import { compileQuery } from '../../core/query/compile.ts';
import { TraceQLError } from '../../core/query/errors.ts';
import { nextToken, type Token } from '../../core/query/lexer.ts';
import type { TokenKind } from './traceql-scan.ts';

/** How a piece of query text is coloured (the lexer's token kinds map onto these). */
export type TokenStyle = TokenKind;

/** The token at or after `pos` of `text` (one line), or null at its end. */
export type TokenAt = (text: string, pos: number) => { from: number; to: number; style: TokenStyle } | null;

export interface QueryProblem {
  /** Offsets into the query text. */
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

/** The problems of a query, [] when it is valid. */
export type CheckQuery = (text: string) => readonly QueryProblem[];

/** The length of an attribute token's scope prefix (`span.`, `.`, `parent.resource.`). */
function scopeLength(text: string, from: number): number {
  const m = /^(?:parent\.(?:span\.|resource\.)?|(?:span|resource|event|link|instrumentation)\.|\.)/.exec(
    text.slice(from, from + 24),
  );
  return m ? m[0].length : 0;
}

function styleOf(t: Token): TokenStyle | null {
  switch (t.kind) {
    case 'whitespace':
    case 'eof':
      return null;
    case 'punctuation':
      return t.value === '{' || t.value === '}' ? 'brace' : t.value === ',' ? 'punctuation' : 'paren';
    case 'operator':
    case 'structural':
      return 'operator';
    case 'keyword':
      return t.value === 'nil' ? 'nil' : t.value === 'true' || t.value === 'false' ? 'boolean' : 'keyword';
    case 'hint':
      return 'function';
    case 'comment':
      return 'punctuation';
    default:
      return t.kind;
  }
}

/** The attribute token whose scope was just returned: its name is the next piece. */
let split: { text: string; token: Token } | null = null;

/** The lexer's token at `pos`; an attribute comes in two parts, its scope and its name. */
const tokenAt: TokenAt = (text, pos) => {
  if (split && split.text === text && pos > split.token.from && pos < split.token.to) {
    const rest = split.token;
    split = null;
    return { from: pos, to: rest.to, style: 'attribute' };
  }
  const t = nextToken(text, pos);
  const style = styleOf(t);
  if (style === null) return t.kind === 'eof' ? null : { from: t.from, to: t.to, style: 'punctuation' };
  if (t.kind === 'attribute' && pos === t.from) {
    const scope = scopeLength(text, t.from);
    if (scope > 0 && t.from + scope < t.to) {
      split = { text, token: t };
      return { from: t.from, to: t.from + scope, style: 'scope' };
    }
  }
  return { from: t.from, to: t.to, style };
};

const checkQuery: CheckQuery = (text) => {
  try {
    compileQuery(text);
    return [];
  } catch (e) {
    if (e instanceof TraceQLError) return [{ from: e.from, to: e.to, message: e.message }];
    throw e;
  }
};

/** The problems of a query ([] for an empty one). */
export function queryProblems(text: string): readonly QueryProblem[] {
  return text.trim() ? checkQuery(text) : [];
}

const TOKEN_TAGS: Record<TokenStyle, Tag> = {
  scope: tags.namespace,
  attribute: tags.propertyName,
  intrinsic: tags.special(tags.variableName),
  keyword: tags.atom,
  boolean: tags.bool,
  nil: tags.null,
  function: tags.function(tags.variableName),
  identifier: tags.variableName,
  string: tags.string,
  number: tags.number,
  duration: tags.unit,
  operator: tags.operator,
  brace: tags.brace,
  paren: tags.paren,
  punctuation: tags.separator,
  invalid: tags.invalid,
};

function safeTokenAt(text: string, pos: number): ReturnType<TokenAt> | 'broken' {
  try {
    return tokenAt(text, pos);
  } catch {
    return 'broken';
  }
}

export const traceqlLanguage = StreamLanguage.define<null>({
  name: 'traceql',
  startState: () => null,
  token(stream) {
    if (stream.eatSpace()) return null;
    const t = safeTokenAt(stream.string, stream.pos);
    if (t === 'broken') {
      stream.skipToEnd();
      return 'invalid';
    }
    if (!t || t.to <= stream.pos) {
      stream.next();
      return 'invalid';
    }
    if (t.from > stream.pos) {
      stream.pos = t.from;
      return null;
    }
    stream.pos = t.to;
    return t.style;
  },
  tokenTable: TOKEN_TAGS,
  languageData: { closeBrackets: { brackets: ['(', '{', '"', '`'] } },
});

/** Tags → the classes styles/query.css colours (per theme, with the app's CSS variables). */
export const traceqlHighlighter = tagHighlighter([
  { tag: tags.namespace, class: 'tq-scope' },
  { tag: tags.propertyName, class: 'tq-attribute' },
  { tag: tags.special(tags.variableName), class: 'tq-intrinsic' },
  { tag: [tags.atom, tags.bool, tags.null], class: 'tq-keyword' },
  { tag: tags.function(tags.variableName), class: 'tq-function' },
  { tag: tags.variableName, class: 'tq-identifier' },
  { tag: tags.string, class: 'tq-string' },
  { tag: [tags.number, tags.unit], class: 'tq-number' },
  { tag: tags.operator, class: 'tq-operator' },
  { tag: [tags.brace, tags.paren], class: 'tq-bracket' },
  { tag: tags.separator, class: 'tq-punctuation' },
  { tag: tags.invalid, class: 'tq-invalid' },
]);

/** The store's objection to the query as it was run; gone once the text changes. */
export const setServerProblem = StateEffect.define<QueryProblem | null>();

const serverProblem = StateField.define<QueryProblem | null>({
  create: () => null,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setServerProblem)) return e.value;
    return tr.docChanged ? null : value;
  },
});

/** A problem as a diagnostic that covers at least one character of the document. */
function diagnostic(state: EditorState, p: QueryProblem, source: string): Diagnostic {
  const length = state.doc.length;
  let from = Math.max(0, Math.min(p.from, length));
  let to = Math.max(from, Math.min(p.to, length));
  if (to === from) {
    if (to < length) to++;
    else if (from > 0) from--;
  }
  return { from, to, severity: 'error', message: p.message, source };
}

export function queryDiagnostics(state: EditorState): Diagnostic[] {
  const local = queryProblems(state.doc.toString());
  const server = state.field(serverProblem, false);
  // The store runs the same parser: its objection is shown only when it says something else.
  const same = (p: QueryProblem) => server && p.from === server.from && p.message === server.message;
  const out = local.map((p) => diagnostic(state, p, 'TraceQL'));
  if (server && !local.some(same)) out.unshift(diagnostic(state, server, 'store'));
  return out;
}

/** Colouring, and lint marks from the checker and the store. */
export function traceql(): Extension {
  return [
    traceqlLanguage,
    syntaxHighlighting(traceqlHighlighter),
    serverProblem,
    linter((view) => queryDiagnostics(view.state), {
      delay: 300,
      needsRefresh: (u) => u.startState.field(serverProblem, false) !== u.state.field(serverProblem, false),
    }),
  ];
}
