/**
 * TraceQL regexes: RE2 syntax and semantics (Go's regexp, as Tempo), fully anchored (`=~ "post"`
 * does not match "postgresql"), matched in linear time by re2js, a pure-JS port of RE2. A pattern
 * RE2 refuses (backreferences, lookaround, bad syntax) is refused here too and is never handed to
 * JavaScript's RegExp, whose backtracking a hostile pattern could stall.
 */
import { RE2JS, RE2JSException } from 're2js';
import type { StringMatcher } from './values.ts';

export type CompiledRegex = StringMatcher & { readonly pattern: string };

/** The compiled pattern, or RE2's reason for refusing it. */
export function compileRegex(pattern: string): CompiledRegex | { readonly error: string } {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    if (!(err instanceof RE2JSException)) throw err;
    return { error: err.message };
  }
  return { pattern, matches: (input: string) => re.testExact(input) };
}

/** Compiled patterns of one query, by pattern text (a pattern used twice is compiled once). */
export class RegexCache {
  private readonly compiled = new Map<string, CompiledRegex>();

  /** The compiled pattern, or RE2's reason for refusing it (refusals are not cached). */
  get(pattern: string): CompiledRegex | { readonly error: string } {
    const known = this.compiled.get(pattern);
    if (known) return known;
    const result = compileRegex(pattern);
    if ('matches' in result) this.compiled.set(pattern, result);
    return result;
  }

  /** A pattern that was compiled (by the validator) before. */
  compiledFor(pattern: string): CompiledRegex {
    const re = this.compiled.get(pattern);
    if (!re) throw new Error(`regex ${JSON.stringify(pattern)} was not compiled`);
    return re;
  }
}
