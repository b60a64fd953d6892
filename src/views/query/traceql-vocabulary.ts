/**
 * The words of TraceQL the editor offers, each with the short explanation shown beside a
 * suggestion: attribute scopes, intrinsics, static keywords, functions and operators. The words
 * themselves come from the language's one vocabulary (core/query); this file adds the explanations
 * and the order suggestions are offered in.
 */
import { SPANSET_OPERATORS as CORE_SPANSET_OPERATORS, FIELD_BINARY_OPERATORS } from '../../core/query/ast.ts';
import {
  AGGREGATES as CORE_AGGREGATES,
  FUNCTION_NAMES,
  type IntrinsicId,
  intrinsicType,
  KIND_NAMES,
  LEGACY_INTRINSICS,
  SCOPED_INTRINSICS,
  STATIC_KEYWORDS,
  type StatusName,
} from '../../core/query/vocabulary.ts';
import type { AttributeScope } from '../../data/tag-source.ts';

export interface Word {
  readonly label: string;
  readonly detail: string;
}

export const SCOPES: readonly (Word & { readonly scope: AttributeScope | '' })[] = [
  { label: 'span.', scope: 'span', detail: 'span attribute' },
  { label: 'resource.', scope: 'resource', detail: 'resource attribute (service, host, …)' },
  { label: '.', scope: '', detail: 'span or resource attribute' },
  { label: 'event.', scope: 'event', detail: 'event attribute' },
  { label: 'link.', scope: 'link', detail: 'link attribute' },
  { label: 'instrumentation.', scope: 'instrumentation', detail: 'instrumentation scope attribute' },
];

/** What each intrinsic is, shown beside its suggestions. */
const INTRINSIC_DETAILS: Partial<Record<IntrinsicId, string>> = {
  duration: 'span duration',
  name: 'span name',
  status: 'error, ok or unset',
  statusMessage: 'status message',
  kind: 'server, client, producer, consumer, internal',
  spanId: 'span id',
  parentId: 'parent span id',
  childCount: 'number of children',
  traceDuration: 'trace duration',
  rootName: 'root span name',
  rootService: 'root service',
  traceId: 'trace id',
  eventName: 'event name',
  eventTimeSinceStart: 'event time from span start',
  linkTraceId: 'linked trace id',
  linkSpanId: 'linked span id',
  instrumentationName: 'instrumentation scope name',
  instrumentationVersion: 'instrumentation scope version',
};

/**
 * Intrinsics from the language's own table (core/query/vocabulary.ts): scoped first (Tempo's
 * current spelling), then the documented legacy unscoped ones.
 */
const INTRINSIC_IDS: readonly (readonly [string, IntrinsicId])[] = [
  ...Object.entries(SCOPED_INTRINSICS),
  ...Object.entries(LEGACY_INTRINSICS).filter(([, id]) => INTRINSIC_DETAILS[id] !== undefined),
];

export const INTRINSICS: readonly Word[] = INTRINSIC_IDS.map(([label, id]) => ({
  label,
  detail: INTRINSIC_DETAILS[id] ?? 'intrinsic',
}));

export const INTRINSIC_NAMES: ReadonlySet<string> = new Set(INTRINSICS.map((w) => w.label));
/** Intrinsics whose values are durations (`> 100ms`). */
export const DURATION_INTRINSICS: ReadonlySet<string> = new Set(
  INTRINSIC_IDS.filter(([, id]) => intrinsicType(id) === 'duration').map(([label]) => label),
);

/** Statuses in the order they are offered: the one searched for most first. */
const STATUS_ORDER: readonly StatusName[] = ['error', 'ok', 'unset'];
export const STATUS_VALUES: readonly Word[] = STATUS_ORDER.map((label) => ({ label, detail: 'status' }));

export const KIND_VALUES: readonly Word[] = KIND_NAMES.map((label) => ({ label, detail: 'kind' }));

export const DURATION_EXAMPLES: readonly Word[] = [
  { label: '10ms', detail: 'duration' },
  { label: '100ms', detail: 'duration' },
  { label: '500ms', detail: 'duration' },
  { label: '1s', detail: 'duration' },
  { label: '5s', detail: 'duration' },
];

/** Static keywords that are neither booleans nor nil (the scanner tells those apart). */
export const KEYWORDS: ReadonlySet<string> = new Set(
  [...STATIC_KEYWORDS].filter((w) => w !== 'true' && w !== 'false' && w !== 'nil'),
);

/** Functions and the words of pipelines and hints. */
export const FUNCTIONS: ReadonlySet<string> = new Set([...FUNCTION_NAMES, 'with']);

export const AGGREGATES: ReadonlySet<string> = new Set(CORE_AGGREGATES);

export const COMPARISONS: readonly Word[] = [
  { label: '=', detail: 'equals' },
  { label: '!=', detail: 'differs' },
  { label: '>', detail: 'greater than' },
  { label: '>=', detail: 'at least' },
  { label: '<', detail: 'less than' },
  { label: '<=', detail: 'at most' },
  { label: '=~', detail: 'matches a regex (whole value)' },
  { label: '!~', detail: 'does not match a regex' },
];

/** Between conditions on one span, inside `{ }`. */
export const FIELD_COMBINATORS: readonly Word[] = [
  { label: '&&', detail: 'and (the same span)' },
  { label: '||', detail: 'or' },
];

/** Between span sets, after `}`. */
export const SPANSET_OPERATORS: readonly Word[] = [
  { label: '&&', detail: 'both found in the trace' },
  { label: '||', detail: 'either found' },
  { label: '>>', detail: 'right side is a descendant of the left' },
  { label: '>', detail: 'right side is a child of the left' },
  { label: '<<', detail: 'right side is an ancestor of the left' },
  { label: '<', detail: 'right side is the parent of the left' },
  { label: '~', detail: 'siblings' },
  { label: '|', detail: 'pipeline: count(), avg(…), by(…), select(…)' },
];

export const PIPELINE_FUNCTIONS: readonly (Word & { readonly args: boolean })[] = [
  { label: 'count()', args: false, detail: 'spans per span set' },
  { label: 'avg()', args: true, detail: 'mean of a field' },
  { label: 'min()', args: true, detail: 'smallest value of a field' },
  { label: 'max()', args: true, detail: 'largest value of a field' },
  { label: 'sum()', args: true, detail: 'sum of a field' },
  { label: 'by()', args: true, detail: 'group by a field' },
  { label: 'select()', args: true, detail: 'return more fields' },
];

/** Every operator of the language, longest first so that a scan takes `!~` before `!`. */
export const OPERATORS: readonly string[] = [
  ...new Set([...FIELD_BINARY_OPERATORS, ...CORE_SPANSET_OPERATORS, '!', '|']),
].sort((a, b) => b.length - a.length);

export const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(COMPARISONS.map((w) => w.label));
