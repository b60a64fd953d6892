/**
 * A new page for a measured navigation, handed over once the machine is quiet again.
 *
 * A new context's first page is a new browser window, and Chromium starts each window's own WebUI
 * with it (the omnibox popup, chrome://omnibox-popup.top-chrome: ~0.8 s of its renderer's main
 * thread and ~0.7 s on its pool, seen in a Chrome trace). Navigated at once, the measured page
 * shares the machine's two cores with that for its first second: a 100k-span open measured
 * 740–860 ms so, against 515–625 ms once the window had started (2026-12-08). A user opens a link in
 * a window that already runs; the benchmarks keep their fresh context (cold cache, new renderer)
 * and wait for the window's own start-up to end.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';

const SAMPLE_MS = 100;
/** Busy share of all cores under which a sample counts as quiet. */
const QUIET_SHARE = 0.15;
const QUIET_SAMPLES = 3;
const MAX_WAIT_MS = 5_000;

/** Busy and total jiffies of all cores (Linux /proc/stat), or null where there is none. */
function cpuTimes(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once the whole machine has been quiet for a few samples in a row (at most MAX_WAIT_MS). */
export async function untilQuiet(): Promise<void> {
  let last = cpuTimes();
  if (last === null) return sleep(2_000);
  let quiet = 0;
  for (const end = Date.now() + MAX_WAIT_MS; quiet < QUIET_SAMPLES && Date.now() < end; ) {
    await sleep(SAMPLE_MS);
    const now = cpuTimes()!;
    const share = (now.busy - last.busy) / Math.max(1, now.total - last.total);
    quiet = share < QUIET_SHARE ? quiet + 1 : 0;
    last = now;
  }
}

/** `context.newPage()`, resolved once the window it opened has finished starting. */
export async function quietPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await untilQuiet();
  return page;
}
