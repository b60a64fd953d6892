/**
 * The span limits (core/model/span-limits.ts) applied to a request's protobufjs messages, in place,
 * before the direct protobuf path reads them: the messages are this decode's own (fresh from the
 * bytes), and rewriting the few values over a limit costs nothing per span that is within them.
 * The result equals what limitDetails makes of the same spans on the reference path.
 */
import type { ProtoAnyValue, ProtoKeyValue } from '../../../core/formats/otlp-proto/any-value.ts';
import type { ProtoResourceSpans } from '../../../core/formats/otlp-proto/messages.ts';
import { type SpanLimits, truncateText } from '../../../core/model/span-limits.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Attributed {
  attributes?: readonly ProtoKeyValue[];
  dropped_attributes_count?: number;
}

export function limitValue(v: ProtoAnyValue | null | undefined, limits: SpanLimits): void {
  if (!v) return;
  const m = v as Mutable<ProtoAnyValue>;
  if (v.value === 'string_value' && v.string_value !== undefined) {
    const cut = truncateText(v.string_value, limits.maxAttributeBytes);
    if (cut !== null) m.string_value = cut;
  } else if (v.value === 'array_value') {
    for (const x of v.array_value?.values ?? []) limitValue(x, limits);
  } else if (v.value === 'kvlist_value' && v.kvlist_value) {
    const kv = v.kvlist_value as Mutable<NonNullable<ProtoAnyValue['kvlist_value']>>;
    if (kv.values && kv.values.length > limits.maxAttributes)
      kv.values = kv.values.slice(0, limits.maxAttributes);
    for (const x of kv.values ?? []) limitValue(x.value, limits);
  }
}

export function limitAttributes(holder: Attributed | null | undefined, limits: SpanLimits): void {
  const list = holder?.attributes;
  if (!holder || !list) return;
  if (list.length > limits.maxAttributes) {
    holder.dropped_attributes_count =
      (holder.dropped_attributes_count ?? 0) + list.length - limits.maxAttributes;
    holder.attributes = list.slice(0, limits.maxAttributes);
  }
  for (const kv of holder.attributes ?? []) limitValue(kv.value, limits);
}

export function limitProtoRequest(resourceSpans: readonly ProtoResourceSpans[], limits: SpanLimits): void {
  for (const rs of resourceSpans) {
    limitAttributes(rs.resource as Attributed | null | undefined, limits);
    for (const ss of rs.scope_spans ?? []) {
      limitAttributes(ss.scope as Attributed | null | undefined, limits);
      for (const span of ss.spans ?? []) {
        const s = span as Mutable<typeof span> & Attributed;
        limitAttributes(s, limits);
        if (s.events && s.events.length > limits.maxEvents) {
          s.dropped_events_count = (s.dropped_events_count ?? 0) + s.events.length - limits.maxEvents;
          s.events = s.events.slice(0, limits.maxEvents);
        }
        if (s.links && s.links.length > limits.maxLinks) {
          s.dropped_links_count = (s.dropped_links_count ?? 0) + s.links.length - limits.maxLinks;
          s.links = s.links.slice(0, limits.maxLinks);
        }
        for (const e of s.events ?? []) limitAttributes(e as Attributed, limits);
        for (const l of s.links ?? []) limitAttributes(l as Attributed, limits);
      }
    }
  }
}
