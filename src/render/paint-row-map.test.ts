/**
 * The waterfall painters over a row tree that is not the trace's own (the diff's merged tree): the
 * rows follow the row tree's structure, a row with no span on this side (a gap) draws no bar and no
 * label, row tints paint backgrounds and edge marks, and a ghost layer draws the other side's spans
 * as outlines (labelled, muted, where the row has no span of its own).
 */
import { describe, expect, it } from 'vitest';
import { createRowModel, isCollapsed, setCollapsed } from '../core/layout/row-model.ts';
import { RowTint } from '../core/layout/row-tint.ts';
import { columnsFromOutline } from '../testing/fake-columns.ts';
import { recordingContext, testFrame, testViewport } from '../testing/waterfall-frame.ts';
import { FrameScratch, type RowTree } from './frame.ts';
import { paintWaterfall } from './paint-waterfall.ts';
import { darkPalette, lightPalette } from './theme.ts';
import { treeRowGeometry } from './tree-geometry.ts';

//  A:  api GET /a 0..1000           B:  api GET /a 0..1200
//        db select 100..300               db select 100..500
//        cache get 400..450               mail send 600..900
//                                           smtp connect 650..700
const A = columnsFromOutline(`
  api GET /a 0..1000
    db select 100..300
    cache get 400..450
`);
const B = columnsFromOutline(`
  api GET /a 0..1200
    db select 100..500
    mail send 600..900
      smtp connect 650..700
`);

// The merged tree: api (same), db (slower), cache (removed), mail (added), smtp (added).
const merged: RowTree & { parent: Int32Array } = {
  nodeCount: 5,
  parent: Int32Array.from([-1, 0, 0, 0, 3]),
  depth: Uint32Array.from([0, 1, 1, 1, 2]),
  subtreeEnd: Uint32Array.from([5, 2, 3, 5, 5]),
  childCount: Uint32Array.from([3, 0, 0, 1, 0]),
};
const aNode = Int32Array.from([0, 1, 2, -1, -1]);
const bNode = Int32Array.from([0, 1, -1, 2, 3]);
const tint = Uint8Array.from([0, RowTint.Slower2, RowTint.Removed, RowTint.Added, RowTint.Added]);

const ROW_Y = (row: number) => 30 + row * 24;
const BAR_Y = (row: number) => ROW_Y(row) + 6;

function paint(cols: typeof A, contentOf: Int32Array, over: Parameters<typeof testFrame>[1] = {}) {
  const rows = over.rows ?? createRowModel(merged);
  const viewport = testViewport(cols, { startNs: 0, endNs: 1200 });
  const frame = testFrame(cols, {
    rowTree: merged,
    contentOf,
    rows,
    viewport,
    isCollapsed: (k) => isCollapsed(rows, k),
    ...over,
  });
  const { rec, ctx } = recordingContext();
  paintWaterfall(ctx, frame, new FrameScratch(lightPalette.services.length));
  return { rec, frame };
}

const barColours = new Set([...lightPalette.services, lightPalette.error]);
const bars = (rec: ReturnType<typeof recordingContext>['rec']) =>
  rec.filledRects().filter((r) => r.h === 12 && barColours.has(r.fillStyle));

describe('painting over a mapped row tree', () => {
  it("A's pane: rows follow the merged tree; the added rows are gaps without a bar or a label", () => {
    const { rec } = paint(A, aNode);
    expect(
      bars(rec)
        .map((b) => b.y)
        .sort((x, y) => x - y),
    ).toEqual([BAR_Y(0), BAR_Y(1), BAR_Y(2)]);
    const texts = rec.texts();
    expect(texts.map((t) => t.text)).toEqual(expect.arrayContaining(['get', 'cache', 'select']));
    expect(texts.some((t) => t.text === 'send' || t.text === 'connect')).toBe(false);
    // Labels indent by the merged tree's depth: cache (row 2) at depth 1.
    const cache = texts.find((t) => t.text === 'cache')!;
    expect(cache.x).toBe(treeRowGeometry(1, 300).labelX);
    expect(cache.y).toBe(ROW_Y(2) + 12);
  });

  it("B's pane: the removed row is the gap, the added subtree has its bars, toggles follow the merged tree", () => {
    const { rec } = paint(B, bNode);
    expect(
      bars(rec)
        .map((b) => b.y)
        .sort((x, y) => x - y),
    ).toEqual([BAR_Y(0), BAR_Y(1), BAR_Y(3), BAR_Y(4)]);
    const smtp = rec.texts().find((t) => t.text === 'smtp')!;
    expect(smtp.x).toBe(treeRowGeometry(2, 300).labelX);
    // Collapsing the merged node of mail hides smtp, and says so.
    const rows = setCollapsed(merged, createRowModel(merged), 3, true);
    const collapsed = paint(B, bNode, { rows });
    expect(bars(collapsed.rec)).toHaveLength(3);
    expect(collapsed.rec.texts().map((t) => t.text)).toContain('+1');
  });

  it('tints rows and marks their left edge; the selection wins over a tint', () => {
    const { rec } = paint(B, bNode, { rowTint: tint, selected: 4 });
    const rects = rec.filledRects();
    const at = (colour: string, y: number) => rects.filter((r) => r.fillStyle === colour && r.y === y);
    expect(at(lightPalette.rowTints[RowTint.Slower2], ROW_Y(1))[0]).toMatchObject({ x: 0, w: 1000 });
    expect(at(lightPalette.rowTints[RowTint.Removed], ROW_Y(2))).toHaveLength(1);
    expect(at(lightPalette.rowTints[RowTint.Added], ROW_Y(3))).toHaveLength(1);
    expect(at(lightPalette.rowTints[RowTint.Added], ROW_Y(4))).toHaveLength(0);
    expect(at(lightPalette.rowSelected, ROW_Y(4))).toHaveLength(1);
    expect(at(lightPalette.rowTintMarks[RowTint.Added], ROW_Y(4))[0]).toMatchObject({ x: 0, w: 4 });
    expect(rects.filter((r) => r.fillStyle === lightPalette.rowTintMarks[RowTint.Added])).toHaveLength(2);
  });

  it('merged: B solid, A as an outline; a removed row shows A’s outline, fill and muted labels', () => {
    const { rec, frame } = paint(B, bNode, { ghost: { cols: A, contentOf: aNode } });
    const rects = rec.filledRects();
    const outline = rects.filter((r) => r.fillStyle === lightPalette.ghostOutline);
    // Four sides for each of api, db and cache.
    expect(outline).toHaveLength(12);
    const axis = frame.axis;
    const x = (ns: number) => axis.leftCssPx + (ns / 1200) * axis.widthCssPx;
    // db's outline: A's 100..300, one pixel outside the bar box.
    const dbTop = outline.find((r) => r.y === BAR_Y(1) - 1)!;
    // Snapped to device pixels: within a pixel of the exact box.
    expect(Math.abs(dbTop.x - (x(100) - 1))).toBeLessThanOrEqual(1);
    expect(Math.abs(dbTop.w - (x(300) - x(100) + 2))).toBeLessThanOrEqual(1);
    expect(rects.filter((r) => r.fillStyle === lightPalette.ghostFill)).toEqual([
      expect.objectContaining({ y: BAR_Y(2), h: 12 }),
    ]);
    const cache = rec.texts().filter((t) => t.y === ROW_Y(2) + 12);
    expect(cache.map((t) => t.text)).toEqual(['cache', 'get', '50 ns']);
    expect(cache.every((t) => t.fillStyle === lightPalette.textMuted)).toBe(true);
    // B's own rows keep their labels in the normal colour.
    expect(rec.texts().find((t) => t.text === 'mail')!.fillStyle).toBe(lightPalette.text);
  });

  it('has a tint and a mark colour for every slot in both themes, all different', () => {
    for (const p of [lightPalette, darkPalette]) {
      const slots = Object.values(RowTint).filter((t) => t > 0);
      const tints = slots.map((t) => p.rowTints[t]);
      const marks = slots.map((t) => p.rowTintMarks[t]);
      expect(tints.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
      expect(new Set([...tints, ...marks]).size).toBe(2 * slots.length);
      expect(tints).not.toContain(p.background);
    }
  });
});
