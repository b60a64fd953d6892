/**
 * Finds where JSON text is malformed. JSON.parse only sometimes says where ("Unexpected token 'x', … is
 * not valid JSON" has no position), and DESIGN §3 wants every error to name a byte offset, so on the
 * error path only we re-scan the text with this small iterative validator (no recursion: hostile
 * nesting cannot overflow the stack).
 */

export interface JsonSyntaxProblem {
  /** Index in the text (UTF-16 units) of the first character that cannot be right. */
  readonly index: number;
  readonly problem: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

/** The first syntax problem in `text` (one JSON value, optional surrounding whitespace), or null. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  let i = 0;
  const stack: number[] = []; // 0x5b '[' or 0x7b '{' of each open container
  const skipWs = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const fail = (problem: string): JsonSyntaxProblem => ({
    index: i,
    problem:
      i >= text.length ? `unexpected end of input (${problem})` : `${problem}, found ${excerpt(text, i)}`,
  });
  const string = (): JsonSyntaxProblem | null => {
    i++;
    for (;;) {
      if (i >= text.length) return fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return fail('control character in a string');
      if (c === 0x5c) {
        ESCAPE.lastIndex = i + 1;
        if (!ESCAPE.test(text)) return fail('invalid escape in a string');
        i = ESCAPE.lastIndex;
      } else i++;
    }
  };
  /** Parses one scalar, or opens a container; returns a problem or null. */
  const value = (): JsonSyntaxProblem | null => {
    skipWs();
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      i++;
      skipWs();
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i) === close) {
        stack.pop();
        i++;
        return null;
      }
      return c === 0x7b ? member() : value();
    }
    if (c === 0x22) return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return null;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return null;
    }
    return fail('expected a value');
  };
  const member = (): JsonSyntaxProblem | null => {
    skipWs();
    if (text.charCodeAt(i) !== 0x22) return fail('expected a double-quoted property name');
    const p = string();
    if (p) return p;
    skipWs();
    if (text.charCodeAt(i) !== 0x3a) return fail("expected ':' after a property name");
    i++;
    return value();
  };

  let p = value();
  while (!p) {
    skipWs();
    const top = stack.at(-1);
    if (top === undefined) {
      return i < text.length ? fail('unexpected text after the JSON value') : null;
    }
    const c = text.charCodeAt(i);
    const close = top === 0x7b ? 0x7d : 0x5d;
    if (c === close) {
      stack.pop();
      i++;
      continue;
    }
    if (c !== 0x2c) return fail(top === 0x7b ? "expected ',' or '}'" : "expected ',' or ']'");
    i++;
    p = top === 0x7b ? member() : value();
  }
  return p;
}

function excerpt(text: string, i: number): string {
  return JSON.stringify(text.slice(i, i + 12));
}
