/**
 * A lenient TraceQL scanner for the editor: it reads half-typed text (`{ span.`, `"fro`) without
 * complaint and says what each piece is. Autocomplete reads the text before the cursor with it, and
 * until the real lexer lands (src/core/query) it also colours the query (see traceql-language.ts).
 * It is not a parser: it checks nothing.
 */
import { FUNCTIONS, INTRINSIC_NAMES, KEYWORDS, OPERATORS } from './traceql-vocabulary.ts';

export type TokenKind =
  /** `span.`, `resource.`, `event.`, `link.`, `instrumentation.`, `parent.`, or the `.` of `.name`. */
  | 'scope'
  /** The attribute name after a scope, plain or quoted. */
  | 'attribute'
  | 'intrinsic'
  /** Static values: error, ok, server, client, … */
  | 'keyword'
  | 'boolean'
  | 'nil'
  | 'function'
  /** Any other word: half-typed, or a mistake. */
  | 'identifier'
  | 'string'
  | 'number'
  | 'duration'
  | 'operator'
  | 'brace'
  | 'paren'
  | 'punctuation'
  | 'invalid';

export interface Token {
  readonly kind: TokenKind;
  readonly from: number;
  readonly to: number;
  /** False for a string (or quoted attribute name) that runs to the end of the text unclosed. */
  readonly closed: boolean;
}

const SPACE = /\s/;
const SCOPE = /^(?:span|resource|event|link|instrumentation|parent)\./;
const SCOPED_INTRINSIC = /^(?:span|trace|event|link|instrumentation):[A-Za-z]*/;
const WORD = /^[A-Za-z_][\w]*/;
/** A number, or a duration (`100ms`, `1.5s`, `1h30m`). */
const NUMBER =
  /^\d+(?:\.\d+)?((?:ns|us|µs|ms|s|m|h|d|w|y)(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w|y))*)?(?![\w.])/;
const NUMBER_LOOSE = /^\d+(?:\.\d*)?\w*/;
/** Characters of an unquoted attribute name (Tempo's lexer ends a name at these). */
const ATTRIBUTE = /^[^\s{}()=~!<>&|^,"`]+/;

/** The end of a quoted text starting at `pos` (a quote), and whether it was closed. */
function quoted(text: string, pos: number): { to: number; closed: boolean } {
  const quote = text[pos];
  for (let i = pos + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return { to: i + 1, closed: true };
  }
  return { to: text.length, closed: false };
}

function wordKind(word: string): TokenKind {
  if (INTRINSIC_NAMES.has(word)) return 'intrinsic';
  if (KEYWORDS.has(word)) return 'keyword';
  if (word === 'true' || word === 'false') return 'boolean';
  if (word === 'nil') return 'nil';
  if (FUNCTIONS.has(word)) return 'function';
  return 'identifier';
}

/** The token at or after `pos` (whitespace skipped), or null at the end of the text. */
export function scanToken(text: string, pos: number): Token | null {
  let from = pos;
  while (from < text.length && SPACE.test(text[from])) from++;
  if (from >= text.length) return null;
  const tok = (kind: TokenKind, to: number, closed = true): Token => ({ kind, from, to, closed });
  const rest = text.slice(from);
  const c = text[from];
  // Right after a scope's dot comes the attribute name (`span.http.method`, `."a b"`).
  if (from > 0 && text[from - 1] === '.' && (c === '"' || ATTRIBUTE.test(rest))) {
    if (c === '"') {
      const q = quoted(text, from);
      return tok('attribute', q.to, q.closed);
    }
    return tok('attribute', from + ATTRIBUTE.exec(rest)![0].length);
  }
  if (c === '"' || c === '`') {
    const q = quoted(text, from);
    return tok('string', q.to, q.closed);
  }
  if (c >= '0' && c <= '9') {
    const m = NUMBER.exec(rest);
    if (m) return tok(m[1] ? 'duration' : 'number', from + m[0].length);
    return tok('invalid', from + NUMBER_LOOSE.exec(rest)![0].length);
  }
  const scope = SCOPE.exec(rest);
  if (scope) return tok('scope', from + scope[0].length);
  if (c === '.') return tok('scope', from + 1);
  const intrinsic = SCOPED_INTRINSIC.exec(rest);
  if (intrinsic) return tok('intrinsic', from + intrinsic[0].length);
  const word = WORD.exec(rest);
  if (word) return tok(wordKind(word[0]), from + word[0].length);
  if (c === '{' || c === '}') return tok('brace', from + 1);
  if (c === '(' || c === ')') return tok('paren', from + 1);
  if (c === ',' || c === '[' || c === ']') return tok('punctuation', from + 1);
  for (const op of OPERATORS) if (rest.startsWith(op)) return tok('operator', from + op.length);
  return tok('invalid', from + 1);
}

/** Every token of `text`. */
export function scanTokens(text: string): Token[] {
  const out: Token[] = [];
  for (let t = scanToken(text, 0); t; t = scanToken(text, t.to)) out.push(t);
  return out;
}
