/**
 * Pairs of related traces for the diff's property tests: a random trace A (several roots, orphans,
 * repeated names, any kind and status, a few attributes) and B made from it as a second run of the
 * same request would be: spans dropped (their children become orphans), renamed, failed, retimed,
 * and new spans added anywhere. Both go through the real tree builder (raw times).
 */
import fc from 'fast-check';
import { type SpanTable, TraceSetBuilder } from '../core/model/span-table.ts';
import { type Attribute, EMPTY_DETAILS } from '../core/model/types.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import type { TraceTree } from '../core/tree/types.ts';
import { emptyTable } from './ascii-trace.ts';

const BASE_NS = 1_700_000_000_000_000_000n;

interface SpanSpec {
  /** Index of an earlier span, -1 for a root, -2 for an orphan. */
  readonly parent: number;
  readonly name: string;
  readonly service: string;
  readonly kind: number;
  readonly status: number;
  readonly startNs: bigint;
  readonly durNs: bigint;
  readonly attributes: readonly Attribute[];
}

const attributesArb: fc.Arbitrary<Attribute[]> = fc.uniqueArray(
  fc.record({
    key: fc.constantFrom('k', 'http.route', 'n'),
    value: fc.constantFrom<Attribute['value']>(
      { type: 'string', value: 'x' },
      { type: 'string', value: 'y' },
      { type: 'int', value: 1n },
    ),
  }),
  { maxLength: 2, selector: (a) => a.key },
);

const specArb = (index: number): fc.Arbitrary<SpanSpec> =>
  fc.record({
    parent: fc.integer({ min: -2, max: index - 1 }),
    name: fc.constantFrom('a', 'b', 'c', 'retry'),
    service: fc.constantFrom('svc', 'db'),
    kind: fc.integer({ min: 0, max: 3 }),
    status: fc.integer({ min: 0, max: 2 }),
    startNs: fc.bigInt({ min: 0n, max: 1000n }),
    durNs: fc.bigInt({ min: 0n, max: 500n }),
    attributes: attributesArb,
  });

const specsArb = (maxLength: number): fc.Arbitrary<SpanSpec[]> =>
  fc
    .integer({ min: 0, max: maxLength })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => specArb(i))))
    .map((specs) => [...specs]);

/** What becomes of one span of A in B. */
const changeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ op: 'keep' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constantFrom('a', 'z').map((name) => ({ op: 'rename' as const, name })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 2 }).map((status) => ({ op: 'status' as const, status })),
  },
  {
    weight: 1,
    arbitrary: fc.bigInt({ min: -200n, max: 200n }).map((shiftNs) => ({ op: 'retime' as const, shiftNs })),
  },
);

interface PlacedSpan extends SpanSpec {
  readonly spanId: string;
  readonly parentId: string;
}

function table(spans: readonly PlacedSpan[], traceId: string): SpanTable {
  if (spans.length === 0) return emptyTable(traceId);
  const builder = new TraceSetBuilder();
  builder.format = 'random';
  for (const s of spans)
    builder.add({
      traceId,
      spanId: s.spanId,
      parentId: s.parentId,
      name: s.name,
      service: s.service,
      kind: s.kind,
      status: s.status,
      startNs: BASE_NS + s.startNs,
      durNs: s.durNs,
      details: s.attributes.length === 0 ? EMPTY_DETAILS : { ...EMPTY_DETAILS, attributes: s.attributes },
    });
  return builder.build()[0];
}

const idOf = (i: number): string => (i + 1).toString(16).padStart(16, '0');

/** The parent id of a spec whose spans are numbered by `id`. */
function parentIdOf(parent: number, id: (i: number) => string): string {
  return parent === -1 ? '' : parent === -2 ? 'ffffffffffffffff' : id(parent);
}

const build = (spans: readonly PlacedSpan[], traceId: string): TraceTree =>
  buildTree(table(spans, traceId), { adjustClockSkew: false });

/** A random trace (0–25 spans). */
export const diffTraceArb: fc.Arbitrary<TraceTree> = specsArb(25).map((specs) =>
  build(
    specs.map((s, i) => ({ ...s, spanId: idOf(i), parentId: parentIdOf(s.parent, idOf) })),
    'a0000000000000000000000000000001',
  ),
);

/** A and B, B a changed copy of A with its own span ids (a dropped span's children become orphans). */
export const tracePairArb: fc.Arbitrary<{ a: TraceTree; b: TraceTree }> = specsArb(25).chain((specs) =>
  fc
    .tuple(fc.array(changeArb, { minLength: specs.length, maxLength: specs.length }), specsArb(6))
    .map(([changes, extra]) => {
      const idB = (i: number): string => idOf(i + 1000);
      const idExtra = (i: number): string => idOf(i + 2000);
      const spansB: PlacedSpan[] = [];
      specs.forEach((s, i) => {
        const c = changes[i];
        if (c.op === 'drop') return;
        const changed =
          c.op === 'rename'
            ? { ...s, name: c.name }
            : c.op === 'status'
              ? { ...s, status: c.status }
              : c.op === 'retime'
                ? { ...s, startNs: s.startNs + c.shiftNs > 0n ? s.startNs + c.shiftNs : 0n }
                : s;
        spansB.push({ ...changed, spanId: idB(i), parentId: parentIdOf(s.parent, idB) });
      });
      const copies = spansB.length;
      extra.forEach((s, i) => {
        // A new span under another new one, at the top, or (-2) under a span B shares with A.
        const parentId =
          s.parent === -2 && copies > 0 ? spansB[i % copies].spanId : parentIdOf(s.parent, idExtra);
        spansB.push({ ...s, spanId: idExtra(i), parentId });
      });
      return {
        a: build(
          specs.map((s, i) => ({ ...s, spanId: idOf(i), parentId: parentIdOf(s.parent, idOf) })),
          'a0000000000000000000000000000001',
        ),
        b: build(spansB, 'b0000000000000000000000000000002'),
      };
    }),
);
