/** SpanTables → OTLP protobuf ExportTraceServiceRequest bytes (protobufjs, from the repo's schema). */
import { hexToBytes } from '../../model/ids.ts';
import type { SpanTable } from '../../model/span-table.ts';
import type { Attribute, SpanLink } from '../../model/types.ts';
import { groupSpans, type SpanRef, spanTimesNs } from '../otlp-group.ts';
import { toProtoKeyValues } from './any-value.ts';
import { bigIntToLong } from './long.ts';
import { ExportTraceServiceRequest } from './schema.ts';

function linkAttributes(link: SpanLink): readonly Attribute[] {
  if (!link.refType || link.attributes.some((a) => a.key === 'opentracing.ref_type')) return link.attributes;
  return [
    { key: 'opentracing.ref_type', value: { type: 'string', value: link.refType.toLowerCase() } },
    ...link.attributes,
  ];
}

function span({ table, index, details }: SpanRef): Record<string, unknown> {
  const { startNs, endNs } = spanTimesNs(table, index);
  const parent = table.parentIds[index];
  return {
    trace_id: hexToBytes(table.traceId),
    span_id: hexToBytes(table.spanIds[index]),
    trace_state: details.traceState,
    parent_span_id: parent ? hexToBytes(parent) : undefined,
    flags: details.flags,
    name: table.strings[table.names[index]],
    kind: table.kinds[index],
    start_time_unix_nano: bigIntToLong(startNs, true),
    end_time_unix_nano: bigIntToLong(endNs, true),
    attributes: toProtoKeyValues(details.attributes),
    dropped_attributes_count: details.droppedAttributesCount ?? 0,
    events: details.events.map((e) => ({
      time_unix_nano: bigIntToLong(e.timeNs, true),
      name: e.name,
      attributes: toProtoKeyValues(e.attributes),
      dropped_attributes_count: e.droppedAttributesCount ?? 0,
    })),
    dropped_events_count: details.droppedEventsCount ?? 0,
    links: details.links.map((l) => ({
      trace_id: hexToBytes(l.traceId),
      span_id: hexToBytes(l.spanId),
      trace_state: l.traceState ?? '',
      attributes: toProtoKeyValues(linkAttributes(l)),
      dropped_attributes_count: l.droppedAttributesCount ?? 0,
      flags: l.flags ?? 0,
    })),
    dropped_links_count: details.droppedLinksCount ?? 0,
    status: { message: details.statusMessage, code: table.statuses[index] },
  };
}

/** An ExportTraceServiceRequest (plain objects go straight to encode: no fromObject pass needed). */
export function encodeOtlpProto(tables: readonly SpanTable[]): Uint8Array {
  const request = {
    resource_spans: groupSpans(tables).map((g) => ({
      resource: {
        attributes: toProtoKeyValues(g.resource.attributes),
        dropped_attributes_count: g.resource.droppedAttributesCount ?? 0,
      },
      scope_spans: g.scopes.map((s) => ({
        scope: {
          name: s.scope.name,
          version: s.scope.version,
          attributes: toProtoKeyValues(s.scope.attributes),
          dropped_attributes_count: s.scope.droppedAttributesCount ?? 0,
        },
        spans: s.spans.map(span),
        schema_url: s.scope.schemaUrl ?? '',
      })),
      schema_url: g.resource.schemaUrl ?? '',
    })),
  };
  return ExportTraceServiceRequest.encode(request as never).finish();
}
