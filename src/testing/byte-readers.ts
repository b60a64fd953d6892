/**
 * A byte reader of a JSON format (OTLP, Jaeger, Zipkin) against the JSON.parse path it stands in for:
 * everything a sink holds afterwards, details of every span included, as plain values, so that a test
 * can demand that the reader either gives up or gives exactly what JSON.parse + the decoder give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/demo/random.ts';
import { dumpSpans } from '../core/formats/dump.ts';
import { decodeParsed, encodeTraces, type FormatId } from '../core/formats/index.ts';
import { parseInput } from '../core/formats/parse-input.ts';
import { utf8Encode } from '../core/formats/text.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import { fixturesPresent, listFixtures, readFixture } from './fixtures.ts';
import { randomSpansArb } from './trace-arbitraries.ts';

/** Adds every span of a document to the sink and says how many; -1 (nothing added) when it gives up. */
export type ByteReader = (bytes: Uint8Array, sink: TraceSetBuilder) => number;

/** Everything a sink holds, details of every span included, as plain values. */
export function snapshot(sink: TraceSetBuilder): unknown {
  return {
    fileWarnings: [...sink.warnings],
    tables: sink.build().map((t) => ({
      traceId: t.traceId,
      format: t.format,
      baseNs: t.baseNs,
      startNs: [...t.startNs],
      durNs: [...t.durNs],
      spanIds: [...t.spanIds],
      parentIds: [...t.parentIds],
      names: Array.from(t.names, (i) => t.strings[i]),
      services: Array.from(t.services, (i) => t.strings[i]),
      kinds: [...t.kinds],
      statuses: [...t.statuses],
      flags: [...t.flags],
      eventStart: [...t.eventStart],
      eventNs: [...t.eventNs],
      warnings: [...t.warnings],
      details: Array.from({ length: t.count }, (_, i) => t.details(i)),
    })),
  };
}

export type Outcome = { error: string } | { value: unknown };

/** What the JSON.parse path makes of the bytes. */
export function slowPath(bytes: Uint8Array): Outcome {
  const sink = new TraceSetBuilder();
  try {
    decodeParsed(parseInput(bytes), sink);
  } catch (error) {
    return { error: String(error) };
  }
  return { value: snapshot(sink) };
}

/** What the byte reader makes of them: null when it gives up (having added nothing). */
export function fastPath(read: ByteReader, bytes: Uint8Array): unknown | null {
  const sink = new TraceSetBuilder();
  const n = read(bytes, sink);
  if (n < 0) {
    expect(sink.spanCount).toBe(0);
    return null;
  }
  expect(sink.spanCount).toBe(n);
  return snapshot(sink);
}

/**
 * Checks the rule on `bytes` (the same tables, details and warnings, hence the same dump lines, as
 * the JSON.parse path, or nothing added); returns whether the byte reader took them.
 */
export function agree(read: ByteReader, bytes: Uint8Array): boolean {
  const fast = fastPath(read, bytes);
  if (fast === null) return false;
  expect({ value: fast }).toEqual(slowPath(bytes));
  const sink = new TraceSetBuilder();
  read(bytes, sink);
  const slow = new TraceSetBuilder();
  decodeParsed(parseInput(bytes), slow);
  expect(dumpSpans(sink.build())).toEqual(dumpSpans(slow.build()));
  return true;
}

/** A reader takes no proper prefix of a document, and takes the document itself. */
export function expectNoCutTaken(read: ByteReader, bytes: Uint8Array): void {
  for (let n = 0; n < bytes.length; n++) expect(fastPath(read, bytes.subarray(0, n))).toBeNull();
  expect(fastPath(read, bytes)).not.toBeNull();
}

const MUTATION_BYTES = new TextEncoder().encode('{}[],:"\\ \n0123456789-+.eEtrufalsn/bu');

/**
 * `runs` random mutations of `base` (bytes replaced, removed, inserted, runs repeated; mostly JSON
 * punctuation, digits and literal letters): the reader must agree or leave each. Returns how many it
 * took and how many the JSON.parse path refused, so that a test can check that both sides were hit.
 */
export function mutationRuns(
  read: ByteReader,
  base: Uint8Array,
  runs: number,
  seed: number,
): { taken: number; refused: number } {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  let taken = 0;
  let refused = 0;
  for (let run = 0; run < runs; run++) {
    const bytes = Array.from(base);
    for (let m = 1 + pick(3); m > 0; m--) {
      const at = pick(bytes.length);
      const op = pick(4);
      const byte = random() < 0.8 ? MUTATION_BYTES[pick(MUTATION_BYTES.length)] : pick(256);
      if (op === 0) bytes[at] = byte;
      else if (op === 1) bytes.splice(at, 1);
      else if (op === 2) bytes.splice(at, 0, byte);
      else bytes.splice(at, 0, ...bytes.slice(at, at + pick(40)));
    }
    const input = new Uint8Array(bytes);
    if ('error' in slowPath(input)) refused++;
    if (agree(read, input)) taken++;
  }
  return { taken, refused };
}

/** The fixture tests of a byte reader: every real fixture agrees or is left; it takes exactly `taken`. */
export function describeOnFixtures(read: ByteReader, taken: readonly string[]): void {
  describe.runIf(fixturesPresent)('on every real fixture', () => {
    const files = listFixtures().filter((f) => !f.endsWith('.md'));

    it.each(files)(
      '%s: same spans (dump), details and warnings as the JSON.parse path, or left to it',
      (rel) => {
        agree(read, readFixture(rel));
      },
    );

    it('takes the fixtures of its format that the JSON.parse path reads, and no other', () => {
      expect(files.filter((rel) => fastPath(read, readFixture(rel)) !== null)).toEqual(taken);
    });
  });
}

/** Random traces (every field the model holds) encoded as `format` are always taken, and agree. */
export function expectRandomTracesRead(read: ByteReader, format: FormatId, numRuns: number): void {
  fc.assert(
    fc.property(randomSpansArb, (spans) => {
      const sink = new TraceSetBuilder();
      for (const s of spans) sink.add({ ...s, eventTimesNs: s.details.events.map((e) => e.timeNs) });
      const encoded = encodeTraces(sink.build(), format);
      expect(agree(read, typeof encoded === 'string' ? utf8Encode(encoded) : encoded)).toBe(true);
    }),
    { numRuns },
  );
}
