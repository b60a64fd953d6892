/**
 * source-proxy.bench.ts `paint` (needs `npm run build`): the time to first paint through a source, in
 * Chromium against the built server with a replay as its Tempo: navigation to `/trace/{id}?source=tempo`
 * → `spanscope:trace-rendered` (median of 3), beside the same for a trace of that size in the local store.
 */
import { type Browser, chromium } from '@playwright/test';
import { startServer } from '../e2e/server.ts';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { encodeTraceAs } from '../src/server/sources/encode-trace.ts';
import { generatedTable } from '../src/testing/generated-table.ts';
import { startReplayServer } from '../src/testing/replay-server.ts';
import { openAndMeasure } from './browser-page.ts';
import { pushLargeTrace } from './browser-push.ts';
import { quietPage } from './quiet-page.ts';
import { percentile, report } from './report.ts';
import { label } from './source-timing.ts';

const PAINT_RUNS = 3;

/** Navigation → the first complete frame of the trace, in ms (the page's own clock). */
async function paintMs(browser: Browser, url: string, spans: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await quietPage(context);
    const { ms, spanCount } = await openAndMeasure(page, url);
    if (spanCount !== spans)
      throw new Error(`${url}: the page rendered ${spanCount} spans, expected ${spans}`);
    return ms;
  } finally {
    await context.close();
  }
}

export async function benchFirstPaint(sizes: readonly number[]): Promise<void> {
  const tempo = await startReplayServer();
  const ids = new Map<number, string>();
  for (const [i, spans] of sizes.entries()) {
    // A seed per size: the generator's trace id comes from its seed.
    const table = generatedTable(spans, 21 + i);
    ids.set(spans, table.traceId);
    tempo.route(`/api/v2/traces/${table.traceId}`, { body: encodeTraceAs(table, 'tempo-v2') });
  }
  const { server, stop } = await startServer({
    demo: false,
    extraArgs: ['--source', `tempo=tempo:${tempo.url}`],
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const [i, spans] of sizes.entries()) {
      const local = await pushLargeTrace(server.url, spans, 11 + i);
      for (const [where, url] of [
        ['source', `${server.url}/trace/${ids.get(spans)}?source=tempo`],
        ['local', `${server.url}/trace/${local}`],
      ] as const) {
        await paintMs(browser, url, spans);
        const runs: number[] = [];
        for (let i = 0; i < PAINT_RUNS; i++) runs.push(await paintMs(browser, url, spans));
        report({
          name: `sources.tempo.firstPaint.${where}.${label(spans)}.ms`,
          value: percentile(runs, 50),
          unit: 'ms',
          note: `navigation → spanscope:trace-rendered, median of ${PAINT_RUNS} (${runs.map((r) => r.toFixed(0)).join(', ')})`,
        });
      }
    }
  } finally {
    await browser.close();
    await stop();
    await tempo.close();
  }
}
