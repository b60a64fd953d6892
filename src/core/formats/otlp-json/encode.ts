/**
 * SpanTables → OTLP JSON in the proto3 JSON mapping (what the store answers, DESIGN §4): lower-case
 * hex ids, int64 as decimal strings, enums as integers, `scopeSpans`, AnyValue attributes.
 * Default values (empty strings, zero counts) are omitted, as protojson does.
 */
import type { SpanTable } from '../../model/span-table.ts';
import type { InstrumentationScope, Resource, SpanDetails, SpanEvent, SpanLink } from '../../model/types.ts';
import { groupSpans, type SpanRef, spanTimesNs } from '../otlp-group.ts';
import { toOtlpKeyValues } from './any-value.ts';
import type { JsonObject } from './json-fields.ts';

/** `{key: value}` when value is not a default (undefined, '', 0, empty list), else `{}`. */
function opt(key: string, value: unknown): JsonObject {
  if (value === undefined || value === '' || value === 0 || (Array.isArray(value) && value.length === 0))
    return {};
  return { [key]: value };
}

/** Jaeger reference types ride along as the attribute OpenTelemetry's Jaeger translator uses. */
function linkAttributes(link: SpanLink): JsonObject[] {
  const attrs = toOtlpKeyValues(link.attributes);
  if (link.refType && !link.attributes.some((a) => a.key === 'opentracing.ref_type')) {
    attrs.unshift({ key: 'opentracing.ref_type', value: { stringValue: link.refType.toLowerCase() } });
  }
  return attrs;
}

export function eventToOtlpJson(e: SpanEvent): JsonObject {
  return {
    timeUnixNano: e.timeNs.toString(),
    ...opt('name', e.name),
    ...opt('attributes', toOtlpKeyValues(e.attributes)),
    ...opt('droppedAttributesCount', e.droppedAttributesCount),
  };
}

export function linkToOtlpJson(l: SpanLink): JsonObject {
  return {
    traceId: l.traceId,
    spanId: l.spanId,
    ...opt('traceState', l.traceState),
    ...opt('attributes', linkAttributes(l)),
    ...opt('droppedAttributesCount', l.droppedAttributesCount),
    ...opt('flags', l.flags),
  };
}

/**
 * The members of an OTLP JSON span that the hot columns do not hold (everything but the ids, name,
 * kind and times). `status` is always present (`{}` when unset), as Tempo writes it.
 */
export function spanDetailsToOtlpJson(details: SpanDetails, statusCode: number): JsonObject {
  return {
    ...opt('traceState', details.traceState),
    ...opt('flags', details.flags),
    ...opt('attributes', toOtlpKeyValues(details.attributes)),
    ...opt('droppedAttributesCount', details.droppedAttributesCount),
    ...opt('events', details.events.map(eventToOtlpJson)),
    ...opt('droppedEventsCount', details.droppedEventsCount),
    ...opt('links', details.links.map(linkToOtlpJson)),
    ...opt('droppedLinksCount', details.droppedLinksCount),
    status: { ...opt('message', details.statusMessage), ...opt('code', statusCode) },
  };
}

/** A ResourceSpans without its `scopeSpans`: `{resource, schemaUrl}`. */
export function resourceToOtlpJson(r: Resource): JsonObject {
  return {
    resource: {
      ...opt('attributes', toOtlpKeyValues(r.attributes)),
      ...opt('droppedAttributesCount', r.droppedAttributesCount),
    },
    ...opt('schemaUrl', r.schemaUrl),
  };
}

/** A ScopeSpans without its `spans`: `{scope, schemaUrl}`. */
export function scopeToOtlpJson(s: InstrumentationScope): JsonObject {
  return {
    scope: {
      ...opt('name', s.name),
      ...opt('version', s.version),
      ...opt('attributes', toOtlpKeyValues(s.attributes)),
      ...opt('droppedAttributesCount', s.droppedAttributesCount),
    },
    ...opt('schemaUrl', s.schemaUrl),
  };
}

function span({ table, index, details }: SpanRef): JsonObject {
  const { startNs, endNs } = spanTimesNs(table, index);
  const { traceState, flags, status, ...rest } = spanDetailsToOtlpJson(details, table.statuses[index]);
  return {
    traceId: table.traceId,
    spanId: table.spanIds[index],
    ...(traceState === undefined ? {} : { traceState }),
    ...opt('parentSpanId', table.parentIds[index]),
    ...(flags === undefined ? {} : { flags }),
    name: table.strings[table.names[index]],
    kind: table.kinds[index],
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: endNs.toString(),
    ...rest,
    status,
  };
}

/** The `resourceSpans` list of the given traces (the store wraps it as `batches` or `trace`). */
export function toOtlpResourceSpans(tables: readonly SpanTable[]): JsonObject[] {
  return groupSpans(tables).map((g) => {
    const { resource, schemaUrl } = resourceToOtlpJson(g.resource);
    return {
      resource,
      scopeSpans: g.scopes.map((s) => ({ ...scopeToOtlpJson(s.scope), spans: s.spans.map(span) })),
      ...(schemaUrl === undefined ? {} : { schemaUrl }),
    };
  });
}

/** An ExportTraceServiceRequest as JSON text. */
export function encodeOtlpJson(tables: readonly SpanTable[]): string {
  return JSON.stringify({ resourceSpans: toOtlpResourceSpans(tables) });
}
