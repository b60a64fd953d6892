/**
 * TraceQLError: every way a query can be refused, with the offsets of the offending text and a
 * message that starts with its line:column (1-based; columns count characters, as Tempo's do).
 */

/**
 * - syntax: the text is not TraceQL.
 * - type: it parses but cannot be evaluated (`{ 1 = "foo" }`, `{ status > ok }`).
 * - unsupported: valid TraceQL that Spanscope (and Tempo) do not evaluate yet (`parent.`, `min(.a) < max(.b)`).
 * - metrics: a valid metrics query (`| rate()`); the search API answers 501.
 * - regex: a pattern RE2 refuses (backreferences, lookaround, bad syntax).
 */
export type TraceQLErrorKind = 'syntax' | 'type' | 'unsupported' | 'metrics' | 'regex';

export class TraceQLError extends Error {
  override name = 'TraceQLError';
  /** 1-based line and column of `from`. */
  readonly line: number;
  readonly column: number;

  constructor(
    readonly kind: TraceQLErrorKind,
    /** Offsets [from, to) into the query text (UTF-16 code units, as the editor wants them). */
    readonly from: number,
    readonly to: number,
    /** The message without its position. */
    readonly detail: string,
    text: string,
  ) {
    const { line, column } = lineColumn(text, from);
    // One line, whatever the query's own line breaks (the CLI prints one line per error).
    super(`${line}:${column}: ${detail.replace(/\s*[\r\n]+\s*/g, ' ')}`);
    this.line = line;
    this.column = column;
  }
}

/** 1-based line and column of an offset; a column counts characters (code points), not UTF-16 units. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) column++;
  }
  return { line, column: column + Math.max(0, offset - text.length) };
}

/** How a message shows a piece of the query: quoted ('…' when it holds a "), cut when long, controls escaped. */
export function quoteText(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  const shown = cut.replace(/[\u0000-\u001f\u007f]/g, (ch) => JSON.stringify(ch).slice(1, -1));
  return shown.includes('"') ? `'${shown}'` : `"${shown}"`;
}
