import { describe, expect, test } from 'vitest';
import { asciiTrace, labelOf } from '../../testing/ascii-trace.ts';
import { buildTree } from '../tree/build-tree.ts';
import { compileQuery } from './compile.ts';
import { evaluate } from './evaluate.ts';
import { traceForQuery } from './trace-adapter.ts';

const DRAWING = `
  root [svc=gw]                           |==========|
    a [span.k=v event=boom@2 event.x=i:1]  |====|
    a [span.k=v event=boom@2 event.x=i:1]  |====|
  orphan<ghost [svc=db scope=lib@2]            |==|
`;

function adapted(drawing = DRAWING) {
  const table = asciiTrace(drawing);
  let detailReads = 0;
  const counting = {
    ...table,
    details: (row: number) => {
      detailReads++;
      return table.details(row);
    },
  };
  const tree = buildTree(counting, { adjustClockSkew: false });
  return { table, tree, trace: traceForQuery(counting, tree), reads: () => detailReads };
}

describe('traceForQuery', () => {
  test('spans are the real nodes in pre-order: copies and synthetic parents are not spans', () => {
    const { trace, tree } = adapted();
    expect(tree.nodeCount).toBe(4); // root, a, ?ghost, orphan
    expect(trace.spanCount).toBe(3);
    expect(Array.from({ length: 3 }, (_, i) => labelOf(trace.spanId(i)))).toEqual(['root', 'a', 'orphan']);
    expect([0, 1, 2].map((i) => trace.parent(i))).toEqual([-1, 0, -1]);
    expect(trace.parentId(2)).toBe('00000067686f7374');
    expect([0, 1, 2].map((i) => trace.nodeOf(i))).toEqual([0, 1, 3]);
    expect([0, 1, 2].map((i) => trace.rowOf(i))).toEqual([0, 1, 3]);
    expect([0, 1, 2].map((i) => trace.childCount(i))).toEqual([1, 0, 0]);
  });

  test('trace-level values: duration, root name and service, id', () => {
    const { trace } = adapted();
    expect(trace.durationNs).toBe(11_000);
    expect(trace.rootName).toBe('root');
    expect(trace.rootService).toBe('gw');
    expect(trace.traceId).toBe('a5c11a5c11a5c11a5c11a5c11a5c11a5');
    expect(adapted('lone<ghost  |=|').trace.rootName).toBeUndefined();
  });

  test('events are measured from the span start; links and scope come from the details', () => {
    const { trace } = adapted();
    expect(trace.events(1)).toEqual([
      { name: 'boom', sinceStartNs: 2000, attributes: [{ key: 'x', value: { type: 'int', value: 1n } }] },
    ]);
    expect(trace.instrumentation(2)).toEqual({ name: 'lib', version: '2' });
    expect(trace.links(0)).toEqual([]);
  });

  test('details are read only when the query needs them', () => {
    const names = adapted();
    evaluate(
      compileQuery('{ name = "a" && duration > 1us && resource.service.name = "gw" } >> { }'),
      names.trace,
    );
    expect(names.reads()).toBe(0);
    const attrs = adapted();
    expect(evaluate(compileQuery('{ span.k = "v" }'), attrs.trace).spansets[0].spans).toEqual([1]);
    expect(attrs.reads()).toBeGreaterThan(0);
  });
});
