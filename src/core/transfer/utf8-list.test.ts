import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Entry, encodeUtf8List, Utf8ListWriter } from './utf8-list.ts';

const utf8 = new TextEncoder();

/** Each entry's bytes are exactly its own UTF-8 encoding, and read back as TextDecoder reads those. */
function expectEncoded(texts: readonly string[]): void {
  const list = encodeUtf8List(texts);
  const pieces = texts.map((t) => utf8.encode(t));
  const offsets = [0];
  for (const p of pieces) offsets.push((offsets.at(-1) as number) + p.length);
  expect(Array.from(list.offsets)).toEqual(offsets);
  expect(Buffer.from(list.bytes).equals(Buffer.concat(pieces))).toBe(true);
  // A lone surrogate cannot survive UTF-8: it reads back as U+FFFD, as TextEncoder wrote it.
  const last = texts.length - 1;
  if (last >= 0) expect(decodeUtf8Entry(list, last)).toBe(new TextDecoder().decode(pieces[last]));
}

describe('encodeUtf8List', () => {
  it('encodes lists of any text, ASCII or not, across chunk boundaries', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), fc.nat(2100), (some, padding) => {
        // ASCII entries in front push the varied ones past the first chunk of 1024 (or not).
        const texts = [...Array.from({ length: padding }, (_, i) => `{"n":${i}}`), ...some];
        expectEncoded(texts);
      }),
      { numRuns: 20 },
    );
  });

  it('encodes an empty list, empty strings, and one large non-ASCII entry among ASCII ones', () => {
    expectEncoded([]);
    expectEncoded(['', '', '']);
    expectEncoded(['a'.repeat(5000), `${'é✓😀'.repeat(3000)}\ud800`, 'b']);
  });
});

describe('Utf8ListWriter', () => {
  it('writes a list added a few entries at a time, from a small first buffer, as encodeUtf8List', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => (i % 700 === 0 ? `é✓😀${i}` : `{"n":${i}}`));
    const writer = new Utf8ListWriter(texts.length, 10);
    for (let from = 0; from < texts.length; from += 333) writer.add(texts.slice(from, from + 333));
    const list = writer.finish();
    const whole = encodeUtf8List(texts);
    expect(Array.from(list.offsets)).toEqual(Array.from(whole.offsets));
    expect(Buffer.from(list.bytes).equals(Buffer.from(whole.bytes))).toBe(true);
  });

  it('refuses more or fewer entries than it was made for', () => {
    const over = new Utf8ListWriter(2, 0);
    expect(() => over.add(['a', 'b', 'c'])).toThrow(/2 entries given more/);
    const under = new Utf8ListWriter(2, 0);
    under.add(['a']);
    expect(() => under.finish()).toThrow(/2 entries given 1/);
  });
});
