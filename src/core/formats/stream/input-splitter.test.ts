import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { rechunk } from '../../../testing/proto-streams.ts';
import { cutAt, type Outcome, streamedOutcome, wholeOutcome } from '../../../testing/stream-decode.ts';
import { seededRandom } from '../../demo/random.ts';
import { utf8Encode } from '../text.ts';
import type { FormatError } from '../types.ts';
import { InputSplitter, InputTooLargeError } from './input-splitter.ts';

/** Files up to this size are cut at every byte in two, and fed byte by byte. */
const EVERY_CUT_BYTES = 4096;
/** Small pieces, so that every fixture is split into several. */
const OPTIONS = { maxSpans: 3 };

const FILES = listFixtures().filter((f) => !f.endsWith('.md'));

/** How a refusal reads once what may differ between a whole and a streamed decode is set aside. */
function refusal(e: FormatError) {
  return {
    resembled: e.resembled,
    // An excerpt of the text at the error ends where the streamed piece ends.
    problem: e.problem.replace(/, found ".*"$/s, ''),
    // Line numbers count from the piece; byte offsets are of the inflated input.
    where: e.where.replace(/ \(line \d+, column \d+\)/, '').replace(/ of the inflated input$/, ''),
  };
}

function expectSame(streamed: Outcome, whole: Outcome, label: string): void {
  if ('error' in whole) {
    expect('error' in streamed, `${label}: refused whole (${whole.error.message}), accepted streamed`).toBe(
      true,
    );
    if (!('error' in streamed)) return;
    const [s, w] = [refusal(streamed.error), refusal(whole.error)];
    // A bare Jaeger trace is streamed as {data:[trace]}: its JSON paths gain `.data[0]`.
    if (w.where.startsWith('$.')) expect(s.where.endsWith(w.where.slice(1)), label).toBe(true);
    else expect(s.where, label).toBe(w.where);
    expect({ ...s, where: '' }, label).toEqual({ ...w, where: '' });
    return;
  }
  if ('error' in streamed)
    throw new Error(`${label}: accepted whole, refused streamed: ${streamed.error.message}`);
  expect(streamed.dump === whole.dump, `${label}: spans differ`).toBe(true);
  expect(streamed.summaries, label).toBe(whole.summaries);
}

/** Random cut points: chunks of 1 byte to 64 KiB. */
function randomCuts(length: number, random: () => number): number[] {
  const cuts: number[] = [];
  for (let at = 0; ; ) {
    at += 1 + Math.floor(random() ** 3 * 65536);
    if (at >= length) return cuts;
    cuts.push(at);
  }
}

function variants(file: string): [string, Uint8Array][] {
  const plain = readFixture(file);
  return [
    [file, plain],
    [`${file} (gzip)`, gzipSync(plain)],
  ];
}

describe('InputSplitter on every real fixture', () => {
  it.each(FILES)(
    '%s: the same spans and summaries as decodeInput (or the same refusal), however it is chunked',
    (file) => {
      const random = seededRandom(file.length);
      for (const [label, bytes] of variants(file)) {
        const whole = wholeOutcome(bytes);
        expectSame(streamedOutcome([bytes], OPTIONS), whole, `${label} in one chunk`);
        const asBytes = { ...OPTIONS, jsonOutput: 'bytes' as const };
        expectSame(streamedOutcome([bytes], asBytes), whole, `${label} in one chunk, JSON pieces as bytes`);
        expectSame(
          streamedOutcome(rechunk([bytes], 7), asBytes),
          whole,
          `${label} in 7-byte chunks, JSON pieces as bytes`,
        );
        const read = { ...asBytes, readSpans: true };
        expectSame(streamedOutcome([bytes], read), whole, `${label} in one chunk, spans read as they stream`);
        for (const size of [7, 1000])
          expectSame(
            streamedOutcome(rechunk([bytes], size), read),
            whole,
            `${label} in ${size}-byte chunks, spans read as they stream`,
          );
        if (bytes.length <= EVERY_CUT_BYTES) {
          for (let cut = 0; cut <= bytes.length; cut++)
            expectSame(streamedOutcome(cutAt(bytes, [cut]), OPTIONS), whole, `${label} cut at ${cut}`);
          expectSame(streamedOutcome(rechunk([bytes], 1), OPTIONS), whole, `${label} byte by byte`);
        } else {
          for (let k = 0; k < 32; k++) {
            const cut = Math.floor(random() * bytes.length);
            expectSame(streamedOutcome(cutAt(bytes, [cut]), OPTIONS), whole, `${label} cut at ${cut}`);
          }
          for (let k = 0; k < 8; k++) {
            const cuts = randomCuts(bytes.length, random);
            expectSame(
              streamedOutcome(cutAt(bytes, cuts), OPTIONS),
              whole,
              `${label} cut at ${cuts.join(',')}`,
            );
          }
        }
      }
    },
  );

  it.each(FILES)('%s truncated: refused at the byte where it ends (or a shorter valid input)', (file) => {
    const random = seededRandom(file.length + 1);
    for (const [label, bytes] of variants(file)) {
      if ('error' in wholeOutcome(bytes)) continue;
      const cuts =
        bytes.length <= EVERY_CUT_BYTES / 2
          ? Array.from({ length: bytes.length }, (_, i) => i)
          : Array.from({ length: 48 }, () => Math.floor(random() * bytes.length));
      // One byte of gzip cannot be told from protobuf.
      for (const cut of cuts.filter((c) => c > 1 || !label.endsWith('(gzip)'))) {
        const prefix = bytes.subarray(0, cut);
        const streamed = streamedOutcome(cutAt(prefix, [Math.floor(cut / 2)]), OPTIONS);
        const what = `${label} cut at ${cut}`;
        // A prefix may be a valid input (JSON Lines cut after a line, protobuf between fields).
        if (!('error' in streamed) || streamed.error.problem === 'the input is empty') {
          expectSame(streamed, wholeOutcome(prefix), what);
          continue;
        }
        expect(streamed.error.where, `${what}: ${streamed.error.message}`).toMatch(
          new RegExp(`^byte ${cut}( of the inflated input)?$`),
        );
        expect(streamed.error.problem).toMatch(/truncated/);
      }
    }
  });

  it.each(FILES)(
    '%s corrupted: refused with a FormatError naming a byte or a path, or read as decodeInput reads it',
    (file) => {
      const random = seededRandom(file.length + 2);
      for (const [label, bytes] of variants(file)) {
        for (let k = 0; k < 24; k++) {
          const corrupt = bytes.slice();
          const at = Math.floor(random() * bytes.length);
          corrupt[at] = Math.floor(random() * 256);
          const streamed = streamedOutcome(cutAt(corrupt, [Math.floor(random() * bytes.length)]), OPTIONS);
          const whole = wholeOutcome(corrupt);
          const what = `${label} byte ${at} set to ${corrupt[at]}`;
          if ('error' in streamed) {
            const e = streamed.error;
            if (e.where === '') expect(e.message, what).toMatch(/empty|format|Tempo|Zipkin v1/);
            else expect(e.where, `${what}: ${e.message}`).toMatch(/^(bytes? \d+|\$|resource_spans)/);
          }
          // Gzip is not checked against its CRC (nor by decodeInput): corrupt, it may inflate to other
          // text (in other ways than gunzipSync does), which is read as it is.
          else if (!label.endsWith('(gzip)')) expectSame(streamed, whole, what);
        }
      }
    },
  );
});

describe('InputSplitter', () => {
  const otlp = utf8Encode(
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: Array.from({ length: 10 }, (_, i) => ({
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: (i + 1).toString(16).padStart(16, '0'),
                name: `span ${i}`,
              })),
            },
          ],
        },
      ],
    }),
  );

  it('reports the bytes taken, inflated, the kind and gzip; gives JSON documents as values or bytes', () => {
    const zipped = gzipSync(otlp);
    const splitter = new InputSplitter({ maxSpans: 4 });
    expect([splitter.kind, splitter.gzipped]).toEqual([null, null]);
    const pieces = [...splitter.push(zipped.subarray(0, 1)), ...splitter.push(zipped.subarray(1))];
    pieces.push(...splitter.end());
    expect([splitter.kind, splitter.gzipped, splitter.bytesIn, splitter.bytesInflated]).toEqual([
      'json',
      true,
      zipped.length,
      otlp.length,
    ]);
    expect(pieces.map((p) => p.kind)).toEqual(['json', 'json', 'json']);
    const asBytes = new InputSplitter({ maxSpans: 4, jsonOutput: 'bytes' });
    const bytePieces = [...asBytes.push(otlp), ...asBytes.end()];
    expect(bytePieces.map((p) => p.kind)).toEqual(['bytes', 'bytes', 'bytes']);
    expect(streamedOutcome([otlp], { maxSpans: 4, jsonOutput: 'bytes' })).toEqual(wholeOutcome(otlp));
  });

  it('refuses an empty input, and corrupt or truncated gzip naming the byte', () => {
    expect(() => new InputSplitter().end()).toThrow('input: the input is empty');
    for (const blank of [' \n\t ', ' '.repeat(100_000)])
      expect(() => streamedOrThrow(rechunk([utf8Encode(blank)], 1000))).toThrow('input: the input is empty');
    const zipped = gzipSync(otlp);
    const cut = zipped.subarray(0, zipped.length - 12);
    expect(() => streamedOrThrow([cut])).toThrow(
      new RegExp(`^gzip: the gzip data is truncated.* at byte ${cut.length}$`),
    );
    const corrupt = zipped.slice();
    // The first deflate block's type: 3 is invalid.
    corrupt[10] = 0x07;
    expect(() => streamedOrThrow([corrupt])).toThrow(/^gzip: corrupt gzip data \(.*\) at byte \d+$/);
  });

  it('stops a gzip bomb at maxInflatedBytes without inflating it', () => {
    const big = gzipSync(new Uint8Array(64 * 1024 * 1024).fill(0x20));
    const splitter = new InputSplitter({ maxInflatedBytes: 1024 * 1024 });
    expect(() => {
      for (const chunk of rechunk([big], 64 * 1024)) splitter.push(chunk);
    }).toThrow(InputTooLargeError);
    expect(splitter.bytesInflated).toBeLessThan(64 * 1024 * 1024);
  });
});

function streamedOrThrow(chunks: Iterable<Uint8Array>): void {
  const outcome = streamedOutcome(chunks);
  if ('error' in outcome) throw outcome.error;
}
