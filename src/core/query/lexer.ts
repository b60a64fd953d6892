/**
 * The TraceQL lexer, shared by the parser and the editor's highlighter so that they always agree.
 * It has no state: `nextToken(text, pos)` reads the token that starts at pos, so the editor can
 * restart anywhere a token starts. It never throws; text that cannot start a token (or a literal
 * left open) is an `invalid` token whose value says why.
 *
 * As in Tempo, an attribute is one token with its scope (`span."a b".c`, `parent.resource.x`): its
 * name runs until whitespace or one of `{}()=~!<>&|^,`, so `.http-status` and `.a+b` are names.
 */
import { quoteText } from './errors.ts';
import { durationNs, unescapeString } from './literals.ts';
import {
  ATTRIBUTE_SCOPES,
  type AttributeScope,
  FUNCTION_NAMES,
  INTRINSIC_SCOPES,
  LEGACY_INTRINSICS,
  SCOPED_INTRINSICS,
  STATIC_KEYWORDS,
} from './vocabulary.ts';

export type TokenKind =
  | 'whitespace'
  | 'comment'
  /** `{ } ( ) ,` */
  | 'punctuation'
  /** Comparison, arithmetic, logic and pipe: `= != =~ !~ < <= > >= + - * / % ^ ! && || |` (`>`, `<`, `!~` are also structural between spansets). */
  | 'operator'
  /** Operators only spansets have: `>> << ~ !> !< !>> !<< &> &< &>> &<< &~`. */
  | 'structural'
  /** `duration`, `status`, `span:duration`, `trace:rootService`, … */
  | 'intrinsic'
  /** `.x`, `span.x`, `resource."a b"`, `parent.span.x`, … (value: the name, unquoted). */
  | 'attribute'
  /** Static words: `true false nil ok error unset unspecified internal server client producer consumer minInt maxInt`. */
  | 'keyword'
  /** value: the decoded string. */
  | 'string'
  | 'number'
  | 'duration'
  /** `count avg min max sum by select coalesce rate … topk bottomk`. */
  | 'function'
  /** `with`, which starts query hints. */
  | 'hint'
  /** Any other word (hint names; elsewhere an error). */
  | 'identifier'
  | 'eof'
  /** Text that cannot start a token, or a literal left open; value: the reason. */
  | 'invalid';

export interface Token {
  readonly kind: TokenKind;
  /** [from, to) offsets into the text (UTF-16 code units). */
  readonly from: number;
  readonly to: number;
  /**
   * Operators and punctuation: the symbol; words: the word (`span:duration`); strings: the decoded
   * value; numbers and durations: their text; attributes: the unquoted name; invalid: the reason.
   */
  readonly value: string;
  /** Attributes: the scope, and whether it is under `parent.`. */
  readonly scope?: AttributeScope;
  readonly parent?: boolean;
}

const OPERATORS = new Set([
  ...['=', '!=', '=~', '!~', '<', '<=', '>', '>='],
  ...['+', '-', '*', '/', '%', '^'],
  ...['!', '&&', '||', '|'],
]);
const STRUCTURAL = new Set(['>>', '<<', '~', '!>', '!<', '!>>', '!<<', '&>', '&<', '&>>', '&<<', '&~']);
const PUNCTUATION = '{}(),';
/** Runes that end an unquoted attribute name (besides whitespace). */
const ATTRIBUTE_END = '{}()=~!<>&|^,';

const WORD_START = /[\p{L}_]/u;
const WORD = /[\p{L}\p{Nd}_]*/uy;
const NUMBER = /\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?/y;
/** What may follow a number in a duration (Go's lexer: digits, '.', unit letters). */
const DURATION_TAIL = /[0-9.nsumhµdwy]*/y;
const SPACE = /[ \t\n\r]+/y;
const UNICODE_SPACE = /\s/u;

/** The token that starts at pos (an `eof` token at or past the end). */
export function nextToken(text: string, pos: number): Token {
  if (pos >= text.length) return { kind: 'eof', from: text.length, to: text.length, value: '' };
  const c = text[pos];
  SPACE.lastIndex = pos;
  if (SPACE.test(text)) return token('whitespace', pos, SPACE.lastIndex, ' ');
  if (c === '/' && (text[pos + 1] === '/' || text[pos + 1] === '*')) return comment(text, pos);
  if (PUNCTUATION.includes(c)) return token('punctuation', pos, pos + 1, c);
  if (c === '"') return doubleQuoted(text, pos);
  if (c === '`') return rawString(text, pos);
  if (c === '.' && !isDigit(text[pos + 1])) return attribute(text, pos, pos + 1, 'unscoped', false);
  if (isDigit(c) || c === '.') return numberOrDuration(text, pos);
  if (WORD_START.test(c)) return word(text, pos);
  return operator(text, pos);
}

/** Every token of the text but whitespace and comments, ending with `eof` (what the parser reads). */
export function lexQuery(text: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  for (;;) {
    const t = nextToken(text, pos);
    if (t.kind !== 'whitespace' && t.kind !== 'comment') out.push(t);
    if (t.kind === 'eof') return out;
    pos = t.to;
  }
}

function token(kind: TokenKind, from: number, to: number, value: string): Token {
  return { kind, from, to, value };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function comment(text: string, pos: number): Token {
  if (text[pos + 1] === '/') {
    const end = text.indexOf('\n', pos);
    return token('comment', pos, end < 0 ? text.length : end, '');
  }
  const end = text.indexOf('*/', pos + 2);
  if (end < 0) return token('invalid', pos, text.length, 'unterminated comment (no closing */)');
  return token('comment', pos, end + 2, '');
}

function doubleQuoted(text: string, pos: number): Token {
  let i = pos + 1;
  while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length || text[i] !== '"') {
    const end = Math.min(i, text.length);
    return token('invalid', pos, end, 'unterminated string (no closing ")');
  }
  const body = unescapeString(text.slice(pos + 1, i));
  return 'error' in body ? token('invalid', pos, i + 1, body.error) : token('string', pos, i + 1, body.value);
}

function rawString(text: string, pos: number): Token {
  const end = text.indexOf('`', pos + 1);
  if (end < 0) return token('invalid', pos, text.length, 'unterminated string (no closing `)');
  // Go drops carriage returns from raw strings.
  return token('string', pos, end + 1, text.slice(pos + 1, end).replace(/\r/g, ''));
}

function numberOrDuration(text: string, pos: number): Token {
  NUMBER.lastIndex = pos;
  NUMBER.test(text);
  const numberEnd = NUMBER.lastIndex;
  DURATION_TAIL.lastIndex = numberEnd;
  DURATION_TAIL.test(text);
  const tailEnd = DURATION_TAIL.lastIndex;
  if (tailEnd > numberEnd) {
    const literal = text.slice(pos, tailEnd);
    if (durationNs(literal) !== undefined) return token('duration', pos, tailEnd, literal);
  }
  return token('number', pos, numberEnd, text.slice(pos, numberEnd));
}

function word(text: string, pos: number): Token {
  WORD.lastIndex = pos + 1;
  WORD.test(text);
  const end = WORD.lastIndex;
  const w = text.slice(pos, end);
  const next = text[end];
  if (next === '.' && ATTRIBUTE_SCOPES.has(w)) return scopedAttribute(text, pos, end + 1, w);
  if (next === ':' && INTRINSIC_SCOPES.has(w)) return scopedIntrinsic(text, pos, end + 1, w);
  if (w in LEGACY_INTRINSICS) return token('intrinsic', pos, end, w);
  if (STATIC_KEYWORDS.has(w)) return token('keyword', pos, end, w);
  if (FUNCTION_NAMES.has(w)) return token('function', pos, end, w);
  if (w === 'with') return token('hint', pos, end, w);
  return token('identifier', pos, end, w);
}

function scopedIntrinsic(text: string, pos: number, nameStart: number, scope: string): Token {
  let end = nameStart;
  if (WORD_START.test(text[nameStart] ?? '')) {
    WORD.lastIndex = nameStart + 1;
    WORD.test(text);
    end = WORD.lastIndex;
  }
  const spelling = text.slice(pos, end);
  if (end === nameStart) return token('invalid', pos, end, `expected an intrinsic name after "${scope}:"`);
  if (!(spelling in SCOPED_INTRINSICS)) {
    const known = Object.keys(SCOPED_INTRINSICS).filter((k) => k.startsWith(`${scope}:`));
    return token('invalid', pos, end, `unknown intrinsic "${spelling}" (known: ${known.join(', ')})`);
  }
  return token('intrinsic', pos, end, spelling);
}

function scopedAttribute(text: string, pos: number, afterDot: number, scope: string): Token {
  if (scope !== 'parent') return attribute(text, pos, afterDot, scope as AttributeScope, false);
  for (const inner of ['span.', 'resource.'] as const) {
    if (text.startsWith(inner, afterDot)) {
      const innerScope = inner === 'span.' ? 'span' : 'resource';
      return attribute(text, pos, afterDot + inner.length, innerScope, true);
    }
  }
  return attribute(text, pos, afterDot, 'unscoped', true);
}

function isAttributeRune(c: string): boolean {
  return !ATTRIBUTE_END.includes(c) && !UNICODE_SPACE.test(c);
}

/** An attribute name from nameStart: unquoted runs and "quoted" parts (escapes \" and \\), joined. */
function attribute(
  text: string,
  pos: number,
  nameStart: number,
  scope: AttributeScope,
  parent: boolean,
): Token {
  let name = '';
  let i = nameStart;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const quoted = quotedName(text, i);
      if ('error' in quoted) return token('invalid', pos, quoted.end, quoted.error);
      name += quoted.value;
      i = quoted.end;
    } else if (isAttributeRune(c)) {
      name += c;
      i++;
    } else break;
  }
  return { kind: 'attribute', from: pos, to: i, value: name, scope, parent };
}

function quotedName(
  text: string,
  quote: number,
): { value: string; end: number } | { error: string; end: number } {
  let value = '';
  let i = quote + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\') {
      const escaped = text[i + 1];
      if (escaped !== '"' && escaped !== '\\')
        return {
          error: `invalid escape \\${escaped ?? ''} in a quoted attribute name (only \\" and \\\\)`,
          end: Math.min(i + 2, text.length),
        };
      value += escaped;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  return { error: 'unterminated quoted attribute name (no closing ")', end: text.length };
}

function operator(text: string, pos: number): Token {
  for (const length of [3, 2, 1]) {
    const s = text.slice(pos, pos + length);
    if (s.length !== length) continue;
    if (STRUCTURAL.has(s)) return token('structural', pos, pos + length, s);
    if (OPERATORS.has(s)) return token('operator', pos, pos + length, s);
  }
  const cp = text.codePointAt(pos) ?? 0;
  const width = cp > 0xffff ? 2 : 1;
  const shown = text.slice(pos, pos + width);
  const hint = shown === '&' ? ' (did you mean && or a structural operator such as &>>?)' : '';
  return token('invalid', pos, pos + width, `unexpected character ${quoteText(shown)}${hint}`);
}
