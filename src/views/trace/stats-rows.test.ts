import { describe, expect, it } from 'vitest';
import type { AttributeStats } from '../../core/analysis/attribute-stats.ts';
import type { GroupFigures, GroupStats } from '../../core/analysis/stats.ts';
import type { GroupedStats } from '../../worker/protocol.ts';
import { highlightLabel, labelsOf, placeholderOf, rowKey, sortedRows } from './stats-rows.ts';

const figures = (count: number, selfNs: number): GroupFigures => ({
  count,
  totalNs: 0,
  selfNs,
  minNs: 0,
  avgNs: 0,
  p50Ns: 0,
  p95Ns: 0,
  maxNs: 0,
  errorCount: 0,
  criticalNs: 0,
});

const attr = (group: AttributeStats['group'], count: number, selfNs: number): AttributeStats => ({
  group,
  ...figures(count, selfNs),
});

const byAttribute: GroupedStats = {
  grouping: { by: 'attribute', key: 'db.system' },
  valuesFrom: 'details',
  rows: [
    attr({ kind: 'value', value: 'redis' }, 2, 5),
    attr({ kind: 'value', value: '' }, 1, 1),
    attr({ kind: 'other', valueCount: 1200 }, 3, 9),
    attr({ kind: 'none' }, 4, 2),
  ],
  nodeOffset: Uint32Array.of(0, 2, 3, 6, 10),
  nodes: Uint32Array.from({ length: 10 }, (_, i) => i),
};

describe('statistics rows', () => {
  it('label cells, placeholders and chip labels of every kind of row', () => {
    const g = byAttribute.grouping;
    const [redis, empty, other, none] = byAttribute.rows;
    expect(byAttribute.rows.map(labelsOf)).toEqual([['redis'], [''], [null], [null]]);
    expect([other, none].map((r) => placeholderOf(g, r))).toEqual(['(1,200 other values)', '(no db.system)']);
    expect([redis, empty, other, none].map((r) => highlightLabel(g, r))).toEqual([
      'db.system = redis',
      'db.system = ',
      'db.system: 1,200 other values',
      'no db.system',
    ]);
    const svc: GroupStats = { service: 'cart', name: null, ...figures(1, 1) };
    const op: GroupStats = { service: 'cart', name: 'GetCart', ...figures(1, 1) };
    expect(highlightLabel({ by: 'service' }, svc)).toBe('service = cart');
    expect(highlightLabel({ by: 'operation' }, op)).toBe('cart: GetCart');
    expect(labelsOf(op)).toEqual(['cart', 'GetCart']);
  });

  it('row keys tell every row of every grouping apart (an empty value is not "none")', () => {
    const keys = byAttribute.rows.map((r) => rowKey(byAttribute.grouping, r));
    expect(new Set(keys).size).toBe(4);
    const svc: GroupStats = { service: 'cart', name: null, ...figures(1, 1) };
    expect(rowKey({ by: 'service' }, svc)).not.toBe(rowKey({ by: 'operation' }, { ...svc, name: '' }));
    expect(rowKey(byAttribute.grouping, byAttribute.rows[0])).not.toBe(
      rowKey({ by: 'attribute', key: 'other.key' }, byAttribute.rows[0]),
    );
  });

  it('sorts row indexes by any column; rows without a value of their own after the values', () => {
    expect(sortedRows(byAttribute, 'selfNs', true)).toEqual([2, 0, 3, 1]);
    expect(sortedRows(byAttribute, 'count', false)).toEqual([1, 0, 2, 3]);
    expect(sortedRows(byAttribute, 'label', false)).toEqual([1, 0, 2, 3]);
  });
});
