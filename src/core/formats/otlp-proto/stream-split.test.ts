import { describe, expect, it } from 'vitest';
import { retainedBytes } from '../../../testing/memory.ts';
import { largeTraceProto, oneScopeProto, oneScopeSpanId, rechunk } from '../../../testing/proto-streams.ts';
import { bytesToHex, hexToBytes } from '../../model/ids.ts';
import { TraceSetBuilder } from '../../model/span-table.ts';
import { dumpSpans } from '../dump.ts';
import { decodeInput } from '../index.ts';
import { decodePiece } from '../stream/decode-piece.ts';
import { FormatError } from '../types.ts';
import { ExportTraceServiceRequest, otlpRoot } from './schema.ts';
import {
  type ProtoPiece,
  ProtoSplitter,
  type ProtoSplitterOptions,
  splitProtoRequest,
} from './stream-split.ts';
import { type FieldHeader, lenFieldSize, readFieldHeader, writeLenHeader } from './wire.ts';

// biome-ignore lint/suspicious/noExplicitAny: protobufjs toObject output walked by hand in assertions
type Obj = Record<string, any>;

const LONG = process.env.SPANSCOPE_LONG_TESTS === '1';

/** 3 resources × 2 scopes × n spans, every span named after its resource and scope. */
function request(spansPerScope: number, payloadChars = 40): Uint8Array {
  const resource_spans = [0, 1, 2].map((r) => ({
    resource: { attributes: [{ key: 'service.name', value: { string_value: `svc-${r}` } }] },
    schema_url: `https://schema/${r}`,
    scope_spans: [0, 1].map((s) => ({
      scope: { name: `scope-${r}-${s}`, version: '1.0' },
      schema_url: `https://scope-schema/${r}/${s}`,
      spans: Array.from({ length: spansPerScope }, (_, i) => ({
        trace_id: hexToBytes('0af7651916cd43dd8448eb211c80319c'),
        span_id: hexToBytes((r * 1000 + s * 100 + i + 1).toString(16).padStart(16, '0')),
        name: `r${r}-s${s}-${i}`,
        attributes: [{ key: 'payload', value: { string_value: 'x'.repeat(payloadChars) } }],
      })),
    })),
  }));
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject({ resource_spans })).finish();
}

/** Every span as "service schema scope@version scope-schema name id", in order. */
function flatten(bytes: Uint8Array): string[] {
  const msg = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(bytes)) as Obj;
  const out: string[] = [];
  for (const rs of msg.resource_spans ?? [])
    for (const ss of rs.scope_spans ?? [])
      for (const span of ss.spans ?? [])
        out.push(
          `${rs.resource?.attributes?.[0]?.value?.string_value} ${rs.schema_url} ${ss.scope?.name}@${ss.scope?.version} ${ss.schema_url} ${span.name} ${bytesToHex(span.span_id)}`,
        );
  return out;
}

/** Pieces of `bytes` fed in the given chunks. */
function splitChunks(chunks: Iterable<Uint8Array>, options: ProtoSplitterOptions): ProtoPiece[] {
  const splitter = new ProtoSplitter(options);
  const out: ProtoPiece[] = [];
  for (const c of chunks) out.push(...splitter.push(c));
  out.push(...splitter.end());
  return out;
}

const SpanType = otlpRoot.lookupType('opentelemetry.proto.trace.v1.Span');

function lenField(number: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(lenFieldSize(payload.length));
  out.set(payload, writeLenHeader(out, 0, number, payload.length));
  return out;
}

function failure(run: () => unknown): FormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  throw new Error('expected a FormatError');
}

describe('ProtoSplitter', () => {
  it('cuts between resources, scopes and spans, each piece keeping its resource and scope', () => {
    const big = request(50);
    const everything = flatten(big);
    const withoutUrls = (lines: string[]) =>
      lines.map((l) => l.replace(/ (https:\/\/\S+|undefined)(?= )/g, ''));
    for (const maxBytes of [big.length + 100, 4000, 700, 200])
      for (const maxSpans of [1000, 7, 1]) {
        const pieces = splitProtoRequest(big, { maxBytes, maxSpans });
        for (const p of pieces) {
          expect(p.spanCount).toBe(flatten(p.bytes).length);
          expect(p.spanCount).toBeLessThanOrEqual(maxSpans);
          if (p.spanCount > 1) expect(p.bytes.length).toBeLessThanOrEqual(maxBytes);
        }
        const got = pieces.flatMap((p) => flatten(p.bytes));
        // A resource_spans (~8 KB here) is held for its schema URLs when under 16 × the limits.
        const held = 8500 < 16 * Math.min(maxBytes, maxSpans * 80);
        expect(held ? got : withoutUrls(got)).toEqual(held ? everything : withoutUrls(everything));
        if (maxBytes > big.length && maxSpans === 1000) expect(pieces).toHaveLength(1);
      }
  });

  it('gives the same pieces however the input is chunked: cut anywhere in two, or byte by byte', () => {
    const small = request(3);
    const options = { maxSpans: 4, maxBytes: 600 };
    const hex = (pieces: ProtoPiece[]) => pieces.map((p) => bytesToHex(p.bytes));
    const reference = hex(splitProtoRequest(small, options));
    expect(reference.length).toBeGreaterThan(4);
    for (let cut = 0; cut <= small.length; cut++) {
      const pieces = splitChunks([small.subarray(0, cut), small.subarray(cut)], options);
      expect(hex(pieces)).toEqual(reference);
    }
    expect(hex(splitChunks(rechunk([small], 1), options))).toEqual(reference);
  });

  it('sends a span larger than maxBytes alone, and refuses one larger than maxFieldBytes', () => {
    const big = request(2, 3000);
    const pieces = splitProtoRequest(big, { maxBytes: 1000 });
    expect(pieces.map((p) => p.spanCount)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(pieces.flatMap((p) => flatten(p.bytes))).toEqual(flatten(big));
    const e = failure(() => splitProtoRequest(big, { maxFieldBytes: 2000 }));
    expect(e.message).toMatch(
      /^OTLP protobuf: a span of 30\d\d bytes is over the limit of 2000 bytes at byte \d+$/,
    );
  });

  it('names the byte of a malformed field', () => {
    const cases: [number[], string][] = [
      [[0x0a, 0x03, 0x12, 0xff, 0xff], 'malformed|truncated'],
      [[0x0a, 0x0b, ...Array(11).fill(0xff)], 'malformed varint (more than 10 bytes) at byte 2'],
      [[0x0a, 0x02, 0x0b, 0x00], 'unsupported wire type 3 (field 1) at byte 2'],
      [[0x08, 0x01], 'resource_spans (field 1) has wire type 0, not length-delimited at byte 0'],
      [
        [0x0a, 0x04, 0x12, 0x02, 0x10, 0x01],
        'span (field 2) has wire type 0, not length-delimited at byte 4',
      ],
      [
        [0x0a, 0x03, 0x12, 0x05, 0x00],
        'field 2 (7 bytes) runs past the end of its resource_spans at byte 5 at byte 2',
      ],
      [[0x22, 0x00, 0x0a, 0x02, 0x00, 0x00], 'field number 0 is not allowed at byte 4'],
    ];
    for (const [bytes, message] of cases) {
      const e = failure(() => splitProtoRequest(new Uint8Array(bytes)));
      expect(e.resembled).toBe('OTLP protobuf');
      expect(e.message).toMatch(new RegExp(message.replace(/[()]/g, '\\$&')));
    }
  });

  it('refuses an input cut inside a field or message at the byte where it ends; a cut between resource_spans is a shorter request', () => {
    const whole = request(2);
    const boundaries = new Set<number>([0]);
    for (let at = 0; at < whole.length; ) {
      at += (readFieldHeader(whole.subarray(at)) as FieldHeader).totalBytes;
      boundaries.add(at);
    }
    expect(boundaries.has(whole.length)).toBe(true);
    for (let cut = 0; cut < whole.length; cut++) {
      const prefix = whole.subarray(0, cut);
      if (boundaries.has(cut)) {
        expect(splitProtoRequest(prefix).flatMap((p) => flatten(p.bytes))).toEqual(flatten(prefix));
        continue;
      }
      const e = failure(() => splitChunks(rechunk([prefix], 7), {}));
      expect(e.where).toBe(`byte ${cut}`);
      expect(e.problem).toMatch(
        /^the input ends inside (a field header|a span|a field|a scope_spans|a resource_spans)( that should end at byte \d+)? \(it is truncated\)$/,
      );
    }
  });

  it('holds pieces until their resource_spans ends (for its schema URL), up to 16 times the limits', () => {
    const urls = (p: ProtoPiece) =>
      flatten(p.bytes).map((s) => s.split(' ').filter((w) => w.startsWith('https://')).length);
    const held = splitChunks(oneScopeProto(150).chunks(100), { maxSpans: 10 });
    expect(held).toHaveLength(15);
    for (const p of held) expect(urls(p)).toEqual(Array(10).fill(2));
    // Beyond, pieces go as they fill, without the schema URLs written after the spans.
    const pieces = splitChunks(oneScopeProto(1000).chunks(100), { maxSpans: 10 });
    expect(pieces).toHaveLength(100);
    for (const p of pieces) expect(urls(p)).toEqual(Array(10).fill(0));
  });

  it('makes decoders name the place in the whole input: span paths and byte offsets', () => {
    const bytes = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resource_spans: [0, 1].map((r) => ({
          scope_spans: [0, 1].map((s) => ({
            spans: Array.from({ length: 6 }, (_, i) => ({
              trace_id: hexToBytes('0af7651916cd43dd8448eb211c80319c'),
              span_id:
                r === 1 && s === 1 && i === 4
                  ? new Uint8Array([1, 2, 3])
                  : hexToBytes(`${r}${s}${i}`.padStart(16, '1')),
              name: `span ${r} ${s} ${i}`,
            })),
          })),
        })),
      }),
    ).finish();
    const whole = failure(() => decodeInput(bytes, new TraceSetBuilder()));
    expect(whole.where).toBe('resource_spans[1].scope_spans[1].spans[4].span_id');
    const fromPieces = failure(() => {
      const sink = new TraceSetBuilder();
      for (const p of splitProtoRequest(bytes, { maxSpans: 3 })) decodePiece({ kind: 'bytes', ...p }, sink);
    });
    expect(fromPieces.message).toBe(whole.message);

    // A span ending with a field of wire type 7: protobufjs names its byte.
    const span = SpanType.encode({ name: 'bad', trace_id: new Uint8Array(16).fill(1) }).finish();
    const badSpan = lenField(2, new Uint8Array([...span, 0x0f]));
    const corrupt = new Uint8Array([...request(2), ...lenField(1, lenField(2, badSpan))]);
    const wholeByte = failure(() => decodeInput(corrupt, new TraceSetBuilder()));
    expect(wholeByte.where).toMatch(/^byte \d+$/);
    const pieceByte = failure(() => {
      for (const p of splitProtoRequest(corrupt, { maxSpans: 5 }))
        decodePiece({ kind: 'bytes', ...p }, new TraceSetBuilder());
    });
    expect(pieceByte.where).toBe(wholeByte.where);
  });
});

describe('ProtoSplitter on big inputs', () => {
  it(`streams one resource_spans of one scope_spans of ${LONG ? '2M' : '600k'} spans (${LONG ? '1 GB' : '300 MB'}) in constant memory`, () => {
    const spans = LONG ? 2_000_000 : 600_000;
    const input = oneScopeProto(spans);
    const options = { maxSpans: 1000, maxBytes: 4 * 1024 * 1024 };
    const splitter = new ProtoSplitter(options);
    const before = retainedBytes();
    let peak = 0;
    let count = 0;
    let pieces = 0;
    let fed = 0;
    const check = (p: ProtoPiece) => {
      expect(p.bytes.length).toBeLessThanOrEqual(options.maxBytes);
      // Every 97th piece is decoded: its spans are the next ones, in order.
      if (pieces % 97 === 0) {
        const sink = new TraceSetBuilder();
        decodeInput(p.bytes, sink);
        const [table] = sink.build();
        expect([table.spanIds[0], table.spanIds[table.count - 1]]).toEqual([
          oneScopeSpanId(count),
          oneScopeSpanId(count + p.spanCount - 1),
        ]);
      }
      count += p.spanCount;
      pieces++;
    };
    for (const chunk of input.chunks(64 * 1024)) {
      splitter.push(chunk).forEach(check);
      fed += chunk.length;
      if (fed % (64 * 1024 * 1024) === 0) peak = Math.max(peak, retainedBytes() - before);
    }
    splitter.end().forEach(check);
    expect(fed).toBe(input.totalBytes);
    expect(count).toBe(spans);
    // 16 pieces may be held waiting for the resource_spans to end; the input is ~40× that.
    expect(peak).toBeLessThan(96 * 1024 * 1024);
    expect(input.totalBytes).toBeGreaterThan(LONG ? 1e9 : 300e6);
  }, 120_000);

  it(`streams the demo generator's ${LONG ? '1M' : '50k'}-span trace in 64 KiB chunks, decoding to the same spans`, () => {
    const spans = LONG ? 1_000_000 : 50_000;
    const direct = new TraceSetBuilder();
    const fromPieces = new TraceSetBuilder();
    const splitter = new ProtoSplitter({ maxSpans: 1000 });
    let count = 0;
    const take = (ps: ProtoPiece[]) => {
      for (const p of ps) {
        count += p.spanCount;
        if (!LONG) decodeInput(p.bytes, fromPieces);
      }
    };
    const requests = largeTraceProto(spans);
    for (const chunk of rechunk(
      (function* () {
        for (const r of requests) {
          if (!LONG) decodeInput(r, direct);
          yield r;
        }
      })(),
      64 * 1024,
    ))
      take(splitter.push(chunk));
    take(splitter.end());
    expect(count).toBe(spans);
    if (!LONG)
      expect(dumpSpans(fromPieces.build()).join('\n') === dumpSpans(direct.build()).join('\n')).toBe(true);
  }, 300_000);
});
