/**
 * TraceQL for the query editor: colouring (a StreamLanguage over a token function, its tokens
 * mapped to @lezer/highlight tags, the tags to `tq-*` classes styled in styles/query.css) and lint
 * marks (CodeMirror lint, from the query checker and from the store's answer to the last run).
 *
 * THE SEAM. Everything the editor needs from the TraceQL implementation (src/core/query) is the two
 * constants in the block below, `tokenAt` and `checkQuery`; nothing else in the editor knows the
 * lexer or the parser. Until the parser lands, the editor's own lenient scanner (traceql-scan.ts)
 * colours the query and nothing is checked while typing. When it lands:
 *
 *   import { nextToken } from '../../core/query/lexer.ts';
 *   import { compileQuery, TraceQLError } from '../../core/query/index.ts';
 *
 *   const tokenAt: TokenAt = (text, pos) => {
 *     const t = nextToken(text, pos);
 *     return t && { from: t.from, to: t.to, style: STYLE_OF_TOKEN[t.type] ?? 'identifier' };
 *   };
 *   const checkQuery: CheckQuery | null = (text) => {
 *     try {
 *       compileQuery(text);
 *       return [];
 *     } catch (e) {
 *       if (e instanceof TraceQLError) return [{ from: e.from, to: e.to, message: e.message }];
 *       throw e;
 *     }
 *   };
 *
 * (`STYLE_OF_TOKEN` maps the lexer's token types to the TokenStyle names below; a lexer that
 * throws on bad input is fine: the rest of the line is then marked invalid.)
 */
import { StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, linter } from '@codemirror/lint';
import { type EditorState, type Extension, StateEffect, StateField } from '@codemirror/state';
import { type Tag, tagHighlighter, tags } from '@lezer/highlight';
import { scanToken, type TokenKind } from './traceql-scan.ts';

/** How a piece of query text is coloured (the scanner's kinds; the real lexer's types map onto them). */
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

// ─── the seam: the real lexer and parser go here (see above) ─────────────────────────────────
const tokenAt: TokenAt = (text, pos) => {
  const t = scanToken(text, pos);
  return t && { from: t.from, to: t.to, style: t.kind };
};
const checkQuery: CheckQuery | null = null;
// ───────────────────────────────────────────────────────────────────────────────────────────────

/** The problems `checkQuery` finds ([] for an empty query, or while there is no checker). */
export function queryProblems(text: string): readonly QueryProblem[] {
  return checkQuery && text.trim() ? checkQuery(text) : [];
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
  const out: Diagnostic[] = [];
  const server = state.field(serverProblem, false);
  if (server) out.push(diagnostic(state, server, 'store'));
  for (const p of queryProblems(state.doc.toString())) out.push(diagnostic(state, p, 'TraceQL'));
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
