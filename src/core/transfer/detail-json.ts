/**
 * The cold part of a span as OTLP JSON text (proto3 JSON mapping), in three blobs that splice
 * straight into an OTLP document: the span's own members other than the hot ones, the members of its
 * ResourceSpans other than `scopeSpans`, and the members of its ScopeSpans other than `spans`.
 * The store keeps these blobs as they are, Tempo answers are concatenations of them, and the
 * columnar transfer carries them to the browser, where `detailsFromJson` turns them back into
 * SpanDetails on demand. A span blob may also be the span's whole OTLP JSON object as an external
 * store wrote it (server/sources/columnar-from-bytes.ts): its hot members are ignored.
 */

import { readResource, readScope, readSpanDetails } from '../formats/otlp-json/details.ts';
import { resourceToOtlpJson, scopeToOtlpJson, spanDetailsToOtlpJson } from '../formats/otlp-json/encode.ts';
import { isObject, type JsonObject } from '../formats/otlp-json/json-fields.ts';
import { keepWideIntegers } from '../formats/parse-input.ts';
import type { InstrumentationScope, Resource, SpanDetails } from '../model/types.ts';

/**
 * Every member of an OTLP JSON span except traceId, spanId, parentSpanId, name, kind and the two
 * times (which the hot columns hold), as a JSON object text.
 */
export function spanDetailJson(d: SpanDetails, statusCode: number): string {
  return JSON.stringify(spanDetailsToOtlpJson(d, statusCode));
}

/** `{"resource":{…},"schemaUrl":…}`: a ResourceSpans without its scopeSpans. */
export function resourceJson(r: Resource): string {
  return JSON.stringify(resourceToOtlpJson(r));
}

/** `{"scope":{…},"schemaUrl":…}`: a ScopeSpans without its spans. */
export function scopeJson(s: InstrumentationScope): string {
  return JSON.stringify(scopeToOtlpJson(s));
}

/** The members of a JSON object text without its braces ('' for `{}`), for splicing. */
export function jsonMembers(objectText: string): string {
  return objectText.slice(1, -1);
}

/** As the byte readers parse a span's details (wide OTLP integers kept exact): a blob may be a span's own bytes. */
function parseObject(text: string): JsonObject {
  try {
    const v: unknown = JSON.parse(keepWideIntegers(text));
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
  const o = parseObject(text);
  return readScope(o.scope, o.schemaUrl);
}

/** SpanDetails of the three blobs; never throws (a damaged blob reads as empty details). */
export function detailsFromJson(
  spanText: string,
  resource: () => Resource,
  scope: () => InstrumentationScope,
): SpanDetails {
  return readSpanDetails(parseObject(spanText), resource, scope);
}
