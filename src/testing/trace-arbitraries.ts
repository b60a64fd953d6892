/**
 * fast-check arbitraries of trace data (attribute values, spans, traces) for property tests of
 * decoders and encoders.
 */
import fc from 'fast-check';
import type { AttrValue, SpanDetails } from '../core/model/types.ts';

/** Any AttrValue (NaN and ±Infinity included: proto3 JSON writes them as strings). */
export const attrValueArb: fc.Arbitrary<AttrValue> = fc.letrec<{ value: AttrValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map((value) => ({ type: 'string' as const, value })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type: 'int' as const, value })),
    fc.double().map((value) => ({ type: 'double' as const, value })),
    fc.boolean().map((value) => ({ type: 'bool' as const, value })),
    fc.uint8Array({ maxLength: 20 }).map((value) => ({ type: 'bytes' as const, value })),
    fc.constant({ type: 'empty' as const }),
    fc.array(tie('value'), { maxLength: 3 }).map((value) => ({ type: 'array' as const, value })),
    fc
      .array(fc.record({ key: fc.string(), value: tie('value') }), { maxLength: 3 })
      .map((value) => ({ type: 'kvlist' as const, value })),
  ),
})).value;

const hex = (length: number) =>
  fc
    .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })
    .filter((s) => !/^0+$/.test(s));

/** Attribute keys that never collide with tags a Jaeger or Zipkin mapping interprets. */
const keyArb = (prefix: string) => fc.string({ maxLength: 8 }).map((s) => `${prefix}${s}`);

const attributesArb = (prefix: string) =>
  fc.uniqueArray(fc.record({ key: keyArb(prefix), value: attrValueArb }), {
    maxLength: 4,
    selector: (a) => a.key,
  });

const countArb = fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined });

/** One span as a decoder would hand it to TraceSetBuilder, with its full details. */
export interface RandomSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string;
  readonly name: string;
  readonly service: string | undefined;
  readonly kind: number;
  readonly status: number;
  readonly startNs: bigint | null;
  readonly durNs: bigint | null;
  readonly shared: boolean;
  readonly details: SpanDetails;
}

const BASE_NS = 1_700_000_000_000_000_000n;

/** Random spans of up to three traces, with every field the OTLP model holds. */
export const randomSpansArb: fc.Arbitrary<RandomSpan[]> = fc
  .array(
    hex(32).map((h) => `aa${h.slice(2)}`),
    { minLength: 1, maxLength: 3 },
  )
  .chain((traceIds) =>
    fc.array(
      fc
        .record({
          traceId: fc.constantFrom(...traceIds),
          spanId: hex(16),
          parentId: fc.oneof(fc.constant(''), hex(16)),
          name: fc.string({ maxLength: 12 }),
          service: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
          kind: fc.integer({ min: 0, max: 5 }),
          status: fc.integer({ min: 0, max: 2 }),
          startOffsetNs: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n }), { nil: null }),
          durNs: fc.option(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 12n }), { nil: null }),
          shared: fc.boolean(),
          attributes: attributesArb('k.'),
          resourceAttributes: attributesArb('r.'),
          schemaUrl: fc.option(fc.webUrl(), { nil: undefined }),
          resourceDropped: countArb,
          scope: fc.record({
            name: fc.string({ maxLength: 6 }),
            version: fc.string({ maxLength: 6 }),
            attributes: attributesArb('s.'),
            droppedAttributesCount: countArb,
            schemaUrl: fc.option(fc.webUrl(), { nil: undefined }),
          }),
          events: fc.array(
            fc.record({
              offsetNs: fc.bigInt({ min: 1n, max: 10n ** 12n }),
              name: fc.string({ maxLength: 6 }),
              attributes: attributesArb('e.'),
              droppedAttributesCount: countArb,
            }),
            { maxLength: 3 },
          ),
          links: fc.array(
            fc.record({
              traceId: hex(32).map((h) => `ff${h.slice(2)}`),
              spanId: hex(16),
              traceState: fc.string({ maxLength: 6 }),
              attributes: attributesArb('l.'),
              droppedAttributesCount: countArb,
              flags: fc.option(fc.integer({ min: 1, max: 2 ** 32 - 1 }), { nil: undefined }),
            }),
            { maxLength: 2 },
          ),
          statusMessage: fc.string({ maxLength: 8 }),
          traceState: fc.string({ maxLength: 8 }),
          flags: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          dropped: fc.tuple(countArb, countArb, countArb),
        })
        .map((r): RandomSpan => {
          const startNs = r.startOffsetNs === null ? null : BASE_NS + r.startOffsetNs;
          const service = r.service;
          const serviceAttr =
            service === undefined
              ? []
              : [{ key: 'service.name', value: { type: 'string' as const, value: service } }];
          return {
            traceId: r.traceId,
            spanId: r.spanId,
            parentId: r.parentId,
            name: r.name,
            service,
            kind: r.kind,
            status: r.status,
            startNs,
            durNs: startNs === null ? null : r.durNs,
            shared: r.shared,
            details: {
              attributes: r.attributes,
              events: r.events.map((e) => ({
                timeNs: BASE_NS + e.offsetNs,
                name: e.name,
                attributes: e.attributes,
                droppedAttributesCount: e.droppedAttributesCount,
              })),
              links: r.links.map(({ flags, ...l }) => (flags ? { ...l, flags } : l)),
              resource: {
                attributes: [...serviceAttr, ...r.resourceAttributes],
                droppedAttributesCount: r.resourceDropped,
                ...(r.schemaUrl ? { schemaUrl: r.schemaUrl } : {}),
              },
              scope: {
                name: r.scope.name,
                version: r.scope.version,
                attributes: r.scope.attributes,
                droppedAttributesCount: r.scope.droppedAttributesCount,
                ...(r.scope.schemaUrl ? { schemaUrl: r.scope.schemaUrl } : {}),
              },
              statusMessage: r.statusMessage,
              traceState: r.traceState,
              flags: r.flags,
              droppedAttributesCount: r.dropped[0],
              droppedEventsCount: r.dropped[1],
              droppedLinksCount: r.dropped[2],
            },
          };
        }),
      { minLength: 1, maxLength: 12 },
    ),
  );
