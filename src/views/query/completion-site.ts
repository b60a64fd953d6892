/**
 * What the cursor of a half-typed TraceQL query asks for: a field (scope or intrinsic), an attribute
 * name of a scope, a comparison, a value of the field before it, what joins two conditions or two
 * span sets, a pipeline function, or a first `{`. Pure: read from the lenient scanner's tokens of
 * the text before the cursor.
 */
import { ATTRIBUTE_SCOPES, type AttributeScope } from '../../data/tag-source.ts';
import { scanTokens, type Token } from './traceql-scan.ts';
import { AGGREGATES, COMPARISON_OPERATORS } from './traceql-vocabulary.ts';

export type CompletionSite =
  | { readonly kind: 'start'; readonly from: number }
  | { readonly kind: 'field'; readonly from: number }
  | {
      readonly kind: 'attribute';
      /** '' for the unscoped `.name` (span or resource). */
      readonly scope: AttributeScope | '';
      readonly from: number;
      /** The name is being typed inside quotes (`span."a b`): `from` is after the quote. */
      readonly quoted: boolean;
    }
  | { readonly kind: 'operator'; readonly from: number }
  | {
      readonly kind: 'value';
      /** The TraceQL identifier whose values to offer: `resource.service.name`, `status`, … */
      readonly tag: string;
      readonly from: number;
      /** Typing inside quotes: `from` is the opening quote. */
      readonly quoted: boolean;
      /** The cursor touches the operator (`name=`): a value goes in after a space. */
      readonly needsSpace: boolean;
    }
  | { readonly kind: 'combinator'; readonly from: number; readonly inSpanset: boolean }
  | { readonly kind: 'pipeline'; readonly from: number };

const WORDISH = new Set(['identifier', 'intrinsic', 'keyword', 'boolean', 'nil', 'function']);
const VALUE_KINDS = new Set(['string', 'number', 'duration', 'keyword', 'boolean', 'nil']);

function textOf(text: string, t: Token | null | undefined): string {
  return t ? text.slice(t.from, t.to) : '';
}

function scopeOf(scopeText: string): AttributeScope | '' | null {
  if (scopeText === '.') return '';
  const name = scopeText.slice(0, -1);
  return (ATTRIBUTE_SCOPES as readonly string[]).includes(name) ? (name as AttributeScope) : null;
}

/** `{`-depth after the tokens. */
function braceDepth(text: string, tokens: readonly Token[]): number {
  let depth = 0;
  for (const t of tokens)
    if (t.kind === 'brace') depth = Math.max(0, depth + (textOf(text, t) === '{' ? 1 : -1));
  return depth;
}

/** The field that ends with token `i` (`span.http.method`, `.route`, `status`), or null. */
function fieldEndingAt(text: string, tokens: readonly Token[], i: number): string | null {
  const t = tokens[i];
  if (!t) return null;
  if (t.kind === 'intrinsic') return textOf(text, t);
  if (t.kind === 'attribute' && t.closed) {
    const scope = tokens[i - 1];
    if (scope?.kind === 'scope' && scope.to === t.from) return textOf(text, scope) + textOf(text, t);
  }
  return null;
}

/** The token before the `(` matching the `)` at index `i`. */
function beforeOpenParen(text: string, tokens: readonly Token[], i: number): Token | null {
  let depth = 0;
  for (let j = i; j >= 0; j--) {
    const p = textOf(text, tokens[j]);
    if (tokens[j].kind !== 'paren') continue;
    depth += p === ')' ? 1 : -1;
    if (depth === 0) return tokens[j - 1] ?? null;
  }
  return null;
}

/** After a field, a comparison; after a comparison, a value; … See CompletionSite. */
export function completionSiteAt(text: string, pos: number): CompletionSite | null {
  const tokens = scanTokens(text.slice(0, pos));
  const last = tokens.at(-1);
  const touching = last && last.to === pos ? last : null;
  const before = touching ? tokens.slice(0, -1) : tokens;
  const p = before.length - 1;
  const prev = before[p] ?? null;
  const prevText = textOf(text, prev);
  const depth = braceDepth(text, before);
  const afterFunction = prevText === '(' && before[p - 1]?.kind === 'function';
  const fieldStart =
    prevText === '{' ||
    afterFunction ||
    (depth > 0 &&
      (prevText === '(' || prevText === ',' || prevText === '&&' || prevText === '||' || prevText === '!'));
  const afterComparison = depth > 0 && prev?.kind === 'operator' && COMPARISON_OPERATORS.has(prevText);
  /** A value for the field that ends at token `i`. */
  const value = (i: number, from: number, quoted: boolean, needsSpace: boolean): CompletionSite | null => {
    const tag = fieldEndingAt(text, before, i);
    return tag ? { kind: 'value', tag, from, quoted, needsSpace } : null;
  };

  if (touching) {
    const kind = touching.kind;
    const own = textOf(text, touching);
    if (kind === 'scope') {
      const scope = scopeOf(own);
      return scope === null ? null : { kind: 'attribute', scope, from: pos, quoted: false };
    }
    if (kind === 'attribute') {
      const scope = prev?.kind === 'scope' && prev.to === touching.from ? scopeOf(prevText) : null;
      const isQuoted = own.startsWith('"');
      if (scope === null || (isQuoted && touching.closed)) return null;
      return { kind: 'attribute', scope, from: touching.from + (isQuoted ? 1 : 0), quoted: isQuoted };
    }
    if (afterComparison) {
      if (kind === 'string')
        return own.startsWith('"') && !touching.closed ? value(p - 1, touching.from, true, false) : null;
      if (kind === 'number' || kind === 'duration' || WORDISH.has(kind))
        return value(p - 1, touching.from, false, false);
      return null;
    }
    if (WORDISH.has(kind)) {
      if (fieldStart) return { kind: 'field', from: touching.from };
      if (prevText === '|') return { kind: 'pipeline', from: touching.from };
      return null;
    }
    if (kind === 'operator' && depth > 0 && COMPARISON_OPERATORS.has(own)) return value(p, pos, false, true);
    if (own === '{' || (own === '(' && prev?.kind === 'function')) return { kind: 'field', from: pos };
    return null;
  }

  // Whitespace (or nothing) before the cursor.
  if (prev === null) return { kind: 'start', from: pos };
  if (fieldStart) return { kind: 'field', from: pos };
  if (afterComparison) return value(p - 1, pos, false, false);
  if (depth > 0 && fieldEndingAt(text, before, p)) return { kind: 'operator', from: pos };
  if (prevText === '|') return { kind: 'pipeline', from: pos };
  if (depth > 0) {
    const compared =
      before[p - 1]?.kind === 'operator' && COMPARISON_OPERATORS.has(textOf(text, before[p - 1]));
    const isValue = (VALUE_KINDS.has(prev.kind) && prev.closed && compared) || prevText === ')';
    return isValue ? { kind: 'combinator', from: pos, inSpanset: true } : null;
  }
  // Between span sets (depth 0).
  if (prevText === ')' && closesAggregate(text, before, p)) return { kind: 'operator', from: pos };
  if (prevText === '}' || prevText === ')') return { kind: 'combinator', from: pos, inSpanset: false };
  if (prevText === '(' || (prev.kind === 'operator' && !closesAggregate(text, before, p - 1)))
    return { kind: 'start', from: pos };
  return null;
}

/** The `)` at index `i` closes an aggregate's arguments (`count()`, `avg(duration)`). */
function closesAggregate(text: string, tokens: readonly Token[], i: number): boolean {
  if (textOf(text, tokens[i]) !== ')') return false;
  const fn = beforeOpenParen(text, tokens, i);
  return fn?.kind === 'function' && AGGREGATES.has(textOf(text, fn));
}
