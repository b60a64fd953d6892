/**
 * Raw input bytes → ParsedInput: gunzip (by magic bytes), then binary (protobuf) vs JSON vs JSON Lines.
 * JSON is parsed so that 64-bit integers stay exact and syntax errors name a byte offset.
 */
import { gunzipSync } from 'fflate';
import { findJsonSyntaxProblem } from './json-syntax.ts';
import { utf8ByteOffset, utf8Decode } from './text.ts';
import { FormatError, type ParsedInput } from './types.ts';

/**
 * OTLP time and int keys whose values may be JSON numbers above 2^53 (Grafana writes nanoseconds as
 * numbers): JSON.parse would round them, so such literals are quoted first and decoders read strings.
 * The match requires `{` or `,` right before the key's opening quote, which cannot happen inside a
 * JSON string (every quote in a string is escaped), so string contents are never touched.
 */
const WIDE_INT =
  /([{,]\s*)"(startTimeUnixNano|endTimeUnixNano|timeUnixNano|start_time_unix_nano|end_time_unix_nano|time_unix_nano|intValue|int_value)"(\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g;
// A cheap pre-test (a literal suffix of the keys lets the regex engine skip ahead): most files have none.
const MAYBE_WIDE = /(?:Nano|_nano|ntValue|nt_value)"\s*:\s*-?\d{16}/;

export function keepWideIntegers(text: string): string {
  return MAYBE_WIDE.test(text) ? text.replace(WIDE_INT, '$1"$2"$3"$4"') : text;
}

/** `byte N (line L, column C)` for index `index` of `text`, offset by `baseBytes`. */
function position(text: string, index: number, baseBytes: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `byte ${baseBytes + utf8ByteOffset(text, index)} (line ${line}, column ${index - lineStart + 1})`;
}

function syntaxError(text: string, baseBytes: number, fallback: string): FormatError {
  const found = findJsonSyntaxProblem(text);
  if (!found) return new FormatError('JSON', `byte ${baseBytes}`, `invalid JSON: ${fallback}`);
  return new FormatError('JSON', position(text, found.index, baseBytes), `invalid JSON: ${found.problem}`);
}

/**
 * JSON text → value, keeping wide OTLP integers exact (see keepWideIntegers). Throws FormatError with
 * the byte offset of the error; `baseBytes` is added to offsets (for a line of a larger input).
 */
export function parseJsonText(text: string, baseBytes = 0): unknown {
  try {
    return JSON.parse(keepWideIntegers(text));
  } catch (error) {
    throw syntaxError(text, baseBytes, error instanceof Error ? error.message : String(error));
  }
}

/** JSON Lines: one value per non-blank line. */
function parseJsonLines(text: string, baseBytes: number): unknown[] {
  const values: unknown[] = [];
  let start = 0;
  let bytes = baseBytes;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== '') values.push(parseJsonText(line, bytes));
    bytes += utf8ByteOffset(line, line.length) + 1;
    start = end + 1;
  }
  return values;
}

/** True when `text` fails as one JSON value only because a second value starts on a later line. */
function looksLikeJsonLines(text: string): boolean {
  const firstBreak = text.indexOf('\n', text.search(/\S/));
  if (firstBreak === -1 || text.slice(firstBreak).trim() === '') return false;
  const problem = findJsonSyntaxProblem(text);
  if (!problem) return false;
  return problem.problem.startsWith('unexpected text after') && problem.index > firstBreak;
}

const isWs = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Text JSON starts (after a BOM and whitespace) with `{` or `[` and has no control bytes; protobuf
 * (whose first byte is usually 0x0a, a newline, for field 1) has plenty of them in its first bytes.
 */
export function looksLikeJsonText(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && isWs(bytes[i])) i++;
  if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) return false;
  for (let j = i; j < Math.min(bytes.length, i + 1024); j++)
    if (bytes[j] < 0x20 && !isWs(bytes[j])) return false;
  return true;
}

export interface ParseInputOptions {
  /** Refuse gzip input that inflates beyond this many bytes. */
  readonly maxBytes?: number;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function gunzip(bytes: Uint8Array, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  // The trailer holds the inflated size mod 2^32; fflate sizes its buffer from it.
  const n = bytes.length;
  const claimed =
    n >= 18 ? (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0 : 0;
  if (claimed > maxBytes)
    throw new FormatError('gzip', '', `inflates to ${claimed} bytes, more than the limit of ${maxBytes}`);
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (error) {
    throw new FormatError(
      'gzip',
      '',
      `corrupt gzip data (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (out.length > maxBytes)
    throw new FormatError('gzip', '', `inflates to more than the limit of ${maxBytes} bytes`);
  return out;
}

/** The input's bytes, inflated when they are gzip'd (refused beyond `options.maxBytes`). */
export function inflateInput(raw: Uint8Array, options: ParseInputOptions = {}): Uint8Array {
  return isGzip(raw) ? gunzip(raw, options.maxBytes) : raw;
}

/** Bytes (gzip'd or not) → a JSON value, JSON Lines values, or binary bytes for protobuf decoders. */
export function parseInput(raw: Uint8Array, options: ParseInputOptions = {}): ParsedInput {
  return parseInflated(inflateInput(raw, options));
}

/** parseInput of bytes already inflated. */
export function parseInflated(bytes: Uint8Array): ParsedInput {
  let first = 0;
  while (first < bytes.length && isWs(bytes[first])) first++;
  if (first === bytes.length) throw new FormatError('input', '', 'the input is empty');
  if (!looksLikeJsonText(bytes)) return { kind: 'binary', bytes };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let text: string;
  try {
    text = utf8Decode(bytes);
  } catch {
    // V8 strings stop at ~512 MB: such files go through the streaming splitter (json-stream/).
    throw new FormatError(
      'JSON',
      '',
      `the input (${bytes.length} bytes) is too large to read at once; import it as a stream`,
    );
  }
  try {
    return { kind: 'json', value: parseJsonText(text, bom) };
  } catch (error) {
    if (!looksLikeJsonLines(text)) throw error;
    return { kind: 'jsonl', values: parseJsonLines(text, bom) };
  }
}
