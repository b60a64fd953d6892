import { describe, expect, it } from 'vitest';
import { collapseExactly, createRowModel, fillRows, type RowModel } from '../../core/layout/row-model.ts';
import { NodeFlag, nodeOfSpanId, spanIdOf, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { asciiColumns } from '../../testing/ascii-columns.ts';
import { idOf, labelOf } from '../../testing/ascii-trace.ts';
import { carryRows, sameSpanIn } from './carry-rows.ts';

// The complete trace, and a preview of it: `a` not in yet, so its children hang from a
// "missing parent" placeholder, and in another pre-order than the complete trace's.
const COMPLETE = asciiColumns(`
  root |====================|
    a   |========|
      a1 |==|
      a2     |==|
    b             |======|
      b1           |==|
      b2              |==|
`);
const PREVIEW = asciiColumns(`
  root |====================|
    b             |======|
      b1           |==|
      b2              |==|
  a1<a   |==|
  a2<a       |==|
`);

const node = (c: TraceColumns, label: string) => nodeOfSpanId(c, idOf(label));

/** The rows as labels, a placeholder as `?label`. */
function rows(c: TraceColumns, m: RowModel): string {
  const out = new Uint32Array(m.rowCount);
  const n = fillRows(m, 0, out);
  return Array.from(out.subarray(0, n), (k) => {
    const mark = c.flags[k] & NodeFlag.MissingParent ? '?' : '';
    return mark + labelOf(spanIdOf(c, k));
  }).join(' ');
}

function collapsing(c: TraceColumns, ...labels: string[]): RowModel {
  return collapseExactly(
    c,
    createRowModel(c),
    labels.map((l) => node(c, l)),
  );
}

describe('carryRows', () => {
  it('keeps a collapse by span id when the complete trace replaces a preview', () => {
    const before = collapsing(PREVIEW, 'b');
    expect(rows(PREVIEW, before)).toBe('root b ?a a1 a2');
    expect(node(PREVIEW, 'b')).not.toBe(node(COMPLETE, 'b'));
    const after = carryRows(PREVIEW, before, COMPLETE);
    expect(Array.from(after.collapsed)).toEqual([node(COMPLETE, 'b')]);
    expect(rows(COMPLETE, after)).toBe('root a a1 a2 b');
  });

  it('drops a collapsed span the new trace does not have', () => {
    const old = asciiColumns(`
      root |==========|
        gone |====|
          g1  |=|
        b      |===|
          b1    |=|
    `);
    const after = carryRows(old, collapsing(old, 'gone', 'b'), COMPLETE);
    expect(Array.from(after.collapsed)).toEqual([node(COMPLETE, 'b')]);
  });

  it('leaves out placeholders on either side', () => {
    // Collapsing the preview's stand-in for `a` does not collapse the real `a`.
    const fromPlaceholder = carryRows(PREVIEW, collapsing(PREVIEW, 'a', 'b'), COMPLETE);
    expect(rows(COMPLETE, fromPlaceholder)).toBe('root a a1 a2 b');
    // A span that the next version only knows as a missing parent is not collapsed there.
    const toPlaceholder = carryRows(COMPLETE, collapsing(COMPLETE, 'a', 'b'), PREVIEW);
    expect(rows(PREVIEW, toPlaceholder)).toBe('root b ?a a1 a2');
  });

  it('gives the default rows when nothing is collapsed', () => {
    expect(carryRows(PREVIEW, createRowModel(PREVIEW), COMPLETE)).toEqual(createRowModel(COMPLETE));
  });
});

describe('sameSpanIn', () => {
  it('finds the node of the same span in the new trace', () => {
    expect(sameSpanIn(PREVIEW, node(PREVIEW, 'b2'), COMPLETE)).toBe(node(COMPLETE, 'b2'));
    expect(sameSpanIn(PREVIEW, node(PREVIEW, 'a'), COMPLETE)).toBe(node(COMPLETE, 'a'));
    expect(sameSpanIn(PREVIEW, -1, COMPLETE)).toBe(-1);
  });
});
