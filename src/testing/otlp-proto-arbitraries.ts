/**
 * fast-check arbitraries of OTLP protobuf export requests at the message level (the plain objects
 * protobufjs's `fromObject` takes), hostile on purpose: ids of wrong lengths or all zeros, duplicate
 * keys, every AnyValue member (NaN, -0, int64 extremes, nesting, empty and absent values), unknown
 * kinds and status codes, zero times, non-string service names. For tests that compare two readers
 * of the same bytes.
 */
import fc from 'fast-check';

const bytes = (lengths: readonly number[]) =>
  fc.oneof(
    fc.constantFrom(...lengths).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    fc.constantFrom(...lengths).map((n) => new Uint8Array(n)),
  );

/** Mostly valid ids, sometimes missing, short or all zeros. */
const idArb = (valid: number[], invalid: number[]) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom(...valid).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    },
    { weight: 1, arbitrary: bytes([...valid, ...invalid]) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const textArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'a"b\\c\n', '\u0000\u001f', 'x'.repeat(300)) },
);

const uint64Arb = fc.oneof(
  fc.constantFrom(0n, 1n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n),
  fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }),
);

const int64Arb = fc.oneof(
  fc.constantFrom(
    0n,
    -1n,
    2n ** 31n,
    -(2n ** 31n),
    -(2n ** 31n) - 1n,
    2n ** 53n,
    -(2n ** 53n) - 1n,
    2n ** 63n - 1n,
    -(2n ** 63n),
  ),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.integer().map(BigInt),
);

type AnyValueObject = Record<string, unknown>;

const anyValueArb: fc.Arbitrary<AnyValueObject> = fc.letrec<{ value: AnyValueObject }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textArb.map((string_value) => ({ string_value })),
    fc.boolean().map((bool_value) => ({ bool_value })),
    int64Arb.map((v) => ({ int_value: v.toString() })),
    fc
      .oneof(fc.double(), fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 5e-324))
      .map((double_value) => ({ double_value })),
    fc.uint8Array({ maxLength: 12 }).map((bytes_value) => ({ bytes_value })),
    fc.constant({}),
    fc.array(tie('value'), { maxLength: 3 }).map((values) => ({ array_value: { values } })),
    fc
      .array(fc.record({ key: fc.constantFrom('a', 'b', ''), value: tie('value') }), { maxLength: 3 })
      .map((values) => ({ kvlist_value: { values } })),
  ),
})).value;

/** Attribute lists with repeated keys, and values that may be absent. */
const attributesArb = fc.array(
  fc.record(
    {
      key: fc.oneof(fc.constantFrom('http.method', 'k', 'service.name', ''), fc.string({ maxLength: 6 })),
      value: anyValueArb,
    },
    { requiredKeys: ['key'] },
  ),
  { maxLength: 5 },
);

const countArb = fc.option(fc.nat({ max: 2 ** 32 - 1 }), { nil: undefined });

const eventArb = fc.record(
  {
    time_unix_nano: uint64Arb.map(String),
    name: textArb,
    attributes: attributesArb,
    dropped_attributes_count: countArb,
  },
  { requiredKeys: [] },
);

const linkArb = fc.record(
  {
    trace_id: idArb([16, 8], [0, 4]),
    span_id: idArb([8], [0, 9]),
    trace_state: textArb,
    attributes: attributesArb,
    dropped_attributes_count: countArb,
    flags: countArb,
  },
  { requiredKeys: [] },
);

const spanArb = (traceIds: Uint8Array[]) =>
  fc.record(
    {
      trace_id: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...traceIds) },
        { weight: 1, arbitrary: idArb([16, 8], [0, 3]) },
      ),
      span_id: idArb([8], [0, 2]),
      trace_state: textArb,
      parent_span_id: fc.oneof(idArb([8], [0, 5]), fc.constant(new Uint8Array(8))),
      flags: countArb,
      name: textArb,
      kind: fc.integer({ min: -1, max: 7 }),
      start_time_unix_nano: uint64Arb.map(String),
      end_time_unix_nano: uint64Arb.map(String),
      attributes: attributesArb,
      dropped_attributes_count: countArb,
      events: fc.array(eventArb, { maxLength: 3 }),
      dropped_events_count: countArb,
      links: fc.array(linkArb, { maxLength: 2 }),
      dropped_links_count: countArb,
      status: fc.record({ message: textArb, code: fc.integer({ min: 0, max: 4 }) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['trace_id', 'span_id'] },
  );

const resourceAttributesArb = fc.oneof(
  attributesArb,
  fc
    .tuple(textArb, attributesArb)
    .map(([service, rest]) => [{ key: 'service.name', value: { string_value: service } }, ...rest]),
);

/** A whole request: a few ResourceSpans of a few ScopeSpans of spans of a few traces. */
export const protoRequestArb: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 3 })
  .chain((traceIds) =>
    fc.record({
      resource_spans: fc.array(
        fc.record(
          {
            resource: fc.record(
              { attributes: resourceAttributesArb, dropped_attributes_count: countArb },
              { requiredKeys: [] },
            ),
            schema_url: textArb,
            scope_spans: fc.array(
              fc.record(
                {
                  scope: fc.record(
                    {
                      name: textArb,
                      version: textArb,
                      attributes: attributesArb,
                      dropped_attributes_count: countArb,
                    },
                    { requiredKeys: [] },
                  ),
                  schema_url: textArb,
                  spans: fc.array(spanArb(traceIds), { maxLength: 6 }),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 3 },
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    }),
  );
