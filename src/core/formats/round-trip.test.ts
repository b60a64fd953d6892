/**
 * Property tests: random traces survive encode → decode exactly in OTLP JSON and protobuf, and in
 * what Jaeger and Zipkin can carry (DESIGN §3), which the projections below spell out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RandomSpan, randomSpansArb } from '../../testing/trace-arbitraries.ts';
import { type SpanTable, TraceSetBuilder, UNKNOWN_SERVICE } from '../model/span-table.ts';
import { type Attribute, type AttrValue, attrValueToString, type SpanDetails } from '../model/types.ts';
import { dumpSpans } from './dump.ts';
import { decodeInput, encodeTraces, type FormatId } from './index.ts';
import { utf8Encode } from './text.ts';

function build(spans: readonly RandomSpan[]): SpanTable[] {
  const sink = new TraceSetBuilder();
  for (const s of spans) sink.add({ ...s, eventTimesNs: s.details.events.map((e) => e.timeNs) });
  return sink.build();
}

function roundTrip(tables: SpanTable[], to: FormatId): SpanTable[] {
  const encoded = encodeTraces(tables, to);
  const sink = new TraceSetBuilder();
  const { format } = decodeInput(typeof encoded === 'string' ? utf8Encode(encoded) : encoded, sink);
  expect(format).toBe(to);
  return sink.build();
}

type Project = (d: SpanDetails, t: SpanTable, i: number) => unknown;

const stable = (v: unknown) =>
  JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? [...x] : x));

/** One comparable record per span, sorted (encoders regroup spans by resource). */
function records(
  tables: SpanTable[],
  options: { micros?: boolean; line?: (l: string) => string; project?: Project },
) {
  const lines = dumpSpans(tables, options.micros);
  let k = 0;
  const out = tables.flatMap((t) =>
    Array.from({ length: t.count }, (_, i) => {
      const d = t.details(i);
      const events = [...t.eventNs.subarray(t.eventStart[i], t.eventStart[i + 1])].map(
        (ns) => t.baseNs + BigInt(ns),
      );
      return {
        line: (options.line ?? ((l) => l))(lines[k++]),
        shared: t.flags[i],
        eventColumn: options.micros ? events.length : events,
        details: options.project ? options.project(d, t, i) : d,
      };
    }),
  );
  return out
    .map((r) => ({ key: stable(r), r }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((x) => x.r);
}

const floorUs = (ns: bigint) => (ns / 1000n) * 1000n;
const withoutService = (attrs: readonly Attribute[]) => attrs.filter((a) => a.key !== 'service.name');
const service = (t: SpanTable, i: number) => t.strings[t.services[i]];

/** Jaeger types arrays, maps and empty values as strings; -0 is written as 0. */
function jaegerValue(v: AttrValue): AttrValue {
  if (v.type === 'array' || v.type === 'kvlist' || v.type === 'empty')
    return { type: 'string', value: attrValueToString(v) };
  if (v.type === 'double' && Object.is(v.value, -0)) return { type: 'double', value: 0 };
  return v;
}
const jaegerAttrs = (attrs: readonly Attribute[]) =>
  attrs.map((a) => ({ key: a.key, value: jaegerValue(a.value) }));

const jaegerProjection: Project = (d, t, i) => ({
  attributes: jaegerAttrs(d.attributes),
  events: d.events.map((e) => ({
    timeNs: floorUs(e.timeNs),
    name: e.name,
    attributes: jaegerAttrs(e.attributes),
  })),
  links: d.links.map((l) => ({
    traceId: l.traceId,
    spanId: l.spanId,
    refType: 'FOLLOWS_FROM',
    attributes: [],
  })),
  resource: {
    attributes: [
      { key: 'service.name', value: { type: 'string', value: service(t, i) } },
      ...jaegerAttrs(withoutService(d.resource.attributes)),
    ],
  },
  scope: { name: d.scope.name, version: d.scope.version, attributes: [] },
  statusMessage: d.statusMessage,
  traceState: d.traceState,
  flags: d.flags,
});

const zipkinProjection: Project = (d, t, i) => ({
  attributes: [...withoutService(d.resource.attributes), ...d.attributes].map((a) => ({
    key: a.key,
    value: { type: 'string', value: attrValueToString(a.value) },
  })),
  events: d.events.map((e) => ({ timeNs: floorUs(e.timeNs), name: e.name, attributes: [] })),
  links: [],
  resource: {
    attributes:
      service(t, i) === UNKNOWN_SERVICE
        ? []
        : [{ key: 'service.name', value: { type: 'string', value: service(t, i) } }],
  },
  scope: { name: '', version: '', attributes: [] },
  statusMessage: t.statuses[i] === 2 && d.statusMessage.toLowerCase() === 'true' ? '' : d.statusMessage,
  traceState: '',
  flags: 0,
  zipkin: {},
});

/** OTLP has no shared flag: compare it only where the format carries it. */
const noShared = <T extends { shared: number }>(rs: T[]) => rs.map((r) => ({ ...r, shared: 0 }));

describe('round trips of random traces', () => {
  it.each(['otlp-json', 'otlp-proto'] as const)('%s keeps everything', (to) => {
    fc.assert(
      fc.property(randomSpansArb, (spans) => {
        const tables = build(spans);
        expect(noShared(records(roundTrip(tables, to), {}))).toEqual(noShared(records(tables, {})));
      }),
      { numRuns: 60 },
    );
  });

  it('jaeger-json keeps what Jaeger carries', () => {
    fc.assert(
      fc.property(randomSpansArb, (spans) => {
        const tables = build(spans);
        const line = (l: string) => l.replace(' internal ', ' unspecified ');
        expect(noShared(records(roundTrip(tables, 'jaeger-json'), { micros: true }))).toEqual(
          noShared(records(tables, { micros: true, line, project: jaegerProjection })),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('zipkin-json keeps what Zipkin carries', () => {
    fc.assert(
      fc.property(randomSpansArb, (spans) => {
        const tables = build(spans);
        const line = (l: string) => l.replace(' unspecified ', ' internal ');
        expect(records(roundTrip(tables, 'zipkin-json'), { micros: true })).toEqual(
          records(tables, { micros: true, line, project: zipkinProjection }),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('Jaeger → OTLP → Jaeger and Zipkin → OTLP → Zipkin come back unchanged', () => {
    fc.assert(
      fc.property(
        randomSpansArb,
        fc.constantFrom('jaeger-json', 'zipkin-json') as fc.Arbitrary<FormatId>,
        (spans, via) => {
          const once = roundTrip(build(spans), via);
          const twice = roundTrip(roundTrip(once, 'otlp-json'), via);
          expect(noShared(records(twice, {}))).toEqual(noShared(records(once, {})));
        },
      ),
      { numRuns: 40 },
    );
  });
});
