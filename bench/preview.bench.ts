/**
 * Issue 13: link preview images of the generator's realistic 1k, 100k and 1M-span traces from the
 * real built server (its store and preview worker): the first render of `/api/preview/trace/{id}.png`
 * (store read, transfer, decode, tree, layout, paint, PNG) and the same image again from the cache,
 * fetched as a chat app's unfurler does. Targets: first render ≤ 300 ms / ≤ 1 s / ≤ 3 s. The
 * worker's phases come from the answer's Server-Timing header. Meanwhile `/api/echo` is asked every
 * 20 ms: its slowest answer shows whether the HTTP thread stayed free while the preview was drawn.
 * Then, on a second trace of the size, an unfurler's order: the page first (its meta tags wait up to
 * 2.5 s for the facts: does its title name the trace?), then its image.
 */
import { startServer } from '../e2e/server.ts';
import { plainGet } from '../src/testing/png-pixels.ts';
import { pushLargeTrace } from './browser-push.ts';
import { percentile, report } from './report.ts';

const SIZES = (process.argv[2] ?? '1000,100000,1000000').split(',').map(Number);
const TARGET_MS: Record<number, number> = { 1000: 300, 100000: 1000, 1000000: 3000 };
const CACHED_RUNS = 20;
const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

async function timedGet(url: string) {
  const t0 = performance.now();
  const res = await plainGet(url);
  const ms = performance.now() - t0;
  if (res.status !== 200 || res.headers['content-type'] !== 'image/png')
    throw new Error(`${url}: ${res.status}`);
  return {
    ms,
    drawn: String(res.headers['x-spanscope-preview']),
    timing: String(res.headers['server-timing'] ?? ''),
  };
}

/** Asks /api/echo every 20 ms until stopped; resolves with each answer's time. */
function pingEcho(base: string): { stop(): Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await plainGet(`${base}/api/echo`);
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return times;
    },
  };
}

const { server, stop } = await startServer({ demo: false });
try {
  for (const n of SIZES) {
    const t0 = performance.now();
    const traceId = await pushLargeTrace(server.url, n, 41 + SIZES.indexOf(n));
    console.log(
      `# pushed a ${label(n)}-span trace in ${((performance.now() - t0) / 1000).toFixed(1)} s (${traceId})`,
    );
    const url = `${server.url}/api/preview/trace/${traceId}.png`;
    const echo = pingEcho(server.url);
    const first = await timedGet(url);
    const echoMs = await echo.stop();
    const target = TARGET_MS[n];
    report({
      name: `preview.${label(n)}.firstRenderMs`,
      value: first.ms,
      unit: 'ms',
      ...(target ? { target: `≤ ${target}`, ok: first.ms <= target } : {}),
      note: `drew ${first.drawn}; ${first.timing}`,
    });
    report({
      name: `preview.${label(n)}.httpEchoMaxMs`,
      value: Math.max(...echoMs),
      unit: 'ms',
      note: `slowest /api/echo while the first render ran (${echoMs.length} asked, p50 ${percentile(echoMs, 50).toFixed(1)} ms)`,
    });
    const cached: number[] = [];
    for (let i = 0; i < CACHED_RUNS; i++) cached.push((await timedGet(url)).ms);
    report({
      name: `preview.${label(n)}.cachedMs`,
      value: percentile(cached, 50),
      unit: 'ms',
      note: `p50 of ${CACHED_RUNS}, max ${Math.max(...cached).toFixed(1)} ms`,
    });
    // Another view of the same trace (a span selected): the store is read and the trace drawn again.
    const other = await timedGet(`${url}?theme=dark&from=0&to=1000`);
    report({
      name: `preview.${label(n)}.otherViewMs`,
      value: other.ms,
      unit: 'ms',
      note: `first render of a second view (dark, zoomed): drew ${other.drawn}`,
    });
    const second = await pushLargeTrace(server.url, n, 141 + SIZES.indexOf(n));
    const t1 = performance.now();
    const page = await plainGet(`${server.url}/trace/${second}`);
    const pageMs = performance.now() - t1;
    const title = /<title>([^<]*)<\/title>/.exec(page.body.toString())?.[1] ?? '';
    report({
      name: `preview.${label(n)}.unfurlPageMs`,
      value: pageMs,
      unit: 'ms',
      note: `page of a trace not previewed yet, as an unfurler asks it: title "${title}"`,
    });
    const image = await timedGet(`${server.url}/api/preview/trace/${second}.png`);
    report({
      name: `preview.${label(n)}.unfurlImageMs`,
      value: image.ms,
      unit: 'ms',
      note: `its image, asked right after the page (the render the page started): drew ${image.drawn}`,
    });
  }
} finally {
  await stop();
}
