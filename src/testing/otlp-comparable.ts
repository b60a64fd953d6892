/**
 * What of a span's details OTLP JSON carries, as plain data (bigints as decimal strings, bytes as
 * arrays, absent and zero counts alike), so that round trips through the store or the columnar
 * transfer can be compared with toEqual. Fields OTLP has no place for (Zipkin extras, Jaeger
 * reference types) are left out.
 */
import type { Attribute, AttrValue, SpanDetails } from '../core/model/types.ts';

function value(v: AttrValue): unknown {
  switch (v.type) {
    case 'int':
      return { int: v.value.toString() };
    case 'double':
      // JSON.stringify writes -0 as 0: the one double that JSON text cannot give back.
      return { double: Object.is(v.value, -0) ? 0 : v.value };
    case 'bytes':
      return { bytes: Array.from(v.value) };
    case 'array':
      return { array: v.value.map(value) };
    case 'kvlist':
      return { kvlist: attributes(v.value) };
    case 'empty':
      return { empty: true };
    default:
      return { [v.type]: v.value };
  }
}

function attributes(list: readonly Attribute[]): unknown[] {
  return list.map((a) => [a.key, value(a.value)]);
}

export function otlpComparable(d: SpanDetails): unknown {
  return {
    attributes: attributes(d.attributes),
    droppedAttributesCount: d.droppedAttributesCount ?? 0,
    events: d.events.map((e) => ({
      timeNs: e.timeNs.toString(),
      name: e.name,
      attributes: attributes(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: d.droppedEventsCount ?? 0,
    links: d.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState ?? '',
      attributes: attributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
    })),
    droppedLinksCount: d.droppedLinksCount ?? 0,
    resource: {
      attributes: attributes(d.resource.attributes),
      droppedAttributesCount: d.resource.droppedAttributesCount ?? 0,
      schemaUrl: d.resource.schemaUrl ?? '',
    },
    scope: {
      name: d.scope.name,
      version: d.scope.version,
      attributes: attributes(d.scope.attributes),
      droppedAttributesCount: d.scope.droppedAttributesCount ?? 0,
    },
    statusMessage: d.statusMessage,
    traceState: d.traceState,
    flags: d.flags,
  };
}
