/**
 * Benchmarks of the trace diff (DESIGN §6, §7) with the real server and Debian's Chromium: pairs of
 * generated traces (A and a second run B, bench/diff-push.ts) of 10k, 100k and 1M spans pushed over
 * OTLP, then `/diff/<a>/<b>` opened: the diff's time in the worker (align + merge + summary; fetching
 * the span details first when attributes are compared, ≤ 10k spans, is reported beside it) and
 * navigation → `spanscope:diff-rendered` (both traces fetched, decoded and laid out in one worker,
 * diffed, both panes drawn). And the typical trace: B against 20 baselines of 1k spans, the
 * comparison's time in the worker and navigation → `spanscope:typical-rendered`.
 *
 *   npx tsx bench/diff.bench.ts [10000,100000,1000000]     (or `npm run bench -- diff`)
 */
import { chromium, type Page } from '@playwright/test';
import { startServer } from '../e2e/server.ts';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { recordLongTasks } from './browser-page.ts';
import { pushSameOperation, pushTracePair } from './diff-push.ts';
import { quietPage } from './quiet-page.ts';
import { percentile, report } from './report.ts';

const SIZES = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);
const RUNS: Record<number, number> = { 10000: 3, 100000: 3, 1000000: 1 };
const CORE_TARGET_MS: Record<number, number> = { 10000: 100, 100000: 1_000, 1000000: 5_000 };
const RENDER_TARGET_MS: Record<number, number> = { 10000: 500, 100000: 1_500, 1000000: 5_000 };
const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

interface Rendered {
  readonly ms: number;
  readonly detail: {
    spanCount: number;
    mergedNodes?: number;
    baselines?: number;
    timingsMs: Record<string, number>;
  };
  /** When the last trace was on the main thread (spanscope:trace-open-end), ms. */
  readonly openedMs: number;
}

async function openAndMeasure(page: Page, url: string, mark: string): Promise<Rendered> {
  await page.goto(url);
  const handle = await page.waitForFunction(
    (name) => {
      const m = performance.getEntriesByName(name)[0] as PerformanceMark | undefined;
      const opened = performance.getEntriesByName('spanscope:trace-open-end').map((e) => e.startTime);
      return m ? { ms: m.startTime, detail: m.detail, openedMs: Math.max(0, ...opened) } : null;
    },
    mark,
    { timeout: 300_000, polling: 100 },
  );
  return (await handle.jsonValue()) as Rendered;
}

/** The worker's time of the second answer, comparing span attributes (≤ 10k spans), once it comes. */
async function attributesMs(page: Page): Promise<number | null> {
  const handle = await page
    .waitForFunction(
      () => {
        const m = performance.getEntriesByName('spanscope:diff-attributes-compared')[0] as
          | PerformanceMark
          | undefined;
        return m ? (m.detail as { timingsMs: Record<string, number> }).timingsMs : null;
      },
      null,
      { timeout: 30_000, polling: 50 },
    )
    .catch(() => null);
  const t = (await handle?.jsonValue()) as Record<string, number> | null | undefined;
  return t ? Object.values(t).reduce((x, y) => x + y, 0) : null;
}

const sum = (t: Record<string, number>, keys: readonly string[]) => keys.reduce((s, k) => s + (t[k] ?? 0), 0);
const CORE = ['align', 'merge', 'summary'];

const { server, stop } = await startServer({ demo: false });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (const n of SIZES) {
    const t0 = performance.now();
    const { a, b } = await pushTracePair(server.url, n, 31 + SIZES.indexOf(n));
    console.log(
      `# pushed two ${label(n)}-span traces in ${((performance.now() - t0) / 1000).toFixed(1)} s (${a}, ${b})`,
    );
    const rendered: number[] = [];
    const afterOpen: number[] = [];
    const core: number[] = [];
    let withAttributes: number | null = null;
    let worstTask = 0;
    let worstLoadTask = 0;
    for (let run = 0; run < (RUNS[n] ?? 1); run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await quietPage(context);
      // tsx compiles this file with keepNames: functions sent to the page call its __name helper.
      await page.addInitScript('globalThis.__name = (f) => f;');
      await page.addInitScript(recordLongTasks);
      const r = await openAndMeasure(page, `${server.url}/diff/${a}/${b}`, 'spanscope:diff-rendered');
      const longTasks = await page.evaluate(
        ({ openedMs, endMs }) => {
          const all = (window as unknown as { longTasks: { startMs: number; durationMs: number }[] })
            .longTasks;
          const start = performance.getEntriesByName('spanscope:trace-open-start')[0]?.startTime ?? 0;
          const within = (from: number) =>
            all.filter((t) => t.startMs + t.durationMs > from && t.startMs < endMs).map((t) => t.durationMs);
          return { load: within(start), diff: within(openedMs) };
        },
        { openedMs: r.openedMs, endMs: r.ms + 1 },
      );
      worstLoadTask = Math.max(worstLoadTask, ...longTasks.load);
      worstTask = Math.max(worstTask, ...longTasks.diff);
      const t = r.detail.timingsMs;
      rendered.push(r.ms);
      afterOpen.push(r.ms - r.openedMs);
      core.push(sum(t, CORE));
      if (n <= 10_000) withAttributes = await attributesMs(page);
      const phases = Object.entries(t)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ');
      console.log(
        `#   run ${run + 1}: traces open ${r.openedMs.toFixed(0)} ms, rendered ${r.ms.toFixed(0)} ms; worker ${phases} ms; ${r.detail.spanCount} spans, ${r.detail.mergedNodes} merged nodes${withAttributes === null ? '' : `; attributes compared ${withAttributes.toFixed(0)} ms after`}`,
      );
      await context.close();
    }
    const coreMs = percentile(core, 50);
    report({
      name: `diff.${label(n)}.coreWorkerMs`,
      value: coreMs,
      unit: 'ms',
      target: `≤ ${CORE_TARGET_MS[n]}`,
      ok: coreMs <= CORE_TARGET_MS[n],
      note: `align + merge + summary in the worker (the first answer, attributes left out), median of ${core.length}${withAttributes === null ? '' : `; the second answer, comparing attributes (details fetched, diffed again): ${withAttributes.toFixed(0)} ms`}`,
    });
    const diffRenderMs = percentile(afterOpen, 50);
    report({
      name: `diff.${label(n)}.openToRenderedMs`,
      value: diffRenderMs,
      unit: 'ms',
      target: n === 10_000 ? '≤ 500' : undefined,
      ok: n === 10_000 ? diffRenderMs <= 500 : undefined,
      note: 'both traces on the main thread → spanscope:diff-rendered: the diff in the worker, its transfer, the model, both panes drawn',
    });
    report({
      name: `diff.${label(n)}.longestMainThreadTaskMs`,
      value: worstTask,
      unit: 'ms',
      target: '≤ 50',
      ok: worstTask <= 50,
      note: `the longest main-thread task from both traces open to the diff's first frame (the page stays responsive); from asking for the traces: ${worstLoadTask.toFixed(0)} ms (loading, as the trace page)`,
    });
    const renderedMs = percentile(rendered, 50);
    report({
      name: `diff.${label(n)}.navigationToRenderedMs`,
      value: renderedMs,
      unit: 'ms',
      target: `≤ ${RENDER_TARGET_MS[n]}`,
      ok: renderedMs <= RENDER_TARGET_MS[n],
      note: `navigation → spanscope:diff-rendered (the app started, both traces loaded in one worker, diffed, both panes drawn); runs ${rendered.map((x) => x.toFixed(0)).join(', ')}`,
    });
  }

  const t0 = performance.now();
  const ids = await pushSameOperation(server.url, 1_000, 21, 500);
  console.log(`# pushed 21 traces of 1k spans in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const b = ids.at(-1)!;
  const core: number[] = [];
  const rendered: number[] = [];
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await quietPage(context);
    const r = await openAndMeasure(
      page,
      `${server.url}/diff/typical/${b}?n=20`,
      'spanscope:typical-rendered',
    );
    if (r.detail.baselines !== 20)
      throw new Error(`compared with ${r.detail.baselines} baselines, expected 20`);
    core.push(sum(r.detail.timingsMs, ['align', 'rows']));
    rendered.push(r.ms);
    await context.close();
  }
  const coreMs = percentile(core, 50);
  report({
    name: 'diff.typical.20x1k.coreWorkerMs',
    value: coreMs,
    unit: 'ms',
    target: '≤ 300',
    ok: coreMs <= 300,
    note: `B against 20 baselines of 1k spans in the worker (alignments + ghost rows), median of 3; navigation → spanscope:typical-rendered ${rendered.map((x) => x.toFixed(0)).join(', ')} ms (B, the search and 20 traces opened first)`,
  });
} finally {
  await browser.close();
  await stop();
}
