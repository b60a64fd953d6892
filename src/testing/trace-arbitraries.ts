/**
 * fast-check arbitraries of trace data (attribute values, spans, traces) for property tests of
 * decoders and encoders.
 */
import fc from 'fast-check';
import type { AttrValue } from '../core/model/types.ts';

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
