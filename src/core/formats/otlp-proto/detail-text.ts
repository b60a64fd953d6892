/**
 * Decoded protobuf messages → OTLP JSON text (proto3 JSON mapping), written straight from the
 * messages. The text is exactly what core/transfer/detail-json.ts writes for the SpanDetails that
 * decode.ts reads from the same messages (tested on every fixture and on random spans), without
 * building the SpanDetails, AttrValues or JSON objects in between: the store writes every span's
 * detail this way (server/store/ingest/proto-batch.ts).
 */
import { bytesToBase64, bytesToHex } from '../../model/ids.ts';
import type { ProtoAnyValue, ProtoKeyValue } from './any-value.ts';
import { linkProblem, unreadableLinks } from './id-bytes.ts';
import { longDecimal } from './long.ts';
import type { ProtoEvent, ProtoLink, ProtoSpan } from './messages.ts';

/** As any-value.ts: deeper values are cut (written as empty). */
const MAX_DEPTH = 64;
const NO_BYTES = new Uint8Array(0);

/** Keys repeat across spans; quoting each once saves a JSON.stringify per attribute. */
const quotedKeys = new Map<string, string>();

/** JSON.stringify(key), cached. */
export function quotedKey(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size >= 10_000) quotedKeys.clear();
    quotedKeys.set(key, q);
  }
  return q;
}

/** proto3 JSON writes non-finite doubles as strings; so must -0 be, as JSON.stringify drops its sign. */
function doubleText(d: number): string {
  if (Object.is(d, -0)) return '"-0"';
  if (Number.isFinite(d)) return JSON.stringify(d);
  return Number.isNaN(d) ? '"NaN"' : d > 0 ? '"Infinity"' : '"-Infinity"';
}

/** An AnyValue as OTLP JSON text (`{"stringValue":"x"}`; `{}` when empty). */
export function anyValueText(v: ProtoAnyValue | null | undefined, depth = 0): string {
  if (!v || depth > MAX_DEPTH) return '{}';
  switch (v.value) {
    case 'string_value':
      return `{"stringValue":${JSON.stringify(v.string_value ?? '')}}`;
    case 'bool_value':
      return v.bool_value ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'int_value':
      return `{"intValue":"${longDecimal(v.int_value, true)}"}`;
    case 'double_value':
      return `{"doubleValue":${doubleText(v.double_value ?? 0)}}`;
    case 'bytes_value':
      return `{"bytesValue":"${bytesToBase64(v.bytes_value ?? NO_BYTES)}"}`;
    case 'array_value': {
      const values = v.array_value?.values ?? [];
      let out = '';
      for (let i = 0; i < values.length; i++) out += `${i ? ',' : ''}${anyValueText(values[i], depth + 1)}`;
      return `{"arrayValue":{"values":[${out}]}}`;
    }
    case 'kvlist_value':
      return `{"kvlistValue":{"values":[${keyValuesText(v.kvlist_value?.values ?? [], depth + 1)}]}}`;
    default:
      return '{}';
  }
}

/** One KeyValue as OTLP JSON text: `{"key":"k","value":{…}}`. */
export function keyValueText(kv: ProtoKeyValue, depth = 0): string {
  return `{"key":${quotedKey(kv.key ?? '')},"value":${anyValueText(kv.value, depth)}}`;
}

/** The elements of a KeyValue list as OTLP JSON text, without the brackets. */
export function keyValuesText(list: readonly ProtoKeyValue[], depth = 0): string {
  let out = '';
  for (let i = 0; i < list.length; i++) out += `${i ? ',' : ''}${keyValueText(list[i], depth)}`;
  return out;
}

/** The separator before the next member of an object text that starts with `{`. */
function sep(out: string): string {
  return out.length > 1 ? ',' : '';
}

/**
 * `"attributes":[…]` after `out`, for a non-empty list (`elements`: its text, when already written;
 * the text of an empty list is empty).
 */
function withAttributes(out: string, list: readonly ProtoKeyValue[] | undefined, elements?: string): string {
  const text = elements ?? (list && list.length > 0 ? keyValuesText(list) : '');
  return text ? `${out}${sep(out)}"attributes":[${text}]` : out;
}

/** `"name":n` after `out`, unless n is 0 or absent (proto3 JSON leaves defaults out). */
function withCount(out: string, name: string, n: number | undefined): string {
  return n ? `${out}${sep(out)}"${name}":${n}` : out;
}

function eventText(e: ProtoEvent): string {
  let out = `{"timeUnixNano":"${longDecimal(e.time_unix_nano, false)}"`;
  if (e.name) out += `,"name":${JSON.stringify(e.name)}`;
  out = withAttributes(out, e.attributes);
  return `${withCount(out, 'droppedAttributesCount', e.dropped_attributes_count)}}`;
}

function linkText(l: ProtoLink): string {
  const traceId = bytesToHex(l.trace_id ?? NO_BYTES).padStart(32, '0');
  const spanId = bytesToHex(l.span_id ?? NO_BYTES).padStart(16, '0');
  let out = `{"traceId":"${traceId}","spanId":"${spanId}"`;
  if (l.trace_state) out += `,"traceState":${JSON.stringify(l.trace_state)}`;
  out = withAttributes(out, l.attributes);
  out = withCount(out, 'droppedAttributesCount', l.dropped_attributes_count);
  return `${withCount(out, 'flags', l.flags)}}`;
}

/**
 * The span's detail: every OTLP JSON span member but the ids, name, kind and times, as
 * spanDetailJson(details, statusCode) writes it (`status` always present). `attributesText`, when
 * given, is keyValuesText(span.attributes), written by the caller (span.attributes is then not read).
 */
export function spanDetailText(span: ProtoSpan, statusCode: number, attributesText?: string): string {
  let out = span.trace_state ? `{"traceState":${JSON.stringify(span.trace_state)}` : '{';
  out = withCount(out, 'flags', span.flags);
  out = withAttributes(out, span.attributes, attributesText);
  out = withCount(out, 'droppedAttributesCount', span.dropped_attributes_count);
  const events = span.events;
  if (events && events.length > 0) {
    out += `${sep(out)}"events":[`;
    for (let i = 0; i < events.length; i++) out += `${i ? ',' : ''}${eventText(events[i])}`;
    out += ']';
  }
  out = withCount(out, 'droppedEventsCount', span.dropped_events_count);
  // Links whose ids cannot be read are dropped and counted, as the decoder drops them.
  const links = span.links?.filter((l) => linkProblem(l) === null);
  if (links && links.length > 0) {
    out += `${sep(out)}"links":[`;
    for (let i = 0; i < links.length; i++) out += `${i ? ',' : ''}${linkText(links[i])}`;
    out += ']';
  }
  out = withCount(out, 'droppedLinksCount', (span.dropped_links_count ?? 0) + unreadableLinks(span.links));
  const message = span.status?.message;
  let status = message ? `{"message":${JSON.stringify(message)}` : '{';
  status = withCount(status, 'code', statusCode);
  return `${out}${sep(out)}"status":${status}}}`;
}
