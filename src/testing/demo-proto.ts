/**
 * The demo generator's OTLP JSON requests as OTLP protobuf bytes, fast enough to stream a 1M-span
 * input in a test: attribute lists, resources and scopes are shared between the generator's spans,
 * so their protobuf objects are converted once (cached by identity) and spans go straight to
 * protobufjs's encoder (no fromObject pass).
 */
import type { DemoRequest, OtlpAnyValue, OtlpKeyValue, OtlpSpan } from '../core/demo/otlp-json.ts';
import { bigIntToLong } from '../core/formats/otlp-proto/long.ts';
import { ExportTraceServiceRequest } from '../core/formats/otlp-proto/schema.ts';

type Proto = Record<string, unknown>;

const converted = new WeakMap<object, unknown>();

function cached<T extends object>(value: T, convert: (v: T) => unknown): unknown {
  let out = converted.get(value);
  if (out === undefined) {
    out = convert(value);
    converted.set(value, out);
  }
  return out;
}

const time = (decimal: string) => bigIntToLong(BigInt(decimal), true);
const id = (hex: string) => Buffer.from(hex, 'hex');

function anyValue(v: OtlpAnyValue): Proto {
  if (v.stringValue !== undefined) return { string_value: v.stringValue };
  if (v.intValue !== undefined) return { int_value: bigIntToLong(BigInt(v.intValue), false) };
  if (v.doubleValue !== undefined) return { double_value: v.doubleValue };
  if (v.boolValue !== undefined) return { bool_value: v.boolValue };
  if (v.bytesValue !== undefined) return { bytes_value: Buffer.from(v.bytesValue, 'base64') };
  if (v.arrayValue) return { array_value: { values: v.arrayValue.values.map(anyValue) } };
  if (v.kvlistValue) return { kvlist_value: { values: keyValues(v.kvlistValue.values) } };
  return {};
}

function keyValues(list: readonly OtlpKeyValue[]): unknown {
  return cached(list, (l) => l.map((kv) => ({ key: kv.key, value: anyValue(kv.value) })));
}

function span(s: OtlpSpan): Proto {
  return {
    trace_id: id(s.traceId),
    span_id: id(s.spanId),
    parent_span_id: s.parentSpanId ? id(s.parentSpanId) : undefined,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    start_time_unix_nano: time(s.startTimeUnixNano),
    end_time_unix_nano: time(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
    events: s.events.map((e) => ({
      time_unix_nano: time(e.timeUnixNano),
      name: e.name,
      attributes: keyValues(e.attributes),
    })),
    links: s.links.map((l) => ({
      trace_id: id(l.traceId),
      span_id: id(l.spanId),
      attributes: keyValues(l.attributes),
    })),
    status: s.status,
  };
}

/** One generated request as ExportTraceServiceRequest bytes. */
export function demoRequestProto(request: DemoRequest): Uint8Array {
  const message = {
    resource_spans: request.resourceSpans.map((rs) => ({
      resource: cached(rs.resource, (r) => ({ attributes: keyValues(r.attributes) })),
      scope_spans: rs.scopeSpans.map((ss) => ({
        scope: cached(ss.scope, (s) => ({ name: s.name, version: s.version })),
        spans: ss.spans.map(span),
      })),
    })),
  };
  return ExportTraceServiceRequest.encode(message as never).finish();
}
