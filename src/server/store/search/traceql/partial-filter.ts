/**
 * The filter an autocomplete request (`/api/v2/search/tags?q=`, `…/values?q=`) stays within. The
 * editor sends the query as typed, often unfinished (`{ resource.service.name = "api" && span.`),
 * so this takes what parses:
 *
 * 1. A query that compiles: its last spanset filter (the one nearest the end, where one types).
 * 2. Otherwise the last `{ … }` of the text (closed or not), cut at its top-level `&&`: the longest
 *    run of leading conditions that compiles as a filter (`{ resource.service.name = "api" }` above).
 * 3. Nothing usable (no `{`, no complete condition, `||` joining the complete ones with the one being
 *    typed …): no filter, and the answer is the catalog's, as without `q`.
 */
import type { SpansetFilter } from '../../../../core/query/ast.ts';
import { compileQuery, type Query } from '../../../../core/query/compile.ts';
import { TraceQLError } from '../../../../core/query/errors.ts';
import { nextToken, type Token } from '../../../../core/query/lexer.ts';
import { queryShape } from './query-shape.ts';

export interface ContextFilter {
  readonly filter: SpansetFilter;
  /** The text it was compiled from. */
  readonly text: string;
}

function compiles(text: string): Query | null {
  try {
    return compileQuery(text);
  } catch (err) {
    if (err instanceof TraceQLError) return null;
    throw err;
  }
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (let pos = 0; pos < text.length; ) {
    const t = nextToken(text, pos);
    if (t.kind === 'eof' || t.to <= pos) break;
    if (t.kind !== 'whitespace' && t.kind !== 'comment') out.push(t);
    pos = t.to;
  }
  return out;
}

function lastFilter(query: Query): SpansetFilter | null {
  const leaves = queryShape(query.ast).leaves;
  let last: SpansetFilter | null = null;
  for (const leaf of leaves) if (!last || leaf.from > last.from) last = leaf;
  return last;
}

export function contextFilter(q: string): ContextFilter | null {
  const whole = q.trim() ? compiles(q) : null;
  if (whole) {
    const filter = lastFilter(whole);
    return filter?.expr ? { filter, text: q } : null;
  }
  const list = tokens(q);
  // The last `{` and the tokens after it, up to its `}` if it has one.
  let open = -1;
  for (let i = list.length - 1; i >= 0 && open < 0; i--)
    if (list[i].value === '{' && list[i].kind === 'punctuation') open = i;
  if (open < 0) return null;
  const parts: string[] = [];
  let start = list[open].to;
  let depth = 0;
  for (let i = open + 1; i < list.length; i++) {
    const t = list[i];
    if (t.kind === 'punctuation' && (t.value === '(' || t.value === '{')) depth++;
    else if (t.kind === 'punctuation' && (t.value === ')' || t.value === '}')) {
      if (depth === 0) {
        parts.push(q.slice(start, t.from));
        start = -1;
        break;
      }
      depth--;
    } else if (depth === 0 && t.kind === 'operator' && t.value === '&&') {
      parts.push(q.slice(start, t.from));
      start = t.to;
    }
  }
  if (start >= 0) parts.push(q.slice(start));
  for (let k = parts.length; k > 0; k--) {
    const text = `{ ${parts.slice(0, k).join(' && ')} }`;
    const query = compiles(text);
    const filter = query && lastFilter(query);
    if (filter?.expr) return { filter, text };
  }
  return null;
}
