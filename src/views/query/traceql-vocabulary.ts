/**
 * The words of TraceQL the editor offers and colours (the project's TRACEQL.md summary of Tempo's
 * grammar): attribute scopes, intrinsics, static keywords, functions and operators, each with the
 * short explanation shown beside a suggestion.
 */
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

/** Intrinsics, scoped first (Tempo's current spelling), then the legacy unscoped ones. */
export const INTRINSICS: readonly Word[] = [
  { label: 'span:duration', detail: 'span duration' },
  { label: 'span:name', detail: 'span name' },
  { label: 'span:status', detail: 'error, ok or unset' },
  { label: 'span:statusMessage', detail: 'status message' },
  { label: 'span:kind', detail: 'server, client, producer, consumer, internal' },
  { label: 'span:id', detail: 'span id' },
  { label: 'span:parentID', detail: 'parent span id' },
  { label: 'span:childCount', detail: 'number of children' },
  { label: 'trace:duration', detail: 'trace duration' },
  { label: 'trace:rootName', detail: 'root span name' },
  { label: 'trace:rootService', detail: 'root service' },
  { label: 'trace:id', detail: 'trace id' },
  { label: 'event:name', detail: 'event name' },
  { label: 'event:timeSinceStart', detail: 'event time from span start' },
  { label: 'link:traceID', detail: 'linked trace id' },
  { label: 'link:spanID', detail: 'linked span id' },
  { label: 'instrumentation:name', detail: 'instrumentation scope name' },
  { label: 'instrumentation:version', detail: 'instrumentation scope version' },
  { label: 'duration', detail: 'span duration' },
  { label: 'name', detail: 'span name' },
  { label: 'status', detail: 'error, ok or unset' },
  { label: 'statusMessage', detail: 'status message' },
  { label: 'kind', detail: 'span kind' },
  { label: 'rootName', detail: 'root span name' },
  { label: 'rootServiceName', detail: 'root service' },
  { label: 'traceDuration', detail: 'trace duration' },
];

export const INTRINSIC_NAMES: ReadonlySet<string> = new Set(INTRINSICS.map((w) => w.label));
/** Intrinsics whose values are durations (`> 100ms`). */
export const DURATION_INTRINSICS: ReadonlySet<string> = new Set([
  'duration',
  'span:duration',
  'traceDuration',
  'trace:duration',
  'event:timeSinceStart',
]);

export const STATUS_VALUES: readonly Word[] = [
  { label: 'error', detail: 'status' },
  { label: 'ok', detail: 'status' },
  { label: 'unset', detail: 'status' },
];

export const KIND_VALUES: readonly Word[] = [
  { label: 'server', detail: 'kind' },
  { label: 'client', detail: 'kind' },
  { label: 'producer', detail: 'kind' },
  { label: 'consumer', detail: 'kind' },
  { label: 'internal', detail: 'kind' },
  { label: 'unspecified', detail: 'kind' },
];

export const DURATION_EXAMPLES: readonly Word[] = [
  { label: '10ms', detail: 'duration' },
  { label: '100ms', detail: 'duration' },
  { label: '500ms', detail: 'duration' },
  { label: '1s', detail: 'duration' },
  { label: '5s', detail: 'duration' },
];

/** Static keywords (values), coloured as constants. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  ...STATUS_VALUES.map((w) => w.label),
  ...KIND_VALUES.map((w) => w.label),
  'minInt',
  'maxInt',
]);

/** Functions and the words of pipelines and hints. */
export const FUNCTIONS: ReadonlySet<string> = new Set([
  'count',
  'avg',
  'min',
  'max',
  'sum',
  'by',
  'select',
  'coalesce',
  'with',
  'rate',
  'count_over_time',
  'min_over_time',
  'max_over_time',
  'avg_over_time',
  'sum_over_time',
  'quantile_over_time',
  'histogram_over_time',
  'compare',
  'topk',
  'bottomk',
]);

export const AGGREGATES: ReadonlySet<string> = new Set(['count', 'avg', 'min', 'max', 'sum']);

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

/** Operators, longest first so that a scan takes `!~` before `!`. */
export const OPERATORS: readonly string[] = [
  '&>>',
  '&<<',
  '!>>',
  '!<<',
  '>>',
  '<<',
  '&>',
  '&<',
  '&~',
  '!>',
  '!<',
  '!~',
  '=~',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '=',
  '<',
  '>',
  '~',
  '!',
  '|',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
];

export const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(COMPARISONS.map((w) => w.label));
