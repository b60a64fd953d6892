/**
 * An external source's failure as the app shows it: which source, what happened, what to check.
 * Read from the server's error body (`source`, `failure`: api-client's ApiError) or from the trace
 * worker's error (TraceLoadError); null for any other error.
 */
import { FAILURE_HINTS, isSourceFailure, type SourceFailure } from '../core/api/errors.ts';
import { ApiError } from './api-client.ts';

export interface SourceProblem {
  readonly source: string;
  readonly failure: SourceFailure;
  /** What happened, in a few words. */
  readonly title: string;
  /** What to check. */
  readonly hint: string;
}

const TITLES: Readonly<Record<SourceFailure, (source: string) => string>> = {
  unreachable: (s) => `Could not reach the source “${s}”`,
  timeout: (s) => `The source “${s}” did not answer in time`,
  unauthorized: (s) => `The source “${s}” refused Spanscope's credentials`,
  'not-found': (s) => `Not found in the source “${s}”`,
  malformed: (s) => `The source “${s}” answered something Spanscope cannot read`,
  'too-large': (s) => `The answer of the source “${s}” is too large`,
  unsupported: (s) => `The source “${s}” is of a kind this build cannot read`,
  'upstream-error': (s) => `The source “${s}” failed to answer`,
};

/** The problem of a source carried by `error` (an ApiError, a TraceLoadError, or one wrapping it). */
export function sourceProblemOf(error: unknown): SourceProblem | null {
  let source: unknown;
  let failure: unknown;
  if (error instanceof ApiError) {
    source = error.body?.source;
    failure = error.body?.failure;
  } else if (error && typeof error === 'object') {
    const e = (error as { reason?: unknown }).reason ?? error;
    source = (e as { source?: unknown }).source;
    failure = (e as { failure?: unknown }).failure;
  }
  if (typeof source !== 'string' || !isSourceFailure(failure)) return null;
  return { source, failure, title: TITLES[failure](source), hint: FAILURE_HINTS[failure] };
}
