/**
 * The parser's view of the tokens: look ahead, consume, and fail with a message that names the
 * position, what was expected and what was found. It also bounds the nesting depth, so that hostile
 * input (100k parentheses) is a clear error rather than a stack overflow, and every later recursive
 * walk of the tree (validator, printer, evaluator) stays shallow.
 */
import { quoteText, TraceQLError } from './errors.ts';
import { lexQuery, type Token, type TokenKind } from './lexer.ts';

/** Longer queries are refused before lexing (real ones are a few hundred characters). */
export const MAX_QUERY_LENGTH = 128 * 1024;
/** Deepest nesting of parentheses, operators and chains the parser accepts. */
export const MAX_NESTING = 500;

export class Cursor {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(readonly text: string) {
    if (text.length > MAX_QUERY_LENGTH)
      throw new TraceQLError(
        'syntax',
        MAX_QUERY_LENGTH,
        text.length,
        `the query is ${text.length} characters long; the limit is ${MAX_QUERY_LENGTH}`,
        text,
      );
    this.tokens = lexQuery(text);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  /** The last token consumed (the start of the text before any). */
  get previous(): Token | undefined {
    return this.index > 0 ? this.tokens[this.index - 1] : undefined;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  is(kind: TokenKind, value?: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === kind && (value === undefined || t.value === value);
  }

  /** Consumes the token when it is this operator/punctuation/word. */
  eat(kind: TokenKind, value: string): Token | undefined {
    return this.is(kind, value) ? this.next() : undefined;
  }

  expect(kind: TokenKind, value: string, expected = quoteText(value)): Token {
    return this.eat(kind, value) ?? this.fail(this.peek(), expected);
  }

  /**
   * A syntax error at `found`: "expected X after "Y", found Z". An invalid token speaks for itself
   * (unterminated string, unknown intrinsic, …).
   */
  fail(found: Token, expected: string, after: Token | undefined = this.previous): never {
    if (found.kind === 'invalid') throw this.error(found.from, found.to, found.value);
    const afterText = after ? ` after ${quoteText(this.text.slice(after.from, after.to))}` : '';
    throw this.error(
      found.from,
      found.to,
      `expected ${expected}${afterText}, found ${describe(this.text, found)}`,
    );
  }

  error(from: number, to: number, detail: string): TraceQLError {
    return new TraceQLError('syntax', from, to, detail, this.text);
  }

  /** One level deeper; the caller leaves as many levels as it entered. */
  enter(at: Token): void {
    if (++this.depth > MAX_NESTING)
      throw this.error(at.from, at.to, `the query nests deeper than ${MAX_NESTING} levels`);
  }

  leave(levels = 1): void {
    this.depth -= levels;
  }
}

export function describe(text: string, t: Token): string {
  return t.kind === 'eof' ? 'the end of the query' : quoteText(text.slice(t.from, t.to));
}
