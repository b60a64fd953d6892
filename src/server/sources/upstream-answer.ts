/**
 * Reading an upstream's answer, for every adapter: a status that is not success becomes an
 * UpstreamError saying what the store answered, a body that is not JSON (or not the expected
 * shape) a `malformed` one.
 */
import { type UpstreamAnswer, UpstreamError } from './trace-source.ts';

const EXCERPT_CHARS = 200;

/** The start of an answer's body as one line of text, for messages. */
export function excerpt(body: Uint8Array): string {
  const text = new TextDecoder()
    .decode(body.subarray(0, EXCERPT_CHARS * 4))
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/** The error of an answer whose status is not 2xx: `what` names the request (`trace by id`, `search`). */
export function statusError(source: string, what: string, answer: UpstreamAnswer): UpstreamError {
  const body = excerpt(answer.body);
  return new UpstreamError(
    source,
    answer.status === 404 ? 'not-found' : 'upstream-error',
    `${what}: the store answered ${answer.status}${body ? `: ${body}` : ''}`,
  );
}

/** The JSON of a 2xx answer; throws statusError for another status, `malformed` for a body that is not JSON. */
export function jsonAnswer(source: string, what: string, answer: UpstreamAnswer): unknown {
  if (answer.status < 200 || answer.status > 299) throw statusError(source, what, answer);
  try {
    return JSON.parse(new TextDecoder().decode(answer.body));
  } catch (err) {
    throw malformed(source, what, `not JSON (${(err as Error).message})`);
  }
}

export function malformed(source: string, what: string, why: string): UpstreamError {
  return new UpstreamError(source, 'malformed', `${what}: the answer is ${why}`);
}
