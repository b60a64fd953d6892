/**
 * SpanTables → OTLP JSON in the proto3 JSON mapping (what the store answers, DESIGN §4): lower-case
 * hex ids, int64 as decimal strings, enums as integers, `scopeSpans`, AnyValue attributes.
 * Default values (empty strings, zero counts) are omitted, as protojson does.
 */
import type { SpanTable } from '../../model/span-table.ts';
import type { SpanLink } from '../../model/types.ts';
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

function span({ table, index, details }: SpanRef): JsonObject {
  const { startNs, endNs } = spanTimesNs(table, index);
  const status = { ...opt('message', details.statusMessage), ...opt('code', table.statuses[index]) };
  return {
    traceId: table.traceId,
    spanId: table.spanIds[index],
    ...opt('traceState', details.traceState),
    ...opt('parentSpanId', table.parentIds[index]),
    ...opt('flags', details.flags),
    name: table.strings[table.names[index]],
    kind: table.kinds[index],
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: endNs.toString(),
    ...opt('attributes', toOtlpKeyValues(details.attributes)),
    ...opt('droppedAttributesCount', details.droppedAttributesCount),
    ...opt(
      'events',
      details.events.map((e) => ({
        timeUnixNano: e.timeNs.toString(),
        ...opt('name', e.name),
        ...opt('attributes', toOtlpKeyValues(e.attributes)),
        ...opt('droppedAttributesCount', e.droppedAttributesCount),
      })),
    ),
    ...opt('droppedEventsCount', details.droppedEventsCount),
    ...opt(
      'links',
      details.links.map((l) => ({
        traceId: l.traceId,
        spanId: l.spanId,
        ...opt('traceState', l.traceState),
        ...opt('attributes', linkAttributes(l)),
        ...opt('droppedAttributesCount', l.droppedAttributesCount),
      })),
    ),
    ...opt('droppedLinksCount', details.droppedLinksCount),
    status,
  };
}

/** The `resourceSpans` list of the given traces (the store wraps it as `batches` or `trace`). */
export function toOtlpResourceSpans(tables: readonly SpanTable[]): JsonObject[] {
  return groupSpans(tables).map((g) => ({
    resource: {
      attributes: toOtlpKeyValues(g.resource.attributes),
      ...opt('droppedAttributesCount', g.resource.droppedAttributesCount),
    },
    scopeSpans: g.scopes.map((s) => ({
      scope: {
        ...opt('name', s.scope.name),
        ...opt('version', s.scope.version),
        ...opt('attributes', toOtlpKeyValues(s.scope.attributes)),
        ...opt('droppedAttributesCount', s.scope.droppedAttributesCount),
      },
      spans: s.spans.map(span),
    })),
    ...opt('schemaUrl', g.resource.schemaUrl),
  }));
}

/** An ExportTraceServiceRequest as JSON text. */
export function encodeOtlpJson(tables: readonly SpanTable[]): string {
  return JSON.stringify({ resourceSpans: toOtlpResourceSpans(tables) });
}
