/**
 * Text that leaves the app (a chat message, a link preview's meta tags, the card of a preview
 * image): span data as one tidy line (control, format and line-separator characters and runs of
 * white space become one space; cut on a character boundary with "…"), counts with thousands
 * separators, UTC times, and Markdown inline code that no name can break out of.
 */

/** C0/C1 controls, line and paragraph separators, zero-width and bidi-override characters, BOM. */
const INVISIBLE = /[\p{Cc}\p{Zl}\p{Zp}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/** One line of at most `maxChars` characters (code points), cut with "…". */
export function oneLine(text: string, maxChars: number): string {
  const clean = text.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (clean.length <= maxChars) return clean;
  const chars = Array.from(clean);
  if (chars.length <= maxChars) return clean;
  return `${chars
    .slice(0, Math.max(0, maxChars - 1))
    .join('')
    .trimEnd()}…`;
}

/** Digits grouped by thousands: "1234567" → "1,234,567". */
const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+$)/g, ',');

/**
 * "1,234,567", "1,234.568": what `toLocaleString('en-US')` writes (at most three decimals, the
 * shortest spelling of the number rounded half away from zero), without it: its first call loads
 * ICU's number data, a 20–60 ms task on the main thread while a big trace is loading (the status
 * footer's ingest rate is a fraction). Numbers written with an exponent are left to it.
 */
export function countText(n: number): string {
  if (Number.isSafeInteger(n)) return (n < 0 ? '-' : '') + grouped(String(Math.abs(n)));
  const shortest = String(Math.abs(n));
  if (!Number.isFinite(n) || shortest.includes('e')) return n.toLocaleString('en-US');
  const [whole, fraction = ''] = shortest.split('.');
  let digits = whole + fraction.slice(0, 3).padEnd(3, '0');
  if (fraction.charCodeAt(3) >= 53 /* '5' */) digits = (BigInt(digits) + 1n).toString().padStart(4, '0');
  const decimals = digits.slice(-3).replace(/0+$/, '');
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${grouped(digits.slice(0, -3))}${decimals ? `.${decimals}` : ''}`;
}

/** "3 errors", "1 error". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${countText(n)} ${n === 1 ? one : many}`;
}

/** "2026-12-07 10:04:05 UTC", or '' for a time that is not one. */
export function utcText(ms: number): string {
  const d = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(d.getTime())) return '';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Markdown inline code of `text` (CommonMark): fenced by one more backtick than its longest run of
 * backticks, padded with a space when it starts or ends with one, so nothing in it is markup.
 */
export function markdownCode(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Free text inside Markdown (a message, a sentence naming spans): the characters that start inline
 * markup are backslash-escaped, so `*`, `_`, backticks, links and HTML stay text.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&');
}
