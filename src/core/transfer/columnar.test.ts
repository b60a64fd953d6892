import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../testing/fixtures.ts';
import { otlpComparable } from '../../testing/otlp-comparable.ts';
import { attrValueArb } from '../../testing/trace-arbitraries.ts';
import { decodeOtlpJson } from '../formats/otlp-json/decode.ts';
import { decodeOtlpProto } from '../formats/otlp-proto/decode.ts';
import { parseInput } from '../formats/parse-input.ts';
import {
  parentIdAt,
  type SpanInput,
  type SpanTable,
  spanIdAt,
  TraceSetBuilder,
} from '../model/span-table.ts';
import type { SpanDetails } from '../model/types.ts';
import { COLUMNAR_MAGIC } from './columnar-layout.ts';
import { decodeColumnar } from './decode-columnar.ts';
import { columnarFromTable, encodeColumnar } from './encode-columnar.ts';

function roundTrip(table: SpanTable): SpanTable {
  return decodeColumnar(encodeColumnar(columnarFromTable(table)));
}

function expectSameTable(actual: SpanTable, expected: SpanTable): void {
  const hot = (t: SpanTable) => ({
    traceId: t.traceId,
    format: t.format,
    count: t.count,
    baseNs: t.baseNs,
    startNs: Array.from(t.startNs, String),
    durNs: Array.from(t.durNs, String),
    spanIds: t.spanIds,
    parentIds: t.parentIds,
    // One row at a time (from the id bytes after a round trip) as in the lists.
    spanIdAt: Array.from({ length: t.count }, (_, r) => spanIdAt(t, r)),
    parentIdAt: Array.from({ length: t.count }, (_, r) => parentIdAt(t, r)),
    names: Array.from(t.names, (i) => t.strings[i]),
    services: Array.from(t.services, (i) => t.strings[i]),
    kinds: Array.from(t.kinds),
    statuses: Array.from(t.statuses),
    flags: Array.from(t.flags),
    eventStart: Array.from(t.eventStart),
    eventNs: Array.from(t.eventNs, String),
    warnings: t.warnings,
  });
  expect(hot(actual)).toEqual(hot(expected));
  for (let i = 0; i < expected.count; i++)
    expect(otlpComparable(actual.details(i))).toEqual(otlpComparable(expected.details(i)));
}

function decodeOtlpFile(rel: string): SpanTable[] {
  const sink = new TraceSetBuilder();
  const input = parseInput(readFixture(rel));
  if (input.kind === 'binary') decodeOtlpProto(input.bytes, sink);
  else for (const v of input.kind === 'json' ? [input.value] : input.values) decodeOtlpJson(v, sink);
  return sink.build();
}

const otlpFixtures = listFixtures().filter((f) => f.startsWith('otlp-'));

describe('columnar transfer on real files', () => {
  it('has OTLP fixtures to read', () => {
    expect(otlpFixtures.length).toBeGreaterThan(10);
  });

  it.each(otlpFixtures)('%s round-trips every column and detail', (rel) => {
    for (const table of decodeOtlpFile(rel)) expectSameTable(roundTrip(table), table);
  });

  it('keeps exact values of a tricky file (64-bit ids, wide ints, arrays, kvlists)', () => {
    const [table] = decodeOtlpFile('otlp-json/grafana-tsdb-tempo-trace-snake_case.json');
    const back = roundTrip(table);
    expect(back.traceId).toBe('0000000000000000620f03a2253c5e37');
    expect(back.baseNs).toBe(table.baseNs);
    const kinds = new Set<string>();
    for (let i = 0; i < back.count; i++) for (const a of back.details(i).attributes) kinds.add(a.value.type);
    expect(kinds).toEqual(new Set(['string', 'int', 'bool', 'array', 'kvlist']));
  });
});

const hex = (len: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${len}}$`));
const attrsArb = fc.array(fc.record({ key: fc.string({ maxLength: 8 }), value: attrValueArb }), {
  maxLength: 4,
});
const detailsArb: fc.Arbitrary<SpanDetails> = fc.record({
  attributes: attrsArb,
  events: fc.array(
    fc.record({
      timeNs: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      name: fc.string({ maxLength: 6 }),
      attributes: attrsArb,
      droppedAttributesCount: fc.nat(3),
    }),
    { maxLength: 2 },
  ),
  links: fc.array(
    fc.record({
      traceId: hex(32),
      spanId: hex(16),
      traceState: fc.string({ maxLength: 6 }),
      attributes: attrsArb,
      droppedAttributesCount: fc.nat(3),
    }),
    { maxLength: 2 },
  ),
  resource: fc.record({ attributes: attrsArb, droppedAttributesCount: fc.nat(2), schemaUrl: fc.string() }),
  scope: fc.record({ name: fc.string(), version: fc.string(), attributes: attrsArb }),
  statusMessage: fc.string(),
  traceState: fc.string({ maxLength: 6 }),
  flags: fc.nat(0xffffffff),
  droppedAttributesCount: fc.nat(5),
  droppedEventsCount: fc.nat(5),
  droppedLinksCount: fc.nat(5),
});
const spanArb = fc.record({
  spanId: hex(16),
  parentId: fc.oneof(fc.constant(''), hex(16)),
  name: fc.string({ maxLength: 10 }),
  service: fc.constantFrom('frontend', 'db', '', 'ünïcode ✓'),
  kind: fc.nat(5),
  status: fc.nat(2),
  startNs: fc.option(fc.bigInt({ min: 1n, max: 2n ** 62n })),
  durNs: fc.option(fc.bigInt({ min: -1000n, max: 10n ** 12n })),
  shared: fc.boolean(),
  details: detailsArb,
});

describe('columnar transfer of random tables', () => {
  it('round-trips tables of any content', () => {
    fc.assert(
      fc.property(fc.array(spanArb, { minLength: 1, maxLength: 20 }), (spans) => {
        const sink = new TraceSetBuilder();
        sink.format = 'random';
        for (const s of spans) {
          const start = s.startNs === null ? null : 1_700_000_000_000_000_000n + (s.startNs % 10n ** 15n);
          const input: SpanInput = {
            ...s,
            traceId: 'f'.repeat(32),
            startNs: start,
            eventTimesNs: s.details.events.map((e) => e.timeNs % 10n ** 15n),
          };
          sink.add(input);
        }
        sink.warn('f'.repeat(32), 'a warning');
        const [table] = sink.build();
        expectSameTable(roundTrip(table), table);
      }),
      { numRuns: 60 },
    );
  });

  it('handles an empty trace', () => {
    const empty = decodeColumnar(
      encodeColumnar({
        ...columnarFromTable(only(oneSpanTable())),
        count: 0,
        startNs: new Float64Array(0),
        durNs: new Float64Array(0),
        spanIds: [],
        parentIds: [],
        names: new Uint32Array(0),
        services: new Uint32Array(0),
        kinds: new Uint8Array(0),
        statuses: new Uint8Array(0),
        flags: new Uint8Array(0),
        eventStart: Uint32Array.of(0),
        eventNs: new Float64Array(0),
        detailJson: [],
        resourceOf: new Uint32Array(0),
        scopeOf: new Uint32Array(0),
      }),
    );
    expect(empty.count).toBe(0);
    expect(empty.spanIds).toEqual([]);
  });
});

function oneSpanTable(): SpanTable[] {
  const sink = new TraceSetBuilder();
  sink.add({
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    parentId: '',
    name: 'n',
    kind: 1,
    status: 0,
    startNs: 5n,
    durNs: 1n,
    details: {
      attributes: [],
      events: [],
      links: [],
      resource: { attributes: [] },
      scope: { name: '', version: '', attributes: [] },
      statusMessage: '',
      traceState: '',
      flags: 0,
    },
  });
  return sink.build();
}

function only<T>(list: T[]): T {
  expect(list).toHaveLength(1);
  return list[0];
}

describe('decodeColumnar on hostile bytes', () => {
  const good = encodeColumnar(columnarFromTable(only(oneSpanTable())));

  it('refuses what is not a columnar trace, naming the problem', () => {
    expect(() => decodeColumnar(new Uint8Array(3))).toThrow(/only 3 bytes/);
    expect(() => decodeColumnar(new TextEncoder().encode('{"batches":[]}  '))).toThrow(/magic/);
    const wrongVersion = good.slice();
    new DataView(wrongVersion.buffer).setUint32(4, 99, true);
    expect(() => decodeColumnar(wrongVersion)).toThrow(/version 99/);
  });

  it('refuses truncated data', () => {
    for (const cut of [20, good.length >> 1, good.length - 1])
      expect(() => decodeColumnar(good.subarray(0, cut))).toThrow(/columnar trace/);
  });

  it('refuses indexes that point outside their tables', () => {
    const t = columnarFromTable(only(oneSpanTable()));
    const bad = encodeColumnar({ ...t, names: Uint32Array.of(7) });
    expect(() => decodeColumnar(bad)).toThrow(/names\[0\] points past/);
  });

  it('reads a buffer that does not start on an 8-byte boundary', () => {
    const shifted = new Uint8Array(good.length + 3);
    shifted.set(good, 3);
    const t = decodeColumnar(shifted.subarray(3));
    expect(t.spanIds).toEqual(['b'.repeat(16)]);
    expect(new DataView(good.buffer).getUint32(0, true)).toBe(COLUMNAR_MAGIC);
  });

  it('gives empty details for a damaged detail blob instead of throwing', () => {
    const t = columnarFromTable(only(oneSpanTable()));
    const table = decodeColumnar(encodeColumnar({ ...t, detailJson: ['{not json'] }));
    expect(table.details(0).attributes).toEqual([]);
    expect(() => table.details(1)).toThrow(RangeError);
  });
});
