/**
 * What reading a trace through an external source costs over reading it from the store itself
 * (issue 12: target ≤ 20% over the upstream's own time), at 10k and 100k spans: a replay server
 * stands in for Tempo (src/testing/replay-server.ts) and answers the trace's Tempo v2 JSON from
 * memory; the server's `/api/sources/{name}/api/v2/traces/{id}` fetches it, decodes it and answers
 * it in the shape asked for (Tempo v2 JSON, or the columnar transfer the viewer asks for).
 *
 * The replay's answer costs nothing to make, so "upstream" here is only the transfer of its bytes: a
 * real Tempo spends its own time finding and assembling the trace, and the ratio against it is
 * smaller. The absolute overhead (decode + re-encode in the server) is the figure to read, and its
 * CPU time (all the process's threads, minus what the upstream's transfer alone costs): on a machine
 * shared with other work, wall times swing with the load, CPU time much less.
 *
 * With `paint` instead (needs `npm run build`): the time to first paint through a source, in Chromium against
 * the built server with the replay as its Tempo: navigation to `/trace/{id}?source=tempo` →
 * `spanscope:trace-rendered` (median of 3), beside the same for a trace of that size in the local store.
 *
 *   npx tsx bench/source-proxy.bench.ts [10000,100000] [paint]   (or `npm run bench -- source-proxy`)
 */
import { type Browser, chromium } from '@playwright/test';
import { startServer } from '../e2e/server.ts';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { TRACE_ACCEPT } from '../src/core/api/media-types.ts';
import { encodeTraceAs } from '../src/server/sources/encode-trace.ts';
import { parseSourceSpec } from '../src/server/sources/source-config.ts';
import { generatedTable } from '../src/testing/generated-table.ts';
import { startInProcess } from '../src/testing/in-process-server.ts';
import { startReplayServer } from '../src/testing/replay-server.ts';
import { openAndMeasure } from './browser-page.ts';
import { pushLargeTrace } from './browser-push.ts';
import { percentile, report } from './report.ts';

const SIZES = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const PAINT = process.argv[3] === 'paint';
const RUNS = 7;
const PAINT_RUNS = 3;
const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

interface Timed {
  readonly ms: number;
  /** CPU of the whole process (every thread: replay, server, its conversion worker, client). */
  readonly cpuMs: number;
  readonly bytes: number;
}

async function timeGet(url: string, accept: string): Promise<Timed> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Accept: accept } });
  const body = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${url}: ${res.status} ${new TextDecoder().decode(body.subarray(0, 200))}`);
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, bytes: body.length };
}

async function median(url: string, accept: string): Promise<Timed> {
  await timeGet(url, accept);
  const runs: Timed[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timeGet(url, accept));
  const mid = (pick: (t: Timed) => number) => percentile(runs.map(pick), 50);
  return { ms: mid((r) => r.ms), cpuMs: mid((r) => r.cpuMs), bytes: runs[0]?.bytes ?? 0 };
}

for (const spans of PAINT ? [] : SIZES) {
  const table = generatedTable(spans);
  const answer = encodeTraceAs(table, 'tempo-v2');
  const path = `/api/v2/traces/${table.traceId}`;
  const tempo = await startReplayServer({ [path]: { body: answer } });
  const server = await startInProcess({ sources: [parseSourceSpec(`tempo=tempo:${tempo.url}`)] });
  try {
    const upstream = await median(`${tempo.url}${path}`, 'application/json');
    const json = await median(`${server.base}/api/sources/tempo${path}`, 'application/json');
    const columnar = await median(`${server.base}/api/sources/tempo${path}`, TRACE_ACCEPT);
    const note = `upstream ${upstream.ms.toFixed(0)} ms for ${(upstream.bytes / 1e6).toFixed(1)} MB (from memory)`;
    report({ name: `sources.tempo.upstream.${label(spans)}.ms`, value: upstream.ms, unit: 'ms' });
    for (const [shape, m] of [
      ['json', json],
      ['columnar', columnar],
    ] as const) {
      report({ name: `sources.tempo.proxied.${shape}.${label(spans)}.ms`, value: m.ms, unit: 'ms', note });
      report({
        name: `sources.tempo.overhead.${shape}.${label(spans)}.ms`,
        value: m.ms - upstream.ms,
        unit: 'ms',
        note: `${((m.ms / upstream.ms - 1) * 100).toFixed(0)}% over the replay's transfer`,
      });
      report({
        name: `sources.tempo.overhead.cpu.${shape}.${label(spans)}.ms`,
        value: m.cpuMs - upstream.cpuMs,
        unit: 'ms',
        note: `CPU over the upstream's ${upstream.cpuMs.toFixed(0)} ms (all threads; steadier than wall time on a loaded machine); answer ${(m.bytes / 1e6).toFixed(1)} MB`,
      });
    }
  } finally {
    await server.close();
    await tempo.close();
  }
}

/** Navigation → the first complete frame of the trace, in ms (the page's own clock). */
async function paintMs(browser: Browser, url: string, spans: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const { ms, spanCount } = await openAndMeasure(page, url);
    if (spanCount !== spans)
      throw new Error(`${url}: the page rendered ${spanCount} spans, expected ${spans}`);
    return ms;
  } finally {
    await context.close();
  }
}

if (PAINT) {
  const tempo = await startReplayServer();
  const ids = new Map<number, string>();
  for (const [i, spans] of SIZES.entries()) {
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
    for (const [i, spans] of SIZES.entries()) {
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
