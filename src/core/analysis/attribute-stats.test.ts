import { describe, expect, test } from 'vitest';
import { asciiTrace, labelOf } from '../../testing/ascii-trace.ts';
import { fixturesPresent, listFixtures, readFixture } from '../../testing/fixtures.ts';
import { decodeInput, FormatError } from '../formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../model/span-table.ts';
import { type AttrValue, attr, findAttr } from '../model/types.ts';
import { buildTree } from '../tree/build-tree.ts';
import type { TraceTree } from '../tree/types.ts';
import { type AttributeStats, attributeStats } from './attribute-stats.ts';
import { attributeKeys, attributeText, GROUP_VALUE_MAX_CHARS, rowValues } from './attribute-values.ts';
import { selfTimes } from './self-time.ts';
import type { Grouped } from './stats.ts';
import { serviceStats } from './stats.ts';

const us = 1000;

function tree(drawing: string): TraceTree {
  return buildTree(asciiTrace(drawing), { adjustClockSkew: false });
}

function label(r: AttributeStats): string {
  return r.group.kind === 'value' ? r.group.value : r.group.kind === 'none' ? '(none)' : '(other)';
}

/** Per row: "value: node labels…". */
function byRow(t: TraceTree, g: Grouped<AttributeStats>): string[] {
  return g.rows.map(
    (r, i) =>
      `${label(r)}: ${Array.from(g.nodes.subarray(g.nodeOffset[i], g.nodeOffset[i + 1]), (k) => labelOf(t.spanIdOf(k))).join(' ')}`,
  );
}

describe('attributeStats', () => {
  const t = tree(`
    root [svc=web span.http.route=/cart resource.k8s.pod.name=web-1]  |====================|
      q1 [svc=db span.db.system=postgresql]                            |===|
      q2 [svc=db span.db.system=postgresql err]                              |=====|
      c1 [svc=cache span.db.system=redis resource.db.system=memcached]          |=|
      c2 [svc=cache resource.db.system=memcached]                                   |=|
    o<gone [svc=web resource.k8s.pod.name=web-2]                                       |=|
  `);

  test('one row per value, the span attribute before the resource one, then the spans without it', () => {
    const g = attributeStats(t, rowValues(t.table, 'db.system'));
    expect(byRow(t, g)).toEqual(['memcached: c2', 'postgresql: q1 q2', 'redis: c1', '(none): root o']);
    const pg = g.rows[1];
    expect(pg).toMatchObject({ count: 2, totalNs: 10 * us, minNs: 4 * us, maxNs: 6 * us, errorCount: 1 });
    // The same figures as a grouping by service would give the same spans.
    const db = serviceStats(t).rows.find((r) => r.service === 'db');
    const { service: _s, name: _n, ...dbFigures } = db!;
    const { group: _g, ...pgFigures } = pg;
    expect(pgFigures).toEqual(dbFigures);
    expect(byRow(t, attributeStats(t, rowValues(t.table, 'k8s.pod.name')))).toEqual([
      'web-1: root',
      'web-2: o',
      '(none): q1 q2 c1 c2',
    ]);
    expect(byRow(t, attributeStats(t, rowValues(t.table, 'nope')))).toEqual(['(none): root q1 q2 c1 c2 o']);
  });

  test('critical path time per value', () => {
    // Critical: root [0, 1) q1 [1, 5) root [5, 7) q2 [7, 13) root [13, 14) c2 [14, 16) root [16, 21);
    // the orphan o [17, 19). c1 [10, 12) lies under q2, which finished later: not on the path.
    const g = attributeStats(t, rowValues(t.table, 'db.system'));
    expect(g.rows.map((r) => `${label(r)} ${r.criticalNs / us}`)).toEqual([
      'memcached 2',
      'postgresql 10',
      'redis 0',
      '(none) 11',
    ]);
  });

  test('beyond maxRows values, the most frequent keep their rows and the rest are one row', () => {
    const wide = tree(`
      root [span.id=a]  |==========|
        x1 [span.id=b]   |=|
        x2 [span.id=c]     |=|
        x3 [span.id=b]       |=|
        x4 [span.id=d]         |=|
        x5 [span.id=d]          |=|
        x6                       |
    `);
    const g = attributeStats(wide, rowValues(wide.table, 'id'), { maxRows: 3 });
    // b and d twice: kept; a and c once: "2 other values".
    expect(byRow(wide, g)).toEqual(['b: x1 x3', 'd: x4 x5', '(other): root x2', '(none): x6']);
    expect(g.rows[2].group).toEqual({ kind: 'other', valueCount: 2 });
    expect(attributeStats(wide, rowValues(wide.table, 'id'), { maxRows: 4 }).rows).toHaveLength(5);
  });

  test('never mutates the tree, the table or the values', () => {
    const { table, spanIdOf: _s, spanIdBytes: _b, ...arrays } = t;
    const values = rowValues(table, 'db.system');
    const before = structuredClone({ arrays, values });
    attributeStats(t, values, { selfNs: selfTimes(t), maxRows: 2 });
    expect(structuredClone({ arrays, values })).toEqual(before);
  });
});

describe('attributeText: what a value groups by (the store answers the same)', () => {
  const cases: [AttrValue, string | null][] = [
    [{ type: 'string', value: 'GET /x' }, 'GET /x'],
    [{ type: 'string', value: '' }, ''],
    [{ type: 'int', value: -(2n ** 63n) }, '-9223372036854775808'],
    [{ type: 'double', value: 0.25 }, '0.25'],
    [{ type: 'double', value: 1e21 }, '1e21'],
    [{ type: 'double', value: -0 }, '0'],
    [{ type: 'double', value: Number.NaN }, 'NaN'],
    [{ type: 'bool', value: false }, 'false'],
    [{ type: 'bytes', value: Uint8Array.of(1, 2, 255) }, 'AQL/'],
    [{ type: 'empty' }, null],
    [
      {
        type: 'array',
        value: [
          { type: 'string', value: 'a"b' },
          { type: 'int', value: 2n ** 60n },
          { type: 'double', value: 2.5e30 },
          { type: 'double', value: Number.POSITIVE_INFINITY },
          { type: 'empty' },
        ],
      },
      '["a\\"b",1152921504606846976,2.5e30,"Infinity",null]',
    ],
    [
      {
        type: 'kvlist',
        value: [
          attr('k', { type: 'bool', value: true }),
          attr('k', { type: 'bool', value: false }),
          attr('b', { type: 'bytes', value: Uint8Array.of(0) }),
        ],
      },
      '{"k":true,"b":"AA=="}',
    ],
  ];
  test.each(cases)('%o → %s', (value, text) => {
    expect(attributeText(value)).toBe(text);
  });

  test('long strings are cut where the store cuts them; deep nesting is null', () => {
    expect(attributeText({ type: 'string', value: 'x'.repeat(5000) })).toHaveLength(GROUP_VALUE_MAX_CHARS);
    let deep: AttrValue = { type: 'int', value: 1n };
    for (let i = 0; i < 10; i++) deep = { type: 'array', value: [deep] };
    expect(attributeText(deep)).toBe(`${'['.repeat(8)}null${']'.repeat(8)}`);
  });
});

function tablesOf(rel: string): SpanTable[] {
  const sink = new TraceSetBuilder();
  try {
    decodeInput(readFixture(rel), sink);
  } catch (e) {
    if (e instanceof FormatError) return [];
    throw e;
  }
  return sink.build();
}

/** The value of a span the slow way: its first attribute with the key if not empty, else its resource's. */
function slowValue(table: SpanTable, row: number, key: string): string | null {
  const d = table.details(row);
  const own = findAttr(d.attributes, key);
  const v = own && own.type !== 'empty' ? own : findAttr(d.resource.attributes, key);
  return v ? attributeText(v) : null;
}

describe.runIf(fixturesPresent)('attribute keys and grouping on every real fixture', () => {
  const files = listFixtures().filter((f) => /\.(json|jsonl|pb)$/.test(f));
  let byService = 0;

  test.each(files)('%s', (rel) => {
    for (const table of tablesOf(rel)) {
      const t = buildTree(table, { adjustClockSkew: true });
      const keys = attributeKeys(table);
      const listed = [...keys.span, ...keys.resource];
      for (const { key, count } of keys.span) {
        let n = 0;
        for (let r = 0; r < table.count; r++) if (table.details(r).attributes.some((a) => a.key === key)) n++;
        expect(count, key).toBe(n);
      }
      for (const { key } of listed.slice(0, 12)) {
        const g = attributeStats(t, rowValues(table, key));
        expect(g.rows.reduce((n, r) => n + r.count, 0)).toBe(t.summary.spanCount);
        g.rows.forEach((r, i) => {
          for (const k of g.nodes.subarray(g.nodeOffset[i], g.nodeOffset[i + 1]))
            expect(slowValue(table, t.row[k], key), `${key} node ${k}`).toBe(
              r.group.kind === 'value' ? r.group.value : null,
            );
        });
      }
      // Grouped by the resource's service.name, the rows are the per-service rows.
      if (keys.resource.some((k) => k.key === 'service.name' && k.count === table.count)) {
        const bySvc = attributeStats(t, rowValues(table, 'service.name')).rows.map(
          ({ group, ...f }) => [label({ group, ...f }), f] as const,
        );
        const svc = serviceStats(t).rows.map(({ service, name: _n, ...f }) => [service, f] as const);
        expect(new Map(bySvc)).toEqual(new Map(svc));
        byService++;
      }
    }
  });

  test('the per-service comparison ran', () => {
    expect(byService).toBeGreaterThan(10);
  });
});
