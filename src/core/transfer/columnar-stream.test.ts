import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameStarts, framesOfBody } from '../../testing/columnar-frames.ts';
import { listFixtures, readFixture } from '../../testing/fixtures.ts';
import { deferredColumnar, generatedTable } from '../../testing/generated-table.ts';
import { cutAt } from '../../testing/stream-decode.ts';
import { decodeInput } from '../formats/index.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import { FRAME_HEADER_BYTES, FRAME_TAGS } from './columnar-stream.ts';
import { ColumnarStreamReader, StreamedReadError } from './columnar-stream-reader.ts';
import { decodeColumnarTrace, readHeader } from './decode-columnar.ts';
import { columnarFromTable, encodeColumnar } from './encode-columnar.ts';

function assemble(pieces: readonly Uint8Array[]): ColumnarStreamReader {
  const reader = new ColumnarStreamReader();
  for (const piece of pieces) reader.push(piece);
  return reader;
}

/** The reader's body equals `body`, and so does what it decodes (its ids read as text). */
function expectSame(reader: ColumnarStreamReader, body: Uint8Array): void {
  expect(reader.done).toBe(true);
  expect(Buffer.from(reader.bytes()).equals(Buffer.from(body))).toBe(true);
  const streamed = reader.decode().table;
  const whole = decodeColumnarTrace(body).table;
  expect(streamed.spanIds).toEqual(whole.spanIds);
  expect(streamed.parentIds).toEqual(whole.parentIds);
  expect(streamed.count).toBe(whole.count);
}

function frame(tag: number, index: number, offset: number, payload: Uint8Array, length = payload.byteLength) {
  const out = new Uint8Array(FRAME_HEADER_BYTES + Math.ceil(payload.byteLength / 8) * 8);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, tag, true);
  dv.setUint32(4, index, true);
  dv.setUint32(8, offset, true);
  dv.setUint32(12, length, true);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

const otlpFixtures = listFixtures().filter((f) => f.startsWith('otlp-'));

describe('streamed columnar answers equal the unstreamed body', () => {
  it.each(otlpFixtures)('%s, cut at every frame boundary and every 37 bytes', (rel) => {
    const sink = new TraceSetBuilder();
    decodeInput(readFixture(rel), sink);
    for (const table of sink.build()) {
      const body = encodeColumnar(columnarFromTable(table));
      const frames = framesOfBody(body, 64);
      const starts = frameStarts(frames);
      expectSame(assemble(cutAt(frames, starts.slice(1))), body);
      const every37 = Array.from(
        { length: Math.floor((frames.byteLength - 1) / 37) },
        (_, i) => (i + 1) * 37,
      );
      expectSame(assemble(cutAt(frames, every37)), body);
      // Cut once at every frame boundary: the stream ends up whole whichever way it was split.
      for (const at of starts) expectSame(assemble(cutAt(frames, [at])), body);
    }
  });

  it('a generated 100k-span trace, at every frame boundary and in random pieces', () => {
    const body = deferredColumnar(generatedTable(100_000));
    const frames = framesOfBody(body, 16_384);
    const starts = frameStarts(frames);
    expectSame(assemble(cutAt(frames, starts.slice(1))), body);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: frames.byteLength - 1 }), { maxLength: 40 }),
        (cuts) => {
          expectSame(
            assemble(
              cutAt(
                frames,
                [...cuts].sort((a, b) => a - b),
              ),
            ),
            body,
          );
        },
      ),
      { numRuns: 5 },
    );
  });

  it('lets a later patch overwrite an earlier one (a read begun again in order)', () => {
    const body = deferredColumnar(generatedTable(50));
    const frames = framesOfBody(body, 16);
    const wrong = framesOfBody(new Uint8Array(body).fill(0xab, readHeader(body).bodyStart), 16);
    const starts = frameStarts(wrong);
    // Everything but the end frame of a wrong body, then the right stream without its head.
    const reader = new ColumnarStreamReader();
    reader.push(wrong.subarray(0, starts[starts.length - 1]));
    expect(() => reader.bytes()).toThrow(/before its end frame/);
    reader.push(frames.subarray(frameStarts(frames)[1]));
    expectSame(reader, body);
  });
});

describe('malformed, truncated and hostile streams', () => {
  const body = deferredColumnar(generatedTable(20));
  const frames = framesOfBody(body, 32);
  const starts = frameStarts(frames);
  const head = frames.subarray(0, starts[1]);

  it('refuses a stream cut anywhere before its end frame', () => {
    for (const at of [0, 5, 16, starts[1], starts[2] + 3, starts[starts.length - 1]]) {
      const reader = assemble([frames.subarray(0, at)]);
      expect(reader.done).toBe(false);
      expect(() => reader.decode()).toThrow(/before its end frame/);
    }
  });

  it('refuses frames before the head, a second head, unknown tags and data after the end', () => {
    expect(() => assemble([frames.subarray(starts[1])])).toThrow(/before the head/);
    expect(() => assemble([head, head])).toThrow(/second head/);
    expect(() => assemble([frame(0x12345678, 0, 0, new Uint8Array(8))])).toThrow(/unknown frame tag/);
    expect(() => assemble([frames, frame(FRAME_TAGS.end, 0, 0, new Uint8Array(0))])).toThrow(/after the end/);
  });

  it('refuses patches outside their section, of no section, or cutting an id', () => {
    expect(() => assemble([head, frame(FRAME_TAGS.patch, 9999, 0, new Uint8Array(8))])).toThrow(
      /does not exist/,
    );
    expect(() => assemble([head, frame(FRAME_TAGS.patch, 0, 2 ** 32 - 8, new Uint8Array(8))])).toThrow(
      /past the end/,
    );
    const spanIds = Object.keys(readHeader(body).header.sections).indexOf('spanIds');
    expect(() => assemble([head, frame(FRAME_TAGS.patch, spanIds, 4, new Uint8Array(8))])).toThrow(
      /cuts an id/,
    );
    expect(() => assemble([head, frame(FRAME_TAGS.patch, spanIds, 0, new Uint8Array(12))])).toThrow(
      /cuts an id/,
    );
  });

  it('refuses an end that leaves a section unwritten, and reports the store error frame', () => {
    expect(() => assemble([head, frame(FRAME_TAGS.end, 0, 0, new Uint8Array(0))])).toThrow(
      /not written whole/,
    );
    const message = new TextEncoder().encode('trace changed while it was read');
    expect(() => assemble([head, frame(FRAME_TAGS.error, 0, 0, message)])).toThrow(StreamedReadError);
    expect(() => assemble([head, frame(FRAME_TAGS.error, 0, 0, message)])).toThrow(/changed while/);
  });

  it('refuses huge heads before buffering them, and heads naming huge sections', () => {
    expect(() => assemble([frame(FRAME_TAGS.head, 0, 0, new Uint8Array(8), 2 ** 32 - 1)])).toThrow(
      /too large/,
    );
    const prefix = head.subarray(FRAME_HEADER_BYTES);
    const text = new TextDecoder().decode(prefix);
    const huge = new TextEncoder().encode(text.replace(/"byteLength":\d+/, `"byteLength":${2 ** 40}`));
    expect(huge.byteLength).toBeGreaterThan(prefix.byteLength);
    // The header's length field still names the original length: the longer text is not the whole header.
    expect(() => assemble([frame(FRAME_TAGS.head, 0, 0, huge)])).toThrow(/columnar/);
  });

  it('never throws anything but an Error on random damage', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: frames.byteLength - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: frames.byteLength }),
        (at, value, cut) => {
          const damaged = frames.slice(0, cut);
          if (at < damaged.byteLength) damaged[at] = value;
          try {
            assemble([damaged]).decode();
          } catch (e) {
            expect(e).toBeInstanceOf(Error);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
