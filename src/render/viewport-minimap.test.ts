import { describe, expect, it } from 'vitest';
import { buildDensityGrid } from '../core/layout/density-grid.ts';
import { createRowModel } from '../core/layout/row-model.ts';
import { NodeFlag } from '../core/layout/trace-columns.ts';
import { columnsFromOutline } from '../testing/fake-columns.ts';
import { recordingContext, testViewport } from '../testing/waterfall-frame.ts';
import { densityPixels, MINIMAP_AXIS_CSS_PX, paintMinimap } from './paint-minimap.ts';
import { lightPalette, serviceSlots } from './theme.ts';
import { nsOfX, panTime, xOfNs, zoomTime } from './time-axis.ts';
import { timeTicks } from './time-ticks.ts';
import { clampViewport, timeAxisOf } from './viewport.ts';

const cols = columnsFromOutline(`
  api root 0..1000
    db query 500..1000 !
`);

describe('viewport', () => {
  const v = testViewport(cols);
  it('maps time to x and back', () => {
    const a = timeAxisOf(v);
    expect(nsOfX(a, xOfNs(a, 250))).toBeCloseTo(250, 6);
    expect(xOfNs(a, 0)).toBe(301);
  });

  it('zooms around the anchor, keeping it under the same pixel', () => {
    const z = zoomTime(v, 0.5, 400);
    expect(xOfNs(timeAxisOf(z), 400)).toBeCloseTo(xOfNs(timeAxisOf(v), 400), 6);
    expect(z.endNs - z.startNs).toBe(500);
  });

  it('clamps the window into the trace and the scroll into the rows', () => {
    const panned = clampViewport(panTime(v, -300), 2, 1000);
    expect(panned.startNs).toBe(0);
    expect(panned.endNs).toBe(1000);
    const tiny = clampViewport({ ...v, startNs: 10, endNs: 10 }, 2, 1000);
    expect(tiny.endNs - tiny.startNs).toBe(10);
    expect(clampViewport({ ...v, scrollTopCssPx: 500 }, 2, 1000).scrollTopCssPx).toBe(0);
    expect(clampViewport(v, 2, 1000)).toBe(v);
  });
});

describe('minimap', () => {
  it('colours each row band by service and errors in red', () => {
    const grid = buildDensityGrid(cols, createRowModel(cols), 64, 4, NodeFlag.Error);
    const slots = serviceSlots(cols.strings, cols.service, lightPalette.services.length);
    const px = densityPixels(grid, lightPalette, slots, 64);
    const at = (x: number, y: number) => Array.from(px.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 3));
    const hex = (h: string) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
    expect(at(10, 0)).toEqual(hex(lightPalette.services[slots[cols.service[0]]]));
    expect(at(50, 3)).toEqual(hex(lightPalette.error));
    expect(at(10, 3)).toEqual(hex(lightPalette.minimapBackground)); // db starts at 500
  });

  it('shades outside the time window and outlines it', () => {
    const { rec, ctx } = recordingContext();
    paintMinimap(
      ctx,
      null,
      {
        widthCssPx: 1000,
        heightCssPx: 60,
        dpr: 1,
        durationNs: 1000,
        startNs: 250,
        endNs: 500,
        firstRowFraction: 0,
        lastRowFraction: 1,
      },
      lightPalette,
      timeTicks(0, 1000, 1000),
    );
    const shade = rec.filledRects().filter((r) => r.fillStyle === lightPalette.minimapShade);
    expect(shade.map((r) => [r.x, r.w])).toEqual([
      [0, 250],
      [500, 500],
    ]);
    expect(shade[0].y).toBe(MINIMAP_AXIS_CSS_PX);
    expect(rec.count('strokeRect')).toBe(1);
  });
});
