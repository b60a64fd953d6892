import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attrValueArb } from '../../../testing/trace-arbitraries.ts';
import { FormatError } from '../types.ts';
import { fromOtlpAnyValue, fromOtlpKeyValues, toOtlpAnyValue, toOtlpKeyValues } from './any-value.ts';

describe('OTLP JSON AnyValue', () => {
  it('writes the proto3 JSON mapping', () => {
    expect(toOtlpAnyValue({ type: 'int', value: 2n ** 62n })).toEqual({ intValue: '4611686018427387904' });
    expect(toOtlpAnyValue({ type: 'double', value: Number.NEGATIVE_INFINITY })).toEqual({
      doubleValue: '-Infinity',
    });
    expect(toOtlpAnyValue({ type: 'bytes', value: new Uint8Array([0, 0, 0x30, 0x39]) })).toEqual({
      bytesValue: 'AAAwOQ==',
    });
    expect(toOtlpAnyValue({ type: 'empty' })).toEqual({});
    expect(
      toOtlpKeyValues([{ key: 'a', value: { type: 'array', value: [{ type: 'bool', value: false }] } }]),
    ).toEqual([{ key: 'a', value: { arrayValue: { values: [{ boolValue: false }] } } }]);
  });

  it('reads snake_case, numbers as ints and strings as doubles', () => {
    expect(fromOtlpAnyValue({ int_value: 16 })).toEqual({ type: 'int', value: 16n });
    expect(fromOtlpAnyValue({ intValue: '-9223372036854775808' })).toEqual({
      type: 'int',
      value: -(2n ** 63n),
    });
    expect(fromOtlpAnyValue({ doubleValue: '2.5' })).toEqual({ type: 'double', value: 2.5 });
    expect(
      fromOtlpAnyValue({ kvlist_value: { values: [{ key: 'k', value: { bool_value: true } }] } }),
    ).toEqual({
      type: 'kvlist',
      value: [{ key: 'k', value: { type: 'bool', value: true } }],
    });
    expect(fromOtlpAnyValue({})).toEqual({ type: 'empty' });
    expect(fromOtlpAnyValue({ arrayValue: {} })).toEqual({ type: 'array', value: [] });
  });

  it.each([
    [{ intValue: '9223372036854775808' }, '$.v', 'intValue "9223372036854775808" is not a 64-bit integer'],
    [{ intValue: 1.5 }, '$.v', 'is not a 64-bit integer'],
    [{ boolValue: 'true' }, '$.v', 'boolValue "true" is not a boolean'],
    [{ bytesValue: '%%' }, '$.v', 'is not base64'],
    [
      { arrayValue: { values: [{ stringValue: 3 }] } },
      '$.v.arrayValue.values[0]',
      'stringValue 3 is not a string',
    ],
    ['text', '$.v', 'is not an AnyValue object'],
  ])('refuses %j at %s', (json, where, problem) => {
    try {
      fromOtlpAnyValue(json, '$.v');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).where).toBe(where);
      expect((e as FormatError).problem).toContain(problem);
    }
  });

  it('refuses hostile nesting without overflowing the stack', () => {
    let deep: unknown = { stringValue: 'x' };
    for (let i = 0; i < 10_000; i++) deep = { arrayValue: { values: [deep] } };
    expect(() => fromOtlpAnyValue(deep)).toThrow('nested deeper than 64');
    expect(fromOtlpKeyValues([{ key: 'k', value: deep }], '$', true)[0].value.type).toBe('array');
  });

  it('round-trips every value through JSON text exactly', () => {
    fc.assert(
      fc.property(attrValueArb, (v) => {
        const text = JSON.stringify(toOtlpAnyValue(v));
        expect(fromOtlpAnyValue(JSON.parse(text))).toEqual(v);
      }),
    );
  });
});
