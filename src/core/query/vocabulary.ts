/**
 * The words of TraceQL: intrinsics with their types, static keywords, function names. One table for
 * the lexer (token kinds), the parser, the validator (types), the printer and the editor (completion).
 */

/** What an intrinsic means, whatever its spelling (`duration` and `span:duration` are one intrinsic). */
export type IntrinsicId =
  | 'duration'
  | 'name'
  | 'status'
  | 'statusMessage'
  | 'kind'
  | 'childCount'
  | 'spanId'
  | 'parentId'
  | 'parent'
  | 'traceDuration'
  | 'rootName'
  | 'rootService'
  | 'traceId'
  | 'eventName'
  | 'eventTimeSinceStart'
  | 'linkTraceId'
  | 'linkSpanId'
  | 'instrumentationName'
  | 'instrumentationVersion'
  | 'nestedSetLeft'
  | 'nestedSetRight'
  | 'nestedSetParent';

/** The static types of TraceQL values; 'attribute' is an attribute's type, known only at run time. */
export type StaticType = 'string' | 'int' | 'float' | 'duration' | 'bool' | 'status' | 'kind' | 'nil';
export type ImpliedType = StaticType | 'attribute';

const INTRINSIC_TYPES: Record<IntrinsicId, ImpliedType> = {
  duration: 'duration',
  name: 'string',
  status: 'status',
  statusMessage: 'string',
  kind: 'kind',
  childCount: 'int',
  spanId: 'string',
  parentId: 'string',
  parent: 'nil',
  traceDuration: 'duration',
  rootName: 'string',
  rootService: 'string',
  traceId: 'string',
  eventName: 'string',
  eventTimeSinceStart: 'duration',
  linkTraceId: 'string',
  linkSpanId: 'string',
  instrumentationName: 'string',
  instrumentationVersion: 'string',
  nestedSetLeft: 'int',
  nestedSetRight: 'int',
  nestedSetParent: 'int',
};

export function intrinsicType(id: IntrinsicId): ImpliedType {
  return INTRINSIC_TYPES[id];
}

/** Unscoped (legacy) intrinsics. `nestedSet*` are undocumented but part of the language. */
export const LEGACY_INTRINSICS: Readonly<Record<string, IntrinsicId>> = {
  duration: 'duration',
  name: 'name',
  status: 'status',
  statusMessage: 'statusMessage',
  kind: 'kind',
  parent: 'parent',
  rootName: 'rootName',
  rootServiceName: 'rootService',
  traceDuration: 'traceDuration',
  nestedSetLeft: 'nestedSetLeft',
  nestedSetRight: 'nestedSetRight',
  nestedSetParent: 'nestedSetParent',
};

/** Scoped intrinsics, spelled `scope:name`. */
export const SCOPED_INTRINSICS: Readonly<Record<string, IntrinsicId>> = {
  'trace:duration': 'traceDuration',
  'trace:rootName': 'rootName',
  'trace:rootService': 'rootService',
  'trace:id': 'traceId',
  'span:duration': 'duration',
  'span:name': 'name',
  'span:kind': 'kind',
  'span:status': 'status',
  'span:statusMessage': 'statusMessage',
  'span:id': 'spanId',
  'span:parentID': 'parentId',
  'span:childCount': 'childCount',
  'event:name': 'eventName',
  'event:timeSinceStart': 'eventTimeSinceStart',
  'link:traceID': 'linkTraceId',
  'link:spanID': 'linkSpanId',
  'instrumentation:name': 'instrumentationName',
  'instrumentation:version': 'instrumentationVersion',
};

/** Words that, followed by ':', start a scoped intrinsic. */
export const INTRINSIC_SCOPES: ReadonlySet<string> = new Set([
  'trace',
  'span',
  'event',
  'link',
  'instrumentation',
]);

export type AttributeScope = 'unscoped' | 'span' | 'resource' | 'event' | 'link' | 'instrumentation';

/** Words that, followed by '.', start an attribute. `parent.` may be followed by `span.` or `resource.`. */
export const ATTRIBUTE_SCOPES: ReadonlySet<string> = new Set([
  'span',
  'resource',
  'event',
  'link',
  'instrumentation',
  'parent',
]);

export const STATUS_NAMES = ['unset', 'ok', 'error'] as const;
export type StatusName = (typeof STATUS_NAMES)[number];
export const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type KindName = (typeof KIND_NAMES)[number];

/** Words that are values: booleans, nil, statuses, kinds and the int limits. */
export const STATIC_KEYWORDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'nil',
  ...STATUS_NAMES,
  ...KIND_NAMES,
  'minInt',
  'maxInt',
]);

export const AGGREGATES = ['count', 'avg', 'min', 'max', 'sum'] as const;
export type AggregateFn = (typeof AGGREGATES)[number];

export const METRICS_FUNCTIONS = [
  'rate',
  'count_over_time',
  'min_over_time',
  'max_over_time',
  'avg_over_time',
  'sum_over_time',
  'quantile_over_time',
  'histogram_over_time',
  'compare',
] as const;
export type MetricsFn = (typeof METRICS_FUNCTIONS)[number];

export const SECOND_STAGE_FUNCTIONS = ['topk', 'bottomk'] as const;
export type SecondStageFn = (typeof SECOND_STAGE_FUNCTIONS)[number];

/** Every function-like word: aggregates, pipeline stages, metrics functions and second stages. */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set([
  ...AGGREGATES,
  'by',
  'select',
  'coalesce',
  ...METRICS_FUNCTIONS,
  ...SECOND_STAGE_FUNCTIONS,
]);

export function isOneOf<T extends string>(list: readonly T[], word: string): word is T {
  return (list as readonly string[]).includes(word);
}
