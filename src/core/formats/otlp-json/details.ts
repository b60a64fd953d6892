/**
 * The cold part of an OTLP JSON span (attributes, events, links, resource, scope), decoded on first
 * use. The span was validated when it was read (ids, times), so this never throws: a malformed
 * attribute value is kept as the string of its JSON text (see fromOtlpKeyValues).
 */
import { canonicalSpanId, canonicalTraceId } from '../../model/ids.ts';
import type { InstrumentationScope, Resource, SpanDetails, SpanEvent, SpanLink } from '../../model/types.ts';
import { shortJson } from '../otlp-common.ts';
import { describeBadId, spanIdOrNull, traceIdOrNull } from '../span-ids.ts';
import { fromOtlpKeyValues } from './any-value.ts';
import { field, isObject, type JsonObject, readCount, readUint64 } from './json-fields.ts';

/** A dropped-items count; 0 (the default) reads as absent, as protobuf does. */
function readDropped(o: JsonObject): number | undefined {
  return readCount(field(o, 'droppedAttributesCount', 'dropped_attributes_count')) || undefined;
}

export function readResource(resource: unknown, schemaUrl: unknown): Resource {
  const r = isObject(resource) ? resource : {};
  return {
    attributes: fromOtlpKeyValues(r.attributes, '$', true),
    droppedAttributesCount: readDropped(r),
    ...(typeof schemaUrl === 'string' && schemaUrl !== '' ? { schemaUrl } : {}),
  };
}

export function readScope(scope: unknown, schemaUrl: unknown): InstrumentationScope {
  const s = isObject(scope) ? scope : {};
  return {
    name: typeof s.name === 'string' ? s.name : '',
    version: typeof s.version === 'string' ? s.version : '',
    attributes: fromOtlpKeyValues(s.attributes, '$', true),
    droppedAttributesCount: readDropped(s),
    ...(typeof schemaUrl === 'string' && schemaUrl !== '' ? { schemaUrl } : {}),
  };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function readEvents(list: unknown): SpanEvent[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((e) => ({
    timeNs: readUint64(field(e, 'timeUnixNano', 'time_unix_nano')) ?? 0n,
    name: text(e.name),
    attributes: fromOtlpKeyValues(e.attributes, '$', true),
    droppedAttributesCount: readDropped(e),
  }));
}

/** The links that can be read (decode.ts warned of the others, counted as dropped here). */
function readLinks(list: unknown): SpanLink[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((l): l is JsonObject => linkProblem(l) === null)
    .map((l) => ({
      traceId: canonicalTraceId(text(field(l, 'traceId', 'trace_id'))) ?? '',
      spanId: canonicalSpanId(text(field(l, 'spanId', 'span_id'))) ?? '',
      traceState: text(field(l, 'traceState', 'trace_state')),
      attributes: fromOtlpKeyValues(l.attributes, '$', true),
      droppedAttributesCount: readDropped(l),
      flags: readCount(l.flags) || undefined,
    }));
}

/** Why one link cannot be read (not an object, an id that is not one), or null when it can. */
export function linkProblem(link: unknown): string | null {
  if (!isObject(link)) return `a link must be an object, found ${shortJson(link)}`;
  const rawTrace = field(link, 'traceId', 'trace_id');
  if (traceIdOrNull(rawTrace) === null) return `link ${describeBadId(rawTrace, 'trace id')}`;
  const rawSpan = field(link, 'spanId', 'span_id');
  if (spanIdOrNull(rawSpan) === null) return `link ${describeBadId(rawSpan, 'span id')}`;
  return null;
}

function unreadableLinks(list: unknown): number {
  return Array.isArray(list) ? list.filter((l) => linkProblem(l) !== null).length : 0;
}

export function readSpanDetails(
  span: JsonObject,
  resource: () => Resource,
  scope: () => InstrumentationScope,
): SpanDetails {
  const status = isObject(span.status) ? span.status : {};
  return {
    attributes: fromOtlpKeyValues(span.attributes, '$', true),
    events: readEvents(span.events),
    links: readLinks(span.links),
    resource: resource(),
    scope: scope(),
    statusMessage: text(status.message),
    traceState: text(field(span, 'traceState', 'trace_state')),
    flags: readCount(span.flags) ?? 0,
    droppedAttributesCount: readDropped(span),
    droppedEventsCount: readCount(field(span, 'droppedEventsCount', 'dropped_events_count')) || undefined,
    droppedLinksCount:
      (readCount(field(span, 'droppedLinksCount', 'dropped_links_count')) ?? 0) +
        unreadableLinks(span.links) || undefined,
  };
}

/** A function that computes its value once, on first call (resource and scope are shared by spans). */
export function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= compute());
}
