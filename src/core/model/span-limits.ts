/**
 * Limits on what one span may hold, as OpenTelemetry SDKs' span limits have them: a string value
 * longer than `maxAttributeBytes` (UTF-8) is cut and ends with a visible marker,
 * "…[truncated (N bytes)]" (N: its whole length), which the detail panel shows as a badge; past
 * `maxAttributes` attributes (per span, event, link, resource or scope), `maxEvents` events or
 * `maxLinks` links, the rest is dropped and counted in the OTLP dropped*Count fields. A 20 MB
 * attribute or a span with a million attributes is then stored and drawn as a bounded thing.
 */
import type { Attribute, AttrValue, SpanDetails } from './types.ts';

export interface SpanLimits {
  readonly maxAttributeBytes: number;
  readonly maxAttributes: number;
  readonly maxEvents: number;
  readonly maxLinks: number;
}

export const DEFAULT_SPAN_LIMITS: SpanLimits = {
  maxAttributeBytes: 64 * 1024,
  maxAttributes: 1000,
  maxEvents: 1000,
  maxLinks: 1000,
};

const MARKER = /…\[truncated \((\d+) bytes\)\]$/;

/** The UTF-8 length of `text` (a lone surrogate counts 3 bytes, as its replacement character). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** `text` cut to at most `maxBytes` of UTF-8 (never inside a character) with the marker; null when it fits. */
export function truncateText(text: string, maxBytes: number): string | null {
  // UTF-16 code units → at most 3 bytes each: most strings need no count.
  if (text.length * 3 <= maxBytes) return null;
  const total = utf8Length(text);
  if (total <= maxBytes) return null;
  let bytes = 0;
  let end = 0;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    const pair = c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(end + 1) & 0xfc00) === 0xdc00;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += pair ? 2 : 1;
  }
  return `${text.slice(0, end)}…[truncated (${total} bytes)]`;
}

/** The original length of a value `truncateText` cut, and the text before the marker; null for any other text. */
export function truncationOf(text: string): { kept: string; bytes: number } | null {
  const m = MARKER.exec(text);
  return m ? { kept: text.slice(0, m.index), bytes: Number(m[1]) } : null;
}

function limitValue(v: AttrValue, limits: SpanLimits): AttrValue {
  switch (v.type) {
    case 'string': {
      const cut = truncateText(v.value, limits.maxAttributeBytes);
      return cut === null ? v : { type: 'string', value: cut };
    }
    case 'array': {
      const values = v.value.map((x) => limitValue(x, limits));
      return values.every((x, i) => x === v.value[i]) ? v : { type: 'array', value: values };
    }
    case 'kvlist': {
      const value = limitList(v.value, limits).list;
      return value === v.value ? v : { type: 'kvlist', value };
    }
    default:
      return v;
  }
}

/** The list within the limits (the same array when it already was), and how many were dropped. */
function limitList(
  list: readonly Attribute[],
  limits: SpanLimits,
): { list: readonly Attribute[]; dropped: number } {
  const kept = list.length > limits.maxAttributes ? list.slice(0, limits.maxAttributes) : list;
  let changed = kept !== list;
  const out = kept.map((a) => {
    const value = limitValue(a.value, limits);
    if (value === a.value) return a;
    changed = true;
    return { key: a.key, value };
  });
  return { list: changed ? out : list, dropped: list.length - kept.length };
}

/** `holder` with its attributes within the limits and the dropped ones counted (itself when nothing changes). */
function limitAttributes<
  T extends { readonly attributes: readonly Attribute[]; readonly droppedAttributesCount?: number },
>(holder: T, limits: SpanLimits): T {
  const { list, dropped } = limitList(holder.attributes, limits);
  if (list === holder.attributes) return holder;
  return {
    ...holder,
    attributes: list,
    ...(dropped > 0 ? { droppedAttributesCount: (holder.droppedAttributesCount ?? 0) + dropped } : {}),
  };
}

/**
 * Details within the limits (the same object when they already are; inputs never changed).
 * `shared` keeps one limited copy per resource and scope object, which many spans share.
 */
export function limitDetails(
  details: SpanDetails,
  limits: SpanLimits,
  shared: WeakMap<object, object>,
): SpanDetails {
  const once = <T extends object>(o: T, limit: (o: T) => T): T => {
    let out = shared.get(o) as T | undefined;
    if (!out) shared.set(o, (out = limit(o)));
    return out;
  };
  const resource = once(details.resource, (r) => limitAttributes(r, limits));
  const scope = once(details.scope, (s) => limitAttributes(s, limits));
  const events = details.events.slice(0, limits.maxEvents).map((e) => limitAttributes(e, limits));
  const links = details.links.slice(0, limits.maxLinks).map((l) => limitAttributes(l, limits));
  const own = limitAttributes(details, limits);
  const droppedEvents = details.events.length - events.length;
  const droppedLinks = details.links.length - links.length;
  const same =
    own === details &&
    resource === details.resource &&
    scope === details.scope &&
    droppedEvents === 0 &&
    droppedLinks === 0 &&
    events.every((e, i) => e === details.events[i]) &&
    links.every((l, i) => l === details.links[i]);
  if (same) return details;
  return {
    ...own,
    resource,
    scope,
    events,
    links,
    ...(droppedEvents > 0 ? { droppedEventsCount: (details.droppedEventsCount ?? 0) + droppedEvents } : {}),
    ...(droppedLinks > 0 ? { droppedLinksCount: (details.droppedLinksCount ?? 0) + droppedLinks } : {}),
  };
}
