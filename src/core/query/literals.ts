/**
 * Literal values as TraceQL (Go's scanner and strconv, Prometheus durations) reads them: string
 * escapes, durations in ns, and the range of integers. The lexer finds where a literal ends; these
 * functions say what it means.
 */
import { utf8Decode, utf8Encode } from '../formats/text.ts';

/** int64 bounds: TraceQL integers are Go ints. */
export const MAX_INT = 9223372036854775807n;
export const MIN_INT = -9223372036854775808n;

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '"': 34,
};

/**
 * The value of a double-quoted string's body (between the quotes), with Go's escapes: \a \b \f \n \r
 * \t \v \\ \" \ooo \xhh (bytes) \uhhhh \Uhhhhhhhh. Returns the reason instead when an escape is bad.
 */
export function unescapeString(body: string): { value: string } | { error: string } {
  if (!body.includes('\\')) return { value: body };
  // \x and \ooo are bytes, so the value is built as UTF-8 and decoded once.
  const bytes: number[] = [];
  const pushText = (s: string) => {
    for (const b of utf8Encode(s)) bytes.push(b);
  };
  let i = 0;
  while (i < body.length) {
    const slash = body.indexOf('\\', i);
    if (slash < 0) {
      pushText(body.slice(i));
      break;
    }
    pushText(body.slice(i, slash));
    const c = body[slash + 1] ?? '';
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      bytes.push(simple);
      i = slash + 2;
      continue;
    }
    const hexLength = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const digits = body.slice(slash + 2, slash + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(digits))
        return badEscape(body.slice(slash, slash + 2));
      const n = Number.parseInt(digits, 16);
      if (c === 'x') bytes.push(n);
      else if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return badEscape(`\\${c}${digits}`);
      else pushText(String.fromCodePoint(n));
      i = slash + 2 + hexLength;
      continue;
    }
    const octal = body.slice(slash + 1, slash + 4);
    if (/^[0-7]{3}$/.test(octal) && Number.parseInt(octal, 8) <= 255) {
      bytes.push(Number.parseInt(octal, 8));
      i = slash + 4;
      continue;
    }
    return badEscape(body.slice(slash, slash + 2));
  }
  return { value: utf8Decode(new Uint8Array(bytes)) };
}

function badEscape(sequence: string): { error: string } {
  return { error: `invalid escape ${sequence} in a string (escape a backslash as \\\\)` };
}

const NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
  w: 7 * 86400e9,
  y: 365 * 86400e9,
};

/** Go's time.Duration limit: durations are int64 nanoseconds. */
const MAX_DURATION_NS = 2 ** 63;

const PROMETHEUS = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const PROMETHEUS_UNITS = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const GO_PART = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Nanoseconds of a duration literal, read as Prometheus does (`1h30m`, `2d`, `1y`: whole numbers,
 * units in order) or else as Go does (`1.5s`, `300us`, `1µs`); undefined when it is neither.
 */
export function durationNs(text: string): number | undefined {
  const prom = PROMETHEUS.exec(text);
  if (prom && text !== '') {
    let ns = 0;
    PROMETHEUS_UNITS.forEach((unit, k) => {
      if (prom[k + 1] !== undefined) ns += Number(prom[k + 1]) * NS[unit];
    });
    return ns < MAX_DURATION_NS ? ns : undefined;
  }
  let ns = 0;
  let at = 0;
  while (at < text.length) {
    GO_PART.lastIndex = at;
    const m = GO_PART.exec(text);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const unit = NS[m[3]];
    // Go adds the whole part and the truncated fraction of each component in integer ns.
    ns += Number(m[1] || '0') * unit + Math.floor(Number(`0.${m[2] ?? ''}`) * unit);
    at = GO_PART.lastIndex;
  }
  return at > 0 && ns < MAX_DURATION_NS ? ns : undefined;
}

/** A decimal integer literal as int64, or undefined when it is out of range (Go's Atoi fails). */
export function parseIntLiteral(text: string): bigint | undefined {
  const n = BigInt(text);
  return n <= MAX_INT ? n : undefined;
}
