/**
 * What an external store answered, judged the same way by every adapter: an HTTP status the user can
 * act on becomes an UpstreamError saying what to check; a body that is not what the endpoint returns
 * is `malformed`; one too large to decode is `too-large`. Messages name the source and the endpoint,
 * never a header (credentials travel in headers only).
 */
import { decodeInput } from '../../core/formats/index.ts';
import type { FormatId } from '../../core/formats/types.ts';
import { type SpanTable, TraceSetBuilder } from '../../core/model/span-table.ts';
import { type UpstreamAnswer, UpstreamError } from './trace-source.ts';

/**
 * An answer larger than this is refused rather than decoded: its trace could not be answered in the
 * JSON encodings anyway (V8 strings stop at ~512 MB), and the columnar one would hold it all twice.
 */
export const MAX_ANSWER_BYTES = 512 * 1024 * 1024;

/** Throws the UpstreamError an unsuccessful status means; `what` names the call (`GET /api/v3/services`). */
export function expectOk(source: string, answer: UpstreamAnswer, what: string): void {
  const { status } = answer;
  if (status < 200 || status >= 300) throw failureOf(source, answer, what);
  if (answer.body.byteLength > MAX_ANSWER_BYTES)
    throw new UpstreamError(
      source,
      'too-large',
      `${what} answered ${answer.body.byteLength} bytes, more than the ${MAX_ANSWER_BYTES / 1024 ** 2} MiB an answer may be; narrow the search (limit, time range)`,
    );
}

/** The UpstreamError of an unsuccessful (not 2xx) answer. */
export function failureOf(source: string, answer: UpstreamAnswer, what: string): UpstreamError {
  const { status } = answer;
  if (status === 401 || status === 403)
    return new UpstreamError(
      source,
      'unauthorized',
      `${what} was refused (HTTP ${status}); check the source's credentials (token, user and password, headers)`,
    );
  if (status === 404)
    return new UpstreamError(
      source,
      'not-found',
      `${what} does not exist there (HTTP 404); check the source's URL and kind`,
    );
  if (status === 413)
    return new UpstreamError(
      source,
      'too-large',
      `${what}: the answer is too large for the store (HTTP 413)`,
    );
  return new UpstreamError(source, 'upstream-error', `${what} failed (HTTP ${status})${detail(answer)}`);
}

/** Credentials a proxy or a debugging upstream may echo back in an error body (key, separator, scheme). */
const ECHOED_CREDENTIAL =
  /\b(proxy-authorization|authorization|bearer|basic|token|password|secret|api[-_]?key)(["':=\s]+)(?:(bearer|basic)(\s+))?[^\s"',;&[]+/gi;

/** The start of an answer's body (what the store said), cut, on one line, credentials masked. */
export function excerpt(body: Uint8Array): string {
  return new TextDecoder()
    .decode(body.subarray(0, 300))
    .replace(/\s+/g, ' ')
    .trim()
    .replace(
      ECHOED_CREDENTIAL,
      (_, key: string, sep: string, scheme = '', space = '') => `${key}${sep}${scheme}${space}[hidden]`,
    );
}

function detail(answer: UpstreamAnswer): string {
  const text = excerpt(answer.body);
  return text ? `: ${text}` : '';
}

export function malformed(source: string, what: string, problem: string): UpstreamError {
  return new UpstreamError(
    source,
    'malformed',
    `${what} answered something that is not what that endpoint returns (${problem}); check that the source's URL points at the store's query API`,
  );
}

/** The body as JSON, or a `malformed` UpstreamError. */
export function jsonOf(source: string, answer: UpstreamAnswer, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(answer.body));
  } catch (err) {
    throw malformed(source, what, `not JSON: ${(err as Error).message}`);
  }
}

/** The traces of an answer's body in one of `formats`, decoded by the core decoders; a `malformed` UpstreamError otherwise. */
export function tracesOf(
  source: string,
  body: Uint8Array,
  what: string,
  formats: readonly FormatId[],
): SpanTable[] {
  const sink = new TraceSetBuilder();
  let format: FormatId;
  try {
    format = decodeInput(body, sink).format;
  } catch (err) {
    throw malformed(source, what, (err as Error).message);
  }
  if (!formats.includes(format))
    throw malformed(source, what, `${format} instead of ${formats.join(' or ')}`);
  return sink.build();
}

/** The JSON of a successful answer: expectOk, then jsonOf. */
export function okJson(source: string, answer: UpstreamAnswer, what: string): unknown {
  expectOk(source, answer, what);
  return jsonOf(source, answer, what);
}

/** A string list (`["a","b"]`) from a JSON value, or a `malformed` UpstreamError. */
export function stringsOf(source: string, value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw malformed(source, what, 'expected a list of strings');
  return value as string[];
}
