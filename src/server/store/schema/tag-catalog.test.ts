import { describe, expect, it } from 'vitest';
import type { Attribute } from '../../../core/model/types.ts';
import { TagCatalog } from './tag-catalog.ts';

const s = (key: string, value: string): Attribute => ({ key, value: { type: 'string', value } });

describe('TagCatalog', () => {
  it('keeps keys and typed values per scope, array elements as values', () => {
    const c = new TagCatalog();
    c.addAttributes('span', [
      s('http.method', 'GET'),
      { key: 'http.status_code', value: { type: 'int', value: 9007199254740993n } },
      { key: 'ratio', value: { type: 'double', value: 0.5 } },
      { key: 'ok', value: { type: 'bool', value: true } },
      {
        key: 'tags',
        value: {
          type: 'array',
          value: [
            { type: 'string', value: 'a' },
            { type: 'int', value: 1n },
          ],
        },
      },
      { key: 'raw', value: { type: 'bytes', value: new Uint8Array([1]) } },
      { key: 'nested', value: { type: 'kvlist', value: [s('x', 'y')] } },
    ]);
    c.addAttributes('resource', [s('service.name', 'api')]);
    expect(c.keys('span')).toEqual([
      'http.method',
      'http.status_code',
      'nested',
      'ok',
      'ratio',
      'raw',
      'tags',
    ]);
    expect(c.values('span', 'http.status_code')).toEqual([{ type: 'int', value: '9007199254740993' }]);
    expect(c.values('span', 'ratio')).toEqual([{ type: 'float', value: '0.5' }]);
    expect(c.values('span', 'ok')).toEqual([{ type: 'bool', value: 'true' }]);
    expect(c.values('span', 'tags')).toEqual([
      { type: 'string', value: 'a' },
      { type: 'int', value: '1' },
    ]);
    expect(c.values('span', 'raw')).toEqual([]);
    expect(c.values('resource', 'service.name')).toEqual([{ type: 'string', value: 'api' }]);
    expect(c.values('span', 'service.name')).toEqual([]);
  });

  it('is bounded: keys per scope, values per key, value length', () => {
    const c = new TagCatalog({ maxKeysPerScope: 3, maxValuesPerKey: 2, maxValueChars: 5 });
    c.addAttributes(
      'span',
      ['a', 'b', 'c', 'd'].map((k) => s(k, 'v')),
    );
    expect(c.keys('span')).toEqual(['a', 'b', 'c']);
    c.addAttributes('span', [s('a', 'v2'), s('a', 'v3'), s('b', 'toolong')]);
    expect(c.values('span', 'a').map((v) => v.value)).toEqual(['v', 'v2']);
    expect(c.values('span', 'b').map((v) => v.value)).toEqual(['v']);
    c.addAttributes('span', [s('x'.repeat(6), 'v')]);
    expect(c.keys('span')).toHaveLength(3);
  });

  it('hands out new rows once, takes failed ones back, and loads persisted rows without rewriting them', () => {
    const c = new TagCatalog();
    c.addAttributes('span', [s('k', 'v')]);
    c.addValue('intrinsic', 'status', 'keyword', 'error');
    const rows = c.takeUnwritten();
    expect(rows).toEqual([
      { scope: 'span', key: 'k', type: null, value: null },
      { scope: 'span', key: 'k', type: 'string', value: 'v' },
      { scope: 'intrinsic', key: 'status', type: null, value: null },
      { scope: 'intrinsic', key: 'status', type: 'keyword', value: 'error' },
    ]);
    c.addAttributes('span', [s('k', 'v')]);
    expect(c.takeUnwritten()).toEqual([]);
    c.restoreUnwritten(rows);
    expect(c.takeUnwritten()).toEqual(rows);

    const reopened = new TagCatalog();
    reopened.load(rows);
    expect(reopened.values('intrinsic', 'status')).toEqual([{ type: 'keyword', value: 'error' }]);
    expect(reopened.takeUnwritten()).toEqual([]);
  });
});
