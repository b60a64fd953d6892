/**
 * Random traces for the evaluator's property tests: random trees (orphans, several roots, copies of
 * a span, missing times) whose spans carry, at random, the attributes, events, links and scopes
 * that query-arbitraries.ts asks about, with values of any type (attrValueArb). Built through the
 * real tree builder and adapter, as every caller of the evaluator gets them.
 */
import fc from 'fast-check';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import { type Attribute, EMPTY_DETAILS, type SpanDetails } from '../core/model/types.ts';
import { type TableQueryTrace, traceForQuery } from '../core/query/trace-adapter.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { attrValueArb } from './trace-arbitraries.ts';

const TRACE_ID = 'feedfacefeedfacefeedfacefeedface';
const BASE_NS = 1_700_000_000_000_000_000n;

const spanKeys = fc.subarray(['a', 'b', 'n', 'f', 'flag', 'arr', 'x y']);
const attrs = (keys: fc.Arbitrary<string[]>): fc.Arbitrary<Attribute[]> =>
  keys.chain((ks) => fc.tuple(...ks.map((key) => attrValueArb.map((value) => ({ key, value })))));

const detailsArb: fc.Arbitrary<SpanDetails> = fc.record({
  attributes: attrs(spanKeys),
  resource: attrs(fc.subarray(['r', 'a'])).map((attributes) => ({ attributes })),
  events: fc.array(
    fc.record({
      timeNs: fc.bigInt({ min: BASE_NS, max: BASE_NS + 10n ** 6n }),
      name: fc.constantFrom('exception', 'retry', ''),
      attributes: attrs(fc.subarray(['e'])),
    }),
    { maxLength: 2 },
  ),
  links: fc.array(
    fc.record({
      traceId: fc.constant(TRACE_ID),
      spanId: fc.constant('0000000000000001'),
      attributes: attrs(fc.subarray(['l'])),
    }),
    { maxLength: 2 },
  ),
  scope: fc.record({
    name: fc.constantFrom('', 'http'),
    version: fc.constantFrom('', '1.0'),
    attributes: attrs(fc.subarray(['i'])),
  }),
  statusMessage: fc.constantFrom('', 'oops'),
  traceState: fc.constant(''),
  flags: fc.constant(0),
});

const spanArb = fc.record({
  /** Index of the parent among the earlier spans, or -1 (root), or -2 (an orphan). */
  parent: fc.integer({ min: -2, max: 40 }),
  /** A copy of the previous span (same id, as a batch sent twice). */
  copy: fc.boolean(),
  name: fc.constantFrom('a', 'b', 'GET /'),
  service: fc.constantFrom('svc', 'db', undefined),
  kind: fc.integer({ min: 0, max: 5 }),
  status: fc.integer({ min: 0, max: 2 }),
  startNs: fc.option(fc.bigInt({ min: 0n, max: 10n ** 6n }), { nil: null }),
  durNs: fc.option(fc.bigInt({ min: -10n, max: 10n ** 6n }), { nil: null }),
  details: fc.oneof(fc.constant(EMPTY_DETAILS), detailsArb),
});

const idOf = (i: number) => (i + 1).toString(16).padStart(16, '0');

/** A random trace of 1–30 spans as the evaluator reads it. */
export const queryTraceArb: fc.Arbitrary<TableQueryTrace> = fc
  .array(spanArb, { minLength: 1, maxLength: 30 })
  .map((spans) => {
    const builder = new TraceSetBuilder();
    builder.format = 'random';
    spans.forEach((s, i) => {
      const id = s.copy && i > 0 ? idOf(i - 1) : idOf(i);
      const parent =
        s.parent === -2 ? 'ffffffffffffffff' : s.parent >= 0 && s.parent < i ? idOf(s.parent) : '';
      builder.add({
        traceId: TRACE_ID,
        spanId: id,
        parentId: parent,
        name: s.name,
        service: s.service,
        kind: s.kind,
        status: s.status,
        startNs: s.startNs === null ? null : BASE_NS + s.startNs,
        durNs: s.durNs,
        eventTimesNs: s.details.events.map((e) => e.timeNs),
        details: s.details,
      });
    });
    const table = builder.build()[0];
    return traceForQuery(table, buildTree(table, { adjustClockSkew: false }));
  });
