/**
 * Skipping one JSON value in bytes while checking it against the grammar of RFC 8259, the way
 * JSON.parse would: a table-driven automaton (one lookup per byte, a tight loop over string
 * contents) with a stack for nesting. The bulk of an OTLP span is attributes nobody reads until a
 * span is opened, so this loop is where the byte reader spends its time: a few ns per byte, where a
 * hand-written recursive descent spends tens of ns per token.
 */

/** Automaton states (< ACTION); transitions ≥ ACTION are the actions below. Strings are read apart. */
const S = {
  value: 0,
  objectFirst: 1,
  arrayFirst: 2,
  key: 3,
  colon: 4,
  after: 5,
  minus: 6,
  zero: 7,
  integer: 8,
  fraction0: 9,
  fraction: 10,
  exponent0: 11,
  exponentSign: 12,
  exponent: 13,
  // true, false, null: the state after each letter read so far.
  t: 14,
  tr: 15,
  tru: 16,
  f: 17,
  fa: 18,
  fal: 19,
  fals: 20,
  n: 21,
  nu: 22,
  nul: 23,
} as const;
const STATE_COUNT = 24;

const ACTION = 240;
const PUSH_OBJECT = 240;
const PUSH_ARRAY = 241;
const COMMA = 242;
const CLOSE_OBJECT = 243;
const CLOSE_ARRAY = 244;
/** A number ended at a byte that is not part of it: read that byte again in state `after`. */
const NUMBER_END = 245;
const STRING = 246;
const KEY_STRING = 247;
/** The last letter of a literal. */
const LITERAL_END = 248;
const ERROR = 255;

const OBJECT = 1;
const ARRAY = 2;

const table = new Uint8Array(STATE_COUNT * 256).fill(ERROR);

function on(state: number, chars: string, to: number): void {
  for (let k = 0; k < chars.length; k++) table[state * 256 + chars.charCodeAt(k)] = to;
}

const WS = ' \t\n\r';
const DIGITS = '0123456789';

/** Where a value may start. */
function valueStarts(state: number): void {
  on(state, WS, state);
  on(state, '"', STRING);
  on(state, '{', PUSH_OBJECT);
  on(state, '[', PUSH_ARRAY);
  on(state, '-', S.minus);
  on(state, '0', S.zero);
  on(state, '123456789', S.integer);
  on(state, 't', S.t);
  on(state, 'f', S.f);
  on(state, 'n', S.n);
}
valueStarts(S.value);
valueStarts(S.arrayFirst);
on(S.arrayFirst, ']', CLOSE_ARRAY);
on(S.objectFirst, WS, S.objectFirst);
on(S.objectFirst, '"', KEY_STRING);
on(S.objectFirst, '}', CLOSE_OBJECT);
on(S.key, WS, S.key);
on(S.key, '"', KEY_STRING);
on(S.colon, WS, S.colon);
on(S.colon, ':', S.value);
on(S.after, WS, S.after);
on(S.after, ',', COMMA);
on(S.after, '}', CLOSE_OBJECT);
on(S.after, ']', CLOSE_ARRAY);

/** A state where the number read so far is complete: anything else ends it. */
function numberEnds(state: number): void {
  table.fill(NUMBER_END, state * 256, state * 256 + 256);
}
on(S.minus, '0', S.zero);
on(S.minus, '123456789', S.integer);
numberEnds(S.zero);
on(S.zero, '.', S.fraction0);
on(S.zero, 'eE', S.exponent0);
numberEnds(S.integer);
on(S.integer, DIGITS, S.integer);
on(S.integer, '.', S.fraction0);
on(S.integer, 'eE', S.exponent0);
on(S.fraction0, DIGITS, S.fraction);
numberEnds(S.fraction);
on(S.fraction, DIGITS, S.fraction);
on(S.fraction, 'eE', S.exponent0);
on(S.exponent0, '+-', S.exponentSign);
on(S.exponent0, DIGITS, S.exponent);
on(S.exponentSign, DIGITS, S.exponent);
numberEnds(S.exponent);
on(S.exponent, DIGITS, S.exponent);

function word(letters: string, states: readonly number[]): void {
  // states[k] is the state after letters[0..k]; the last letter completes the value.
  for (let k = 1; k < letters.length; k++)
    on(states[k - 1], letters[k], k + 1 < letters.length ? states[k] : LITERAL_END);
}
word('true', [S.t, S.tr, S.tru]);
word('false', [S.f, S.fa, S.fal, S.fals]);
word('null', [S.n, S.nu, S.nul]);

/** Bytes that continue a string's contents with nothing to check (not a quote, backslash or control). */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c <= 0xff; c++) PLAIN[c] = c === 0x22 || c === 0x5c ? 0 : 1;
/** Escape letters after a backslash: `"\/bfnrt` (u is handled apart). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX_DIGIT = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX_DIGIT[c.charCodeAt(0)] = 1;

let escaped = false;

/** Whether the last string scanString read had a backslash escape. */
export function lastStringEscaped(): boolean {
  return escaped;
}

/**
 * The index after the closing quote of the string whose contents start at i, or -1 when it is
 * not a valid JSON string (unterminated, a raw control character, a bad escape).
 */
export function scanString(b: Uint8Array, i: number, end: number): number {
  escaped = false;
  for (;;) {
    // Four bytes a step while they last: string contents are most of a trace file. (A native
    // indexOf of the closing quote, then a check of the run, was 40-50% slower: OTLP strings are short.)
    while (i + 3 < end && (PLAIN[b[i]] & PLAIN[b[i + 1]] & PLAIN[b[i + 2]] & PLAIN[b[i + 3]]) === 1) i += 4;
    while (i < end && PLAIN[b[i]] === 1) i++;
    if (i >= end) return -1;
    const c = b[i];
    if (c === 0x22) return i + 1;
    if (c !== 0x5c || i + 1 >= end) return -1;
    escaped = true;
    const e = b[i + 1];
    if (e === 0x75) {
      if (i + 6 > end) return -1;
      for (let k = i + 2; k < i + 6; k++) if (!HEX_DIGIT[b[k]]) return -1;
      i += 6;
    } else if (SIMPLE_ESCAPE[e]) i += 2;
    else return -1;
  }
}

let stack = new Uint8Array(64);

/**
 * The index just after the JSON value that starts at `i` (after optional whitespace), or -1 when
 * the bytes there are not one valid JSON value. Nothing after the value is looked at.
 */
export function skipJsonValue(b: Uint8Array, i: number, end: number): number {
  let state: number = S.value;
  let depth = 0;
  while (i < end) {
    const next = table[(state << 8) | b[i]];
    if (next < ACTION) {
      i++;
      state = next;
      // The digits of an integer (times, ids as numbers) in a tight loop.
      if (next === S.integer) while (i < end && b[i] >= 0x30 && b[i] <= 0x39) i++;
      continue;
    }
    switch (next) {
      case STRING:
      case KEY_STRING:
        i = scanString(b, i + 1, end);
        if (i < 0) return -1;
        if (next === KEY_STRING) state = S.colon;
        else if (depth === 0) return i;
        else state = S.after;
        break;
      case PUSH_OBJECT:
      case PUSH_ARRAY:
        if (depth === stack.length) {
          const bigger = new Uint8Array(depth * 2);
          bigger.set(stack);
          stack = bigger;
        }
        stack[depth++] = next === PUSH_OBJECT ? OBJECT : ARRAY;
        state = next === PUSH_OBJECT ? S.objectFirst : S.arrayFirst;
        i++;
        break;
      case COMMA:
        state = stack[depth - 1] === OBJECT ? S.key : S.value;
        i++;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (stack[depth - 1] !== (next === CLOSE_OBJECT ? OBJECT : ARRAY)) return -1;
        depth--;
        i++;
        if (depth === 0) return i;
        state = S.after;
        break;
      case LITERAL_END:
        i++;
        if (depth === 0) return i;
        state = S.after;
        break;
      case NUMBER_END:
        if (depth === 0) return i;
        state = S.after;
        break;
      default:
        return -1;
    }
  }
  // The input ended: only a number at the top level can end with it.
  const numberDone = state === S.zero || state === S.integer || state === S.fraction || state === S.exponent;
  return numberDone && depth === 0 ? i : -1;
}
