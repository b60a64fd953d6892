/**
 * What a failed search means for the person who typed the query: a query the store refused (400,
 * with the position it names marked in the editor), a query kind search does not run (501: metrics
 * queries), or a failure of the store or the network.
 *
 * The position is read from the error body when it carries offsets (`from`/`to`, 0-based, as a
 * TraceQLError has them), else from the message: Tempo's `line 1, col 12` (1-based), or
 * `at position 11` / `at offset 11` / `at 11` / `11-14` after "at" (0-based).
 */
import { ApiError } from './api-client.ts';
import { type SourceProblem, sourceProblemOf } from './source-problem.ts';

export interface QuerySpan {
  /** Offsets into the query text, from < to (at least one character when the text has one). */
  readonly from: number;
  readonly to: number;
}

export type SearchFailure =
  | { readonly kind: 'invalid'; readonly message: string; readonly span: QuerySpan | null }
  | { readonly kind: 'unsupported'; readonly message: string }
  | {
      readonly kind: 'failed';
      readonly message: string;
      readonly status: number;
      /** When an external source failed: which, and what to check. */
      readonly problem?: SourceProblem;
    };

const LINE_COL = /\bline\s+(\d+)\s*,?\s*col(?:umn)?\s+(\d+)/i;
const COL_ONLY = /\bcol(?:umn)?\s+(\d+)/i;
const AT_OFFSET =
  /\b(?:at|position|offset)\s+(?:position\s+|offset\s+|char(?:acter)?\s+)?(\d+)(?:\s*(?:-|–|\.\.|to)\s*(\d+))?/i;
/** The end of the word, number, string or operator that starts at `from`. */
const TOKEN = /^(?:"(?:[^"\\]|\\.)*"?|[\w.:]+|[=!<>~&|]+|\S)/;

function clampSpan(text: string, from: number, to: number | null): QuerySpan | null {
  if (!Number.isFinite(from) || from < 0) return null;
  const start = Math.min(Math.floor(from), text.length);
  let end = to !== null && Number.isFinite(to) && to > start ? Math.min(Math.floor(to), text.length) : start;
  if (end === start) {
    const m = TOKEN.exec(text.slice(start));
    end = start + (m ? m[0].length : 0);
  }
  if (end === start && start > 0) return { from: start - 1, to: start };
  return { from: start, to: Math.max(end, start) };
}

/** Offset of a 1-based line and column. */
function offsetOf(text: string, line: number, col: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + Math.max(0, col - 1);
}

/** The part of `query` an error names, or null when it names none. */
export function errorSpanOf(message: string, body: Readonly<Record<string, unknown>> | null, query: string) {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const from = num(body?.from) ?? num(body?.position) ?? num(body?.offset);
  if (from !== null) return clampSpan(query, from, num(body?.to));
  let m = LINE_COL.exec(message);
  if (m) return clampSpan(query, offsetOf(query, Number(m[1]), Number(m[2])), null);
  m = AT_OFFSET.exec(message);
  if (m) return clampSpan(query, Number(m[1]), m[2] === undefined ? null : Number(m[2]));
  m = COL_ONLY.exec(message);
  if (m) return clampSpan(query, Number(m[1]) - 1, null);
  return null;
}

export function searchFailureOf(error: unknown, query: string): SearchFailure {
  const problem = sourceProblemOf(error);
  if (problem && error instanceof ApiError)
    return { kind: 'failed', message: error.message, status: error.status, problem };
  if (error instanceof ApiError) {
    if (error.status === 400)
      return { kind: 'invalid', message: error.message, span: errorSpanOf(error.message, error.body, query) };
    if (error.status === 501) return { kind: 'unsupported', message: error.message };
    return { kind: 'failed', message: error.message, status: error.status };
  }
  return { kind: 'failed', message: (error as Error)?.message ?? String(error), status: 0 };
}
