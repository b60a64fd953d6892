/**
 * The preview images over HTTP, against the in-process server and its preview worker (from
 * source) reading a store that answers as the real one (columnar, details deferred): valid
 * 1200×630 PNGs whose pixels show the waterfall's bars where the app's painters put them, the
 * link's span and theme, a diff's two panes, a card for an unknown trace, the cache, and the time
 * and size bounds falling back to a summary or message card.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeOfSpanId } from '../../core/layout/trace-columns.ts';
import { columnarFromTable, encodeColumnar } from '../../core/transfer/encode-columnar.ts';
import { FrameScratch } from '../../render/frame.ts';
import { CARD_BODY } from '../../render/paint-card.ts';
import { paintWaterfall } from '../../render/paint-waterfall.ts';
import { darkPalette, lightPalette, SERVICE_COLOURS } from '../../render/theme.ts';
import { idOf } from '../../testing/ascii-trace.ts';
import { ColumnarTraceStore } from '../../testing/columnar-store.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { decodePng, plainGet } from '../../testing/png-pixels.ts';
import { FAILED_ID, failedTrace, HEALTHY_ID, healthyTrace } from '../../testing/preview-traces.ts';
import { randomTable } from '../../testing/random-table.ts';
import { recordingContext } from '../../testing/waterfall-frame.ts';
import { buildTraceTree, decodeTrace, layOut } from '../preview/open-trace.ts';
import { traceFrame } from '../preview/preview-frames.ts';

const TRACE_DPR = 1.25;

/** The bars the app's painter draws for this trace and view, in the card's device px. */
function expectedBars(spanId: string | null, palette = lightPalette) {
  const table = failedTrace();
  const keys = Uint32Array.from({ length: table.count }, (_, i) => i);
  const cols = layOut(
    buildTraceTree(decodeTrace(encodeColumnar(columnarFromTable(table), { keys, keyBase: 0n }))),
  );
  const size = {
    widthCssPx: CARD_BODY.width / TRACE_DPR,
    heightCssPx: CARD_BODY.height / TRACE_DPR,
    dpr: TRACE_DPR,
  };
  const frame = traceFrame(cols, spanId ? nodeOfSpanId(cols, spanId) : -1, null, palette, size);
  const { rec, ctx } = recordingContext();
  paintWaterfall(ctx, frame, new FrameScratch(SERVICE_COLOURS.length));
  const barColours = new Set([...palette.services, palette.error]);
  return rec
    .filledRects()
    .filter((r) => barColours.has(r.fillStyle) && r.w > 4 && r.h > 8 && r.x > frame.viewport.treeWidthCssPx)
    .map((r) => ({
      x: (r.x + r.w / 2) * TRACE_DPR,
      y: CARD_BODY.y + (r.y + r.h / 2) * TRACE_DPR,
      colour: r.fillStyle,
    }));
}

describe('preview images (in process)', () => {
  let server: InProcessServer;
  const store = new ColumnarTraceStore();
  const image = (path: string) => plainGet(`${server.base}${path}`);
  beforeAll(async () => {
    store.put(failedTrace());
    store.put(healthyTrace());
    server = await startInProcess({ store });
  });
  afterAll(() => server.close());

  test('a trace: a 1200×630 PNG whose pixels show the waterfall’s bars, in the app’s colours', async () => {
    const res = await image(`/api/preview/trace/${FAILED_ID}.png`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-spanscope-preview']).toBe('waterfall');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const png = await decodePng(res.body);
    expect([png.width, png.height]).toEqual([1200, 630]);
    const bars = expectedBars(null);
    expect(bars.length).toBe(4);
    expect(bars.filter((b) => b.colour === lightPalette.error).length).toBe(2);
    for (const b of bars) expect(png.at(b.x, b.y), `bar at ${b.x},${b.y}`).toBe(b.colour.toLowerCase());
    // Between the bars' rows and right of the last bar: no bar colour.
    expect(png.at(1190, CARD_BODY.y + 20)).not.toBe(lightPalette.error.toLowerCase());
  });

  test('the link’s span is selected and its theme used; each view is cached apart', async () => {
    const reads = store.reads.length;
    const dark = await image(`/api/preview/trace/${FAILED_ID}.png?theme=dark&span=${idOf('pay')}`);
    const png = await decodePng(dark.body);
    for (const b of expectedBars(idOf('pay'), darkPalette))
      expect(png.at(b.x, b.y)).toBe(b.colour.toLowerCase());
    expect(png.at(5, 5)).toBe(darkPalette.headerBackground.toLowerCase());
    expect(store.reads.length).toBe(reads + 1);
    const again = await image(`/api/preview/trace/${FAILED_ID}.png?theme=dark&span=${idOf('pay')}`);
    expect(again.body.equals(dark.body)).toBe(true);
    expect(store.reads.length).toBe(reads + 1);
  });

  test('a diff: two panes side by side, B’s failing root in red on the right', async () => {
    const res = await image(`/api/preview/diff/${HEALTHY_ID}/${FAILED_ID}.png`);
    expect(res.headers['x-spanscope-preview']).toBe('waterfall');
    const png = await decodePng(res.body);
    expect([png.width, png.height]).toEqual([1200, 630]);
    const firstRowY = CARD_BODY.y + 30 + 12;
    const red = lightPalette.error.toLowerCase();
    const row = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => png.at(from + i, firstRowY));
    expect(row(870, 1180)).toContain(red);
    expect(row(270, 590)).not.toContain(red);
  });

  test('an unknown trace is a card saying so, never an error; a malformed id is a 400', async () => {
    const res = await image(`/api/preview/trace/${'0123456789abcdef'.repeat(2)}.png`);
    expect(res.status).toBe(200);
    expect(res.headers['x-spanscope-preview']).toBe('message');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect((await decodePng(res.body)).width).toBe(1200);
    const diff = await image(`/api/preview/diff/${FAILED_ID}/${'1'.repeat(32)}.png`);
    expect(diff.headers['x-spanscope-preview']).toBe('message');
    expect((await image('/api/preview/trace/not-hex.png')).status).toBe(400);
  });
});

describe('preview bounds (in process)', () => {
  test('past the time budget a summary card, over the span limit a message card, within the bound', async () => {
    const store = new ColumnarTraceStore();
    const big = randomTable({ spanCount: 200_000, seed: 3 });
    store.put(big);
    store.put(failedTrace());
    const budget = await startInProcess({ store, previews: { limits: { budgetMs: 0, maxSpans: 150_000 } } });
    try {
      const started = performance.now();
      const over = await plainGet(`${budget.base}/api/preview/trace/${big.traceId}.png`);
      expect(over.headers['x-spanscope-preview']).toBe('message');
      expect(performance.now() - started).toBeLessThan(5_000);
      const summary = await plainGet(`${budget.base}/api/preview/trace/${FAILED_ID}.png`);
      expect(summary.headers['x-spanscope-preview']).toBe('summary');
      expect((await decodePng(summary.body)).height).toBe(630);
    } finally {
      await budget.close();
    }
  });

  test('a preview not ready in time is the generic card, not kept; the render goes on and is cached', async () => {
    const store = new ColumnarTraceStore();
    store.put(failedTrace());
    const slow = await startInProcess({ store, previews: { waitMs: 1 } });
    try {
      const first = await plainGet(`${slow.base}/api/preview/trace/${FAILED_ID}.png`);
      expect(first.headers['x-spanscope-preview']).toBe('fallback');
      expect(first.headers['cache-control']).toBe('no-cache');
      await expect
        .poll(
          async () =>
            (await plainGet(`${slow.base}/api/preview/trace/${FAILED_ID}.png`)).headers[
              'x-spanscope-preview'
            ],
          { timeout: 20_000 },
        )
        .toBe('waterfall');
    } finally {
      await slow.close();
    }
  });
});
