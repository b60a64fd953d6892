/**
 * TraceQL → the search terms Jaeger and Zipkin take: one `{ … }` filter whose conditions, joined by
 * `&&`, are a service, an operation (span name), attribute equalities, and span duration bounds.
 * The query is parsed and validated by the core compiler (never by hand); whatever lies outside that
 * subset is refused with a TraceQLError of kind `unsupported` (a 400) located on the construct and
 * naming it. Each adapter then writes the terms as its own parameters and evaluates the whole query
 * on the traces it got back (the upstream's matching is looser: Jaeger matches tags across spans).
 */
import type { Attribute, FieldExpr, Located, StaticValue } from '../../core/query/ast.ts';
import { compileQuery, type Query } from '../../core/query/compile.ts';
import { TraceQLError } from '../../core/query/errors.ts';
import { formatField } from '../../core/query/format.ts';

export interface SearchTerms {
  readonly service?: string;
  /** The span name (Jaeger's operation, Zipkin's spanName). */
  readonly operation?: string;
  /** Attribute equalities, values as text (both stores compare tags as strings). */
  readonly tags: readonly (readonly [key: string, value: string])[];
  /** Span duration bounds in ns, inclusive (a strict bound is made exact by the evaluation after). */
  readonly minDurationNs?: number;
  readonly maxDurationNs?: number;
}

/** What a store's search can take beyond the common subset, and its name for messages. */
export interface StoreSearch {
  /** "Jaeger", "Zipkin". */
  readonly name: string;
  /** Attributes other than service.name on the resource (Jaeger's process tags; Zipkin has none). */
  readonly resourceAttributes: boolean;
  /** Typed attribute values (Jaeger's int64, float64, bool tags); Zipkin's tags are all text. */
  readonly typedValues: boolean;
}

/** A translated query: `query` is null for a listing (no query, or `{}`). */
export interface TranslatedQuery {
  readonly query: Query | null;
  readonly terms: SearchTerms;
}

const SUBSET =
  'service (resource.service.name = "…"), span name (name = "…"), attribute equality ' +
  '(span.x = …, resource.x = …, .x = …) and duration bounds (duration > 10ms), joined by &&, in one { }';

interface Draft {
  service?: string;
  operation?: string;
  tags: [string, string][];
  minDurationNs?: number;
  maxDurationNs?: number;
}

class Refusal {
  constructor(
    readonly store: StoreSearch,
    readonly text: string,
  ) {}

  at(node: Located, what: string): TraceQLError {
    return new TraceQLError(
      'unsupported',
      node.from,
      node.to,
      `${this.store.name} cannot search ${what}; it searches ${SUBSET}`,
      this.text,
    );
  }
}

function conjuncts(e: FieldExpr): FieldExpr[] {
  return e.type === 'binary' && e.op === '&&' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function isServiceName(a: Attribute): boolean {
  return (a.scope === 'resource' || a.scope === 'unscoped') && a.name === 'service.name';
}

/** A tag value as both stores write it: text. */
function tagText(v: StaticValue): string | null {
  switch (v.type) {
    case 'string':
      return v.value;
    case 'int':
      return v.value.toString();
    case 'float':
    case 'bool':
      return String(v.value);
    default:
      return null;
  }
}

const FLIPPED = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

/** Adds one condition to the draft, or throws naming why the store cannot search it. */
function addCondition(d: Draft, e: FieldExpr, refuse: Refusal): void {
  if (e.type !== 'binary') throw refuse.at(e, `the condition ${formatField(e)}`);
  if (e.op === '||') throw refuse.at(e, '|| within a { } (either of two conditions)');
  if (e.op === '=~' || e.op === '!~') throw refuse.at(e, `regular expressions (${e.op})`);
  if (e.op === '!=') throw refuse.at(e, 'inequality (!=)');
  // A constant on the left (`"api" = resource.service.name`) reads as the same condition turned round.
  const turned = e.left.type === 'static' && e.right.type !== 'static';
  const field = turned ? e.right : e.left;
  const value = turned ? e.left : e.right;
  const op = turned && e.op in FLIPPED ? FLIPPED[e.op as keyof typeof FLIPPED] : e.op;
  if (value.type !== 'static')
    throw refuse.at(e, `the condition ${formatField(e)} (compare with a constant)`);
  const v = value.value;

  if (field.type === 'intrinsic' && field.id !== 'duration' && field.id !== 'name')
    throw refuse.at(field, `by ${field.spelling}`);
  if (field.type === 'intrinsic' && field.id === 'duration' && v.type === 'duration') {
    if (op === '>' || op === '>=') d.minDurationNs = Math.max(d.minDurationNs ?? 0, v.value);
    else if (op === '<' || op === '<=') d.maxDurationNs = Math.min(d.maxDurationNs ?? Infinity, v.value);
    else throw refuse.at(e, `${field.spelling} ${op} (only bounds: >, >=, <, <=)`);
    return;
  }
  if (op !== '=') throw refuse.at(e, `the comparison ${op} (only = for names and attributes)`);
  if (field.type === 'intrinsic' && field.id === 'name' && v.type === 'string') {
    if (d.operation !== undefined && d.operation !== v.value) throw refuse.at(e, 'two span names at once');
    d.operation = v.value;
    return;
  }
  if (field.type === 'attribute' && !field.parent && isServiceName(field) && v.type === 'string') {
    if (d.service !== undefined && d.service !== v.value) throw refuse.at(e, 'two services at once');
    d.service = v.value;
    return;
  }
  if (field.type === 'attribute' && !field.parent && ['span', 'resource', 'unscoped'].includes(field.scope)) {
    if (field.scope === 'resource' && !refuse.store.resourceAttributes)
      throw refuse.at(field, 'resource attributes other than service.name (it has none)');
    const text = tagText(v);
    if (text === null) throw refuse.at(value, `an attribute compared with a ${v.type}`);
    if (v.type !== 'string' && !refuse.store.typedValues)
      throw refuse.at(
        value,
        `attributes as numbers or booleans (its tags are text: write ${formatField(field)} = "${text}")`,
      );
    d.tags.push([field.name, text]);
    return;
  }
  if (field.type === 'attribute') throw refuse.at(field, `${field.scope} attributes`);
  throw refuse.at(e, `the condition ${formatField(e)}`);
}

/**
 * Compiles `text` (throws its TraceQLError) and translates it for `store`, throwing an
 * `unsupported` TraceQLError for what the store cannot search.
 */
export function translateQuery(text: string | undefined, store: StoreSearch): TranslatedQuery {
  if (text === undefined || text.trim() === '') return { query: null, terms: { tags: [] } };
  const query = compileQuery(text);
  const refuse = new Refusal(store, text);
  const [stage, ...rest] = query.ast.pipeline.stages;
  if (rest.length > 0) throw refuse.at(rest[0], 'pipelines (| by(), | count(), | select(), …)');
  if (stage.type === 'spanset-op') throw refuse.at(stage, `spanset operators (${stage.op})`);
  if (stage.type === 'scalar-filter') throw refuse.at(stage, 'aggregates (count(), avg(), …)');
  if (stage.type !== 'filter') throw refuse.at(stage, 'pipelines (| by(), | count(), | select(), …)');
  if (!stage.expr) return { query: null, terms: { tags: [] } };
  const draft: Draft = { tags: [] };
  for (const c of conjuncts(stage.expr)) addCondition(draft, c, refuse);
  return { query, terms: draft };
}

/** The service a (perhaps partial) filter names, for autocomplete; undefined when none. */
export function serviceOf(expr: FieldExpr | null): string | undefined {
  if (!expr) return undefined;
  for (const c of conjuncts(expr)) {
    if (c.type !== 'binary' || c.op !== '=') continue;
    const [field, value] = c.left.type === 'static' ? [c.right, c.left] : [c.left, c.right];
    if (field.type === 'attribute' && isServiceName(field) && value.type === 'static')
      if (value.value.type === 'string') return value.value.value;
  }
  return undefined;
}
