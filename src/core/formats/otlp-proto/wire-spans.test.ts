import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { TraceSetBuilder } from '../../model/span-table.ts';
import { decodeInput } from '../index.ts';
import { encodeOtlpProto } from './encode.ts';
import { longToBigInt } from './long.ts';
import { bareDecode, decodeRequest, type ProtoSpan } from './messages.ts';
import { ExportTraceServiceRequest } from './schema.ts';
import { NotPlain, WireReader } from './wire-reader.ts';
import { readRequestLayout, WireSpan } from './wire-spans.ts';

const hex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('hex');
const slice = (bytes: Uint8Array, start: number, end: number) =>
  hex(start < 0 ? undefined : bytes.subarray(start, end));

/** What protobufjs decodes of each span, in the terms of a WireSpan. */
function protobufjsView(bytes: Uint8Array) {
  return decodeRequest(bytes, bareDecode).flatMap((rs) =>
    (rs.scope_spans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s: ProtoSpan) => ({
        traceId: hex(s.trace_id),
        spanId: hex(s.span_id),
        parentId: hex(s.parent_span_id),
        traceState: s.trace_state ?? '',
        name: s.name ?? '',
        kind: s.kind ?? 0,
        flags: s.flags ?? 0,
        startNs: longToBigInt(s.start_time_unix_nano, false),
        endNs: longToBigInt(s.end_time_unix_nano, false),
        counts: [s.attributes?.length ?? 0, s.events?.length ?? 0, s.links?.length ?? 0],
        dropped: [s.dropped_attributes_count ?? 0, s.dropped_events_count ?? 0, s.dropped_links_count ?? 0],
        status: s.status ? [s.status.message ?? '', s.status.code ?? 0] : null,
      })),
    ),
  );
}

function wireView(bytes: Uint8Array) {
  const r = new WireReader(bytes);
  const span = new WireSpan();
  return readRequestLayout(r).flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) => {
      const out = [];
      for (let i = 0; i < ss.spans.length; i += 2) {
        span.read(r, ss.spans[i], ss.spans[i + 1]);
        out.push({
          traceId: slice(bytes, span.traceIdStart, span.traceIdEnd),
          spanId: slice(bytes, span.spanIdStart, span.spanIdEnd),
          parentId: slice(bytes, span.parentIdStart, span.parentIdEnd),
          traceState: span.traceState,
          name: span.name,
          kind: span.kind,
          flags: span.flags,
          startNs: span.startNs,
          endNs: span.endNs,
          counts: [span.attributes.length / 2, span.events.length / 2, span.links.length / 2],
          dropped: [span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount],
          status: span.hasStatus ? [span.statusMessage, span.statusCode] : null,
        });
      }
      return out;
    }),
  );
}

/** The real fixtures as OTLP protobuf: the .pb files as they are, the others through their decoders. */
function realRequests(): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const f of listFixtures()) {
    const raw = readFixture(f);
    if (f.endsWith('.pb')) out.push([f, raw]);
    else {
      const sink = new TraceSetBuilder();
      try {
        decodeInput(raw, sink);
      } catch {
        continue;
      }
      if (sink.spanCount > 0) out.push([f, encodeOtlpProto(sink.build())]);
    }
  }
  return out;
}

const encode = (request: Record<string, unknown>) =>
  ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(request)).finish();

describe('the wire reader', () => {
  const requests = realRequests();

  it('covers the real fixtures, the protobuf one among them', () => {
    expect(requests.length).toBeGreaterThanOrEqual(20);
    expect(requests.some(([f]) => f.endsWith('.pb'))).toBe(true);
  });

  it.each(requests)('reads every span field of %s as protobufjs decodes it', (_, bytes) => {
    const want = protobufjsView(bytes);
    expect(want.length).toBeGreaterThan(0);
    expect(wireView(bytes)).toEqual(want);
  });

  it('reads negative kinds (10-byte varints) and fields it does not know as protobufjs does', () => {
    const bytes = encode({
      resource_spans: [{ scope_spans: [{ spans: [{ name: 'n', kind: -3, status: { code: -1 } }] }] }],
    });
    const withUnknown = new Uint8Array([...bytes, 0xf8, 0x3e, 0x05, 0x85, 0x3f, 1, 2, 3, 4]);
    expect(wireView(bytes)).toEqual(protobufjsView(bytes));
    expect(wireView(withUnknown)).toEqual(protobufjsView(withUnknown));
  });

  it.each([
    ['a truncated varint', [0x0a, 0xff]],
    ['a length past the end', [0x0a, 0x05, 0x00]],
    ['a huge length', [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]],
    ['a known field with another wire type', [0x08, 0x01]],
    ['a group', [0x0b, 0x0c]],
    ['field number 0', [0x02, 0x00]],
    ['a varint of 11 bytes', [0x78, ...Array(10).fill(0xff), 0x01]],
    ['a truncated fixed64', [0x0a, 0x05, 0x12, 0x03, 0x12, 0x01, 0x39]],
    ['invalid UTF-8 in a name', [0x0a, 0x07, 0x12, 0x05, 0x12, 0x03, 0x2a, 0x01, 0xff]],
    ['a status twice', [0x0a, 0x08, 0x12, 0x06, 0x12, 0x04, 0x7a, 0x00, 0x7a, 0x00]],
  ])('calls %s not plain', (_, bytes) => {
    const read = () => {
      const r = new WireReader(Uint8Array.from(bytes));
      const span = new WireSpan();
      for (const rs of readRequestLayout(r))
        for (const ss of rs.scopeSpans)
          for (let i = 0; i < ss.spans.length; i += 2) span.read(r, ss.spans[i], ss.spans[i + 1]);
    };
    expect(read).toThrow(NotPlain);
  });
});
