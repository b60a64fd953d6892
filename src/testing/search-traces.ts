/**
 * fast-check arbitraries for comparing the store's TraceQL search with the evaluator: several
 * traces whose spans carry the fields `query-arbitraries.ts` asks about (span keys a, b, n, f, flag,
 * arr, "x y"; resource r, a; event e; link l; scope i), with values drawn from the literals those
 * queries use, so that conditions often hold, and of every type: strings, ints (one beyond 2^53),
 * doubles (integral, NaN, ±Infinity), booleans, bytes, empty values, arrays of mixed elements,
 * maps. Trees with roots, orphans, missing times, exact copies of a span and different spans that
 * share an id. As an OTLP JSON file, which the store imports and the evaluator decodes.
 */
import fc from 'fast-check';
import { encodeTraces } from '../core/formats/index.ts';
import { utf8Encode } from '../core/formats/text.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import type { Attribute, AttrValue, SpanDetails } from '../core/model/types.ts';

const BASE_NS = 1_700_000_000_000_000_000n;

const scalarArb: fc.Arbitrary<AttrValue> = fc.oneof(
  fc
    .constantFrom('a', 'b', '', 'raw', 'x y', '\t', 'n1', 'A', 'NaN', 'é', 'a\nb', 'a\ud800')
    .map((value) => ({ type: 'string' as const, value })),
  fc.integer({ min: -3, max: 600 }).map((n) => ({ type: 'int' as const, value: BigInt(n) })),
  fc.constantFrom(2n ** 60n, -(2n ** 63n)).map((value) => ({ type: 'int' as const, value })),
  fc
    .constantFrom(0.5, 1.5, 2, 1000, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e300, 2 ** 60)
    .map((value) => ({ type: 'double' as const, value })),
  fc.boolean().map((value) => ({ type: 'bool' as const, value })),
  fc
    .constantFrom(new Uint8Array([1, 2]), new Uint8Array(0))
    .map((value) => ({ type: 'bytes' as const, value })),
  fc.constant({ type: 'empty' as const }),
);

export const searchValueArb: fc.Arbitrary<AttrValue> = fc.oneof(
  { weight: 4, arbitrary: scalarArb },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.oneof(
          scalarArb,
          fc.array(scalarArb, { maxLength: 1 }).map((value) => ({ type: 'array' as const, value })),
        ),
        {
          maxLength: 3,
        },
      )
      .map((value) => ({ type: 'array' as const, value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.record({ key: fc.constantFrom('k', 'a'), value: scalarArb }), { maxLength: 2 })
      .map((value) => ({ type: 'kvlist' as const, value })),
  },
);

const attrs = (keys: readonly string[]): fc.Arbitrary<Attribute[]> =>
  fc
    .subarray([...keys])
    .chain((ks) => fc.tuple(...ks.map((key) => searchValueArb.map((value) => ({ key, value })))));

const RESOURCES = fc.tuple(fc.constantFrom('svc', 'db', 'x y', undefined), attrs(['r', 'a']));

const detailsArb = (resource: [string | undefined, Attribute[]]): fc.Arbitrary<SpanDetails> =>
  fc.record({
    attributes: attrs(['a', 'b', 'n', 'f', 'flag', 'arr', 'x y']),
    resource: fc.constant({
      attributes: [
        ...(resource[0] === undefined
          ? []
          : [{ key: 'service.name', value: { type: 'string' as const, value: resource[0] } }]),
        ...resource[1],
      ],
    }),
    events: fc.array(
      fc.record({
        timeNs: fc.bigInt({ min: BASE_NS, max: BASE_NS + 10n ** 6n }),
        name: fc.constantFrom('exception', 'retry'),
        attributes: attrs(['e']),
      }),
      { maxLength: 2 },
    ),
    links: fc.array(
      fc.record({
        traceId: fc.constant('feedfacefeedfacefeedfacefeedface'),
        spanId: fc.constant('0000000000000001'),
        attributes: attrs(['l']),
      }),
      { maxLength: 1 },
    ),
    scope: fc.record({
      name: fc.constantFrom('', 'http'),
      version: fc.constantFrom('', '1.0'),
      attributes: attrs(['i']),
    }),
    statusMessage: fc.constantFrom('', 'oops', 'a'),
    traceState: fc.constant(''),
    flags: fc.constant(0),
  });

interface DraftSpan {
  /** Index of the parent among the earlier spans of the trace, -1: root, -2: orphan. */
  readonly parent: number;
  /** 0: a span of its own; 1: an exact copy of the previous span; 2: another span with the previous one's id. */
  readonly copy: 0 | 1 | 2;
  readonly name: string;
  readonly resource: number;
  readonly kind: number;
  readonly status: number;
  readonly startNs: bigint | null;
  readonly durNs: bigint | null;
  readonly details: SpanDetails;
}

const traceArb = (resources: [string | undefined, Attribute[]][]): fc.Arbitrary<DraftSpan[]> =>
  fc.array(
    fc.integer({ min: 0, max: resources.length - 1 }).chain((resource) =>
      fc.record({
        parent: fc.integer({ min: -2, max: 12 }),
        copy: fc.constantFrom<0 | 1 | 2>(0, 0, 0, 0, 1, 2),
        name: fc.constantFrom('a', 'b', 'GET /', 'n1'),
        resource: fc.constant(resource),
        kind: fc.integer({ min: 0, max: 5 }),
        status: fc.integer({ min: 0, max: 2 }),
        startNs: fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n }), { nil: null, freq: 8 }),
        durNs: fc.option(fc.bigInt({ min: -10n, max: 10n ** 9n }), { nil: null, freq: 8 }),
        details: detailsArb(resources[resource]),
      }),
    ),
    { minLength: 1, maxLength: 12 },
  );

export interface SearchDataSet {
  /** The traces as an OTLP JSON file. */
  readonly file: Uint8Array;
  readonly traceIds: readonly string[];
}

const traceIdOf = (t: number) => `${(t + 1).toString(16).padStart(2, '0')}${'ab'.repeat(15)}`;
const spanIdOf = (t: number, i: number) =>
  `${(t + 1).toString(16).padStart(2, '0')}${(i + 1).toString(16).padStart(14, '0')}`;

/** 1–5 traces, each starting 1 s after the previous one (some share a start: ties by id). */
export const searchDataArb: fc.Arbitrary<SearchDataSet> = fc
  .array(RESOURCES, { minLength: 1, maxLength: 3 })
  .chain((resources) =>
    fc
      .array(fc.tuple(traceArb(resources), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 5 })
      .map((traces) => ({ resources, traces })),
  )
  .map(({ traces }) => {
    const builder = new TraceSetBuilder();
    builder.format = 'search-data';
    const traceIds: string[] = [];
    traces.forEach(([spans, second], t) => {
      const traceId = traceIdOf(t);
      traceIds.push(traceId);
      const offset = BigInt(second) * 1_000_000_000n;
      const ids: string[] = [];
      const parents: string[] = [];
      spans.forEach((draft, i) => {
        const exactCopy = draft.copy === 1 && i > 0;
        const s = exactCopy ? spans[i - 1] : draft;
        const id = draft.copy !== 0 && i > 0 ? ids[i - 1] : spanIdOf(t, i);
        const parent = exactCopy
          ? parents[i - 1]
          : s.parent === -2
            ? 'ffffffffffffffff'
            : s.parent >= 0 && s.parent < i
              ? ids[s.parent]
              : '';
        ids.push(id);
        parents.push(parent);
        const service = s.details.resource.attributes.find((a) => a.key === 'service.name')?.value;
        builder.add({
          traceId,
          spanId: id,
          parentId: parent,
          name: s.name,
          service: service?.type === 'string' ? service.value : undefined,
          kind: s.kind,
          status: s.status,
          startNs: s.startNs === null ? null : BASE_NS + offset + s.startNs,
          durNs: s.durNs,
          eventTimesNs: s.details.events.map((e) => e.timeNs),
          details: s.details,
        });
      });
    });
    const encoded = encodeTraces(builder.build(), 'otlp-json');
    return { file: typeof encoded === 'string' ? utf8Encode(encoded) : encoded, traceIds };
  });
