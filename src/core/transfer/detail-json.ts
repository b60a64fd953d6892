/**
 * The cold part of a span as OTLP JSON text (proto3 JSON mapping), in three blobs that splice
 * straight into an OTLP document: the span's own members other than the hot ones, the members of its
 * ResourceSpans other than `scopeSpans`, and the members of its ScopeSpans other than `spans`.
 * The store keeps these blobs as they are, Tempo answers are concatenations of them, and the
 * columnar transfer carries them to the browser, where `detailsFromJson` turns them back into
 * SpanDetails on demand.
 */

import { toOtlpKeyValues } from '../formats/otlp-json/any-value.ts';
import { readResource, readScope, readSpanDetails } from '../formats/otlp-json/details.ts';
import { isObject, type JsonObject } from '../formats/otlp-json/json-fields.ts';
import type { InstrumentationScope, Resource, SpanDetails, SpanEvent, SpanLink } from '../model/types.ts';

type Members = Record<string, unknown>;

function putAttributes(o: Members, attributes: SpanDetails['attributes'], dropped: number | undefined) {
  if (attributes.length > 0) o.attributes = toOtlpKeyValues(attributes);
  if (dropped) o.droppedAttributesCount = dropped;
}

function eventJson(e: SpanEvent): Members {
  const o: Members = { timeUnixNano: e.timeNs.toString() };
  if (e.name !== '') o.name = e.name;
  putAttributes(o, e.attributes, e.droppedAttributesCount);
  return o;
}

function linkJson(l: SpanLink): Members {
  const o: Members = { traceId: l.traceId, spanId: l.spanId };
  if (l.traceState) o.traceState = l.traceState;
  putAttributes(o, l.attributes, l.droppedAttributesCount);
  return o;
}

/**
 * Every member of an OTLP JSON span except traceId, spanId, parentSpanId, name, kind and the two
 * times (which the hot columns hold), as a JSON object text. `status` is always present (`{}` when
 * unset), as Tempo writes it.
 */
export function spanDetailJson(d: SpanDetails, statusCode: number): string {
  const o: Members = {};
  if (d.traceState) o.traceState = d.traceState;
  if (d.flags) o.flags = d.flags;
  putAttributes(o, d.attributes, d.droppedAttributesCount);
  if (d.events.length > 0) o.events = d.events.map(eventJson);
  if (d.droppedEventsCount) o.droppedEventsCount = d.droppedEventsCount;
  if (d.links.length > 0) o.links = d.links.map(linkJson);
  if (d.droppedLinksCount) o.droppedLinksCount = d.droppedLinksCount;
  const status: Members = {};
  if (d.statusMessage) status.message = d.statusMessage;
  if (statusCode) status.code = statusCode;
  o.status = status;
  return JSON.stringify(o);
}

/** `{"resource":{…},"schemaUrl":…}`: a ResourceSpans without its scopeSpans. */
export function resourceJson(r: Resource): string {
  const resource: Members = {};
  putAttributes(resource, r.attributes, r.droppedAttributesCount);
  const o: Members = { resource };
  if (r.schemaUrl) o.schemaUrl = r.schemaUrl;
  return JSON.stringify(o);
}

/** `{"scope":{…}}`: a ScopeSpans without its spans. */
export function scopeJson(s: InstrumentationScope): string {
  const scope: Members = {};
  if (s.name) scope.name = s.name;
  if (s.version) scope.version = s.version;
  putAttributes(scope, s.attributes, s.droppedAttributesCount);
  return JSON.stringify({ scope });
}

/** The members of a JSON object text without its braces ('' for `{}`), for splicing. */
export function jsonMembers(objectText: string): string {
  return objectText.slice(1, -1);
}

function parseObject(text: string): JsonObject {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}

export function resourceFromJson(text: string): Resource {
  const o = parseObject(text);
  return readResource(o.resource, o.schemaUrl);
}

export function scopeFromJson(text: string): InstrumentationScope {
  return readScope(parseObject(text).scope);
}

/** SpanDetails of the three blobs; never throws (a damaged blob reads as empty details). */
export function detailsFromJson(
  spanText: string,
  resource: () => Resource,
  scope: () => InstrumentationScope,
): SpanDetails {
  return readSpanDetails(parseObject(spanText), resource, scope);
}
