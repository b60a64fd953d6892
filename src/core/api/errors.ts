/**
 * Error answers of the store API: the body every error has (Tempo's `{"error": …}`, plus what a
 * query error or an external source's failure adds), and reading one back from any store.
 */

/** Why an external source failed; each kind has its hint of what to check (FAILURE_HINTS). */
export type SourceFailure =
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'not-found'
  | 'malformed'
  | 'too-large'
  | 'unsupported'
  | 'upstream-error';

export const FAILURE_HINTS: Readonly<Record<SourceFailure, string>> = {
  unreachable: "check the source's URL and that the store is running and reachable from the Spanscope server",
  timeout: "the store answered too slowly: check its load, or raise the source's timeout",
  unauthorized: "the store refused the credentials: check the source's token, user/password or tenant header",
  'not-found': 'the store does not have it: check the id, the time range, or the retention of the store',
  malformed:
    "the store answered something Spanscope cannot read: check that the source's kind and URL are right",
  'too-large': "the answer is over the source's size limit: raise max answer size for the source",
  unsupported: "the store does not offer the API Spanscope reads: check the source's kind and URL",
  'upstream-error': "the store failed to answer: check the store's logs",
};

export function isSourceFailure(v: unknown): v is SourceFailure {
  return typeof v === 'string' && Object.hasOwn(FAILURE_HINTS, v);
}

/** Every error answer: `error` is the message; the other fields are there when they apply. */
export interface ApiErrorBody {
  readonly error: string;
  /** A TraceQL query refused: syntax, type, regex, unsupported; `from`/`to` the offsets the editor marks. */
  readonly kind?: string;
  readonly from?: number;
  readonly to?: number;
  /** An external source that failed, and how. */
  readonly source?: string;
  readonly failure?: SourceFailure;
}

/** The message of an error body: Tempo's `{"error": …}`, else the text itself (shortened). */
export function errorMessageOf(status: number, statusText: string, body: string): string {
  const message = errorBodyOf(body);
  const m = message?.error ?? message?.message;
  if (typeof m === 'string' && m) return m;
  const text = body.trim();
  if (text && !text.startsWith('<')) return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}

/** The error body as an object when it is a JSON object, else null. */
export function errorBodyOf(body: string): Readonly<Record<string, unknown>> | null {
  const text = body.trim();
  if (!text.startsWith('{')) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
