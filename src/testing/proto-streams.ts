/**
 * Large OTLP protobuf inputs generated as streams of chunks (never one buffer), for the streaming
 * splitter's tests and the import benchmarks:
 * - `largeTraceProto`: the demo generator's N-span trace, each of its requests encoded and the
 *   encodings concatenated (one request of many resource_spans, as protobuf merges them);
 * - `oneScopeProto`: one request of one resource_spans holding one scope_spans of N copies of a real
 *   span given a 380-character attribute (~500 bytes a span), span ids numbered 1…N, schema URLs
 *   written after the spans as encoders write them.
 */
import { generateLargeTrace } from '../core/demo/index.ts';
import { otlpRoot } from '../core/formats/otlp-proto/schema.ts';
import { lenFieldSize, writeLenHeader } from '../core/formats/otlp-proto/wire.ts';
import { demoRequestProto } from './demo-proto.ts';

/** Re-cuts a stream of byte arrays into chunks of exactly `size` bytes (the last one shorter). */
export function* rechunk(parts: Iterable<Uint8Array>, size: number): Generator<Uint8Array> {
  let chunk = new Uint8Array(size);
  let filled = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; ) {
      const n = Math.min(size - filled, part.length - i);
      chunk.set(part.subarray(i, i + n), filled);
      filled += n;
      i += n;
      if (filled === size) {
        yield chunk;
        chunk = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk.subarray(0, filled);
}

/** The demo generator's trace of `spanCount` spans as one protobuf request, request by request. */
export function* largeTraceProto(spanCount: number, seed = 1): Generator<Uint8Array> {
  for (const request of generateLargeTrace({ seed, nowMs: 1_763_870_400_000, spanCount }))
    yield demoRequestProto(request);
}

const SpanType = otlpRoot.lookupType('opentelemetry.proto.trace.v1.Span');
const RequestType = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

/** A length-delimited field `number` (< 16) holding `payload`. */
function lenField(number: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(lenFieldSize(payload.length));
  out.set(payload, writeLenHeader(out, 0, number, payload.length));
  return out;
}

const utf8 = new TextEncoder();

interface Template {
  readonly resource: Uint8Array;
  readonly scope: Uint8Array;
  /** A span field (key, length, payload). */
  readonly span: Uint8Array;
  /** Where the span id's 8 bytes are in it. */
  readonly spanIdAt: number;
}

/** A real resource, scope and span from the demo generator, as fields. */
function template(): Template {
  const [request] = largeTraceProto(2);
  // biome-ignore lint/suspicious/noExplicitAny: protobufjs messages walked by hand
  const message = RequestType.decode(request) as any;
  const rs = message.resource_spans[0];
  const ss = rs.scope_spans[0];
  const padding = { key: 'app.note', value: { string_value: 'n'.repeat(380) } };
  const payload = SpanType.encode({
    ...ss.spans[0],
    attributes: [...ss.spans[0].attributes, padding],
  }).finish();
  const span = lenField(2, payload);
  // protobufjs writes fields in order: the trace id field (18 bytes), then the span id's key and length.
  const at = span.length - payload.length;
  if (span[at] !== 0x0a || span[at + 1] !== 16 || span[at + 18] !== 0x12 || span[at + 19] !== 8)
    throw new Error('unexpected span layout');
  const Resource = otlpRoot.lookupType('opentelemetry.proto.resource.v1.Resource');
  const Scope = otlpRoot.lookupType('opentelemetry.proto.common.v1.InstrumentationScope');
  return {
    resource: lenField(1, Resource.encode(rs.resource).finish()),
    scope: lenField(1, Scope.encode(ss.scope).finish()),
    span,
    spanIdAt: at + 20,
  };
}

export interface OneScopeProto {
  readonly spanBytes: number;
  readonly totalBytes: number;
  /** The request as chunks of `chunkBytes`. */
  chunks(chunkBytes: number): Generator<Uint8Array>;
}

/** The span id of span `i` (0-based) of a oneScopeProto request, as hex. */
export function oneScopeSpanId(i: number): string {
  return (i + 1).toString(16).padStart(16, '0');
}

export function oneScopeProto(
  spanCount: number,
  schemaUrl = 'https://opentelemetry.io/schemas/1.26.0',
): OneScopeProto {
  const t = template();
  const url = lenField(3, utf8.encode(schemaUrl));
  const scopeBytes = t.scope.length + spanCount * t.span.length + url.length;
  const resourceBytes = t.resource.length + lenFieldSize(scopeBytes) + url.length;
  const totalBytes = lenFieldSize(resourceBytes);
  function* parts(): Generator<Uint8Array> {
    const head = new Uint8Array(32);
    yield head.slice(0, writeLenHeader(head, 0, 1, resourceBytes));
    yield t.resource;
    yield head.slice(0, writeLenHeader(head, 0, 2, scopeBytes));
    yield t.scope;
    const batch = 4096;
    for (let first = 0; first < spanCount; first += batch) {
      const n = Math.min(batch, spanCount - first);
      const out = new Uint8Array(n * t.span.length);
      for (let k = 0; k < n; k++) {
        const at = k * t.span.length;
        out.set(t.span, at);
        const id = first + k + 1;
        const view = new DataView(out.buffer, at + t.spanIdAt, 8);
        view.setUint32(0, Math.floor(id / 2 ** 32));
        view.setUint32(4, id >>> 0);
      }
      yield out;
    }
    yield url;
    yield url;
  }
  return { spanBytes: t.span.length, totalBytes, chunks: (chunkBytes) => rechunk(parts(), chunkBytes) };
}
