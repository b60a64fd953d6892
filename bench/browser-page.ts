/**
 * What the browser benchmark runs inside the page: long-task recording from the first script
 * (an init script), frame intervals (requestAnimationFrame deltas) while synthetic wheel input
 * drives the waterfall, and the main thread's JS heap.
 */
import type { CDPSession, Page } from '@playwright/test';

/** Installed before the app's scripts: records every long task (> 50 ms) of the main thread. */
export function recordLongTasks(): void {
  const w = window as unknown as { longTasks: { startMs: number; durationMs: number }[] };
  w.longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.longTasks.push({ startMs: e.startTime, durationMs: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * Long tasks while the trace loads: from the app asking the worker for it to the first complete
 * frame (the app's own start-up before that is not trace loading).
 */
export async function loadLongTasksMs(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const start = performance.getEntriesByName('spanscope:trace-open-start')[0]?.startTime ?? 0;
    const end =
      performance.getEntriesByName('spanscope:trace-rendered')[0]?.startTime ?? Number.POSITIVE_INFINITY;
    const all = (window as unknown as { longTasks: { startMs: number; durationMs: number }[] }).longTasks;
    return all.filter((t) => t.startMs + t.durationMs > start && t.startMs < end).map((t) => t.durationMs);
  });
}

export type Gesture = 'scroll' | 'pan' | 'zoom';

/**
 * For `durationMs`, dispatches a wheel event on a canvas view (the waterfall or the flame graph)
 * every 8 ms (more events than frames, as a fast trackpad sends) and records the interval between
 * animation frames.
 */
export async function frameIntervals(
  page: Page,
  gesture: Gesture,
  durationMs: number,
  view: 'waterfall' | 'flame' = 'waterfall',
): Promise<number[]> {
  return page.evaluate(
    ({ gesture, durationMs, view }) =>
      new Promise<number[]>((resolve) => {
        const root = document.querySelector<HTMLElement>(`[data-testid=${view}]`)!;
        const canvas = document.querySelector<HTMLElement>(`[data-testid=${view}-canvas]`)!;
        const r = canvas.getBoundingClientRect();
        const x = r.left + r.width * 0.7;
        const y = r.top + r.height * 0.5;
        const intervals: number[] = [];
        let last = 0;
        let i = 0;
        const t0 = performance.now();
        const input = setInterval(() => {
          i++;
          // Zoom in for a while, then out, so the window keeps changing; pans and scrolls reverse too.
          const sign = Math.floor(i / 60) % 2 === 0 ? 1 : -1;
          const init: WheelEventInit = {
            clientX: x,
            clientY: y,
            bubbles: true,
            cancelable: true,
            deltaMode: 0,
          };
          if (gesture === 'scroll')
            root.dispatchEvent(new WheelEvent('wheel', { ...init, deltaY: 40 * sign }));
          else if (gesture === 'pan')
            root.dispatchEvent(new WheelEvent('wheel', { ...init, deltaX: 30 * sign }));
          else root.dispatchEvent(new WheelEvent('wheel', { ...init, deltaY: -25 * sign, ctrlKey: true }));
        }, 8);
        const frame = (t: number) => {
          if (last) intervals.push(t - last);
          last = t;
          if (t - t0 < durationMs) requestAnimationFrame(frame);
          else {
            clearInterval(input);
            resolve(intervals);
          }
        };
        requestAnimationFrame(frame);
      }),
    { gesture, durationMs, view },
  );
}

/**
 * Switches the trace page to the flame graph (as a click on its tab) and resolves with the time from
 * the click to `spanscope:flame-rendered`: the flame's first complete frame.
 */
export async function switchToFlameMs(page: Page): Promise<number> {
  await page.evaluate(() => {
    performance.clearMarks('spanscope:flame-rendered');
    const tab = [...document.querySelectorAll<HTMLElement>('[role=tab]')].find((t) =>
      t.textContent?.includes('Flame graph'),
    )!;
    (window as unknown as { flameClickMs: number }).flameClickMs = performance.now();
    tab.click();
  });
  const ms = await page.waitForFunction(
    () => {
      const m = performance.getEntriesByName('spanscope:flame-rendered')[0];
      return m ? m.startTime - (window as unknown as { flameClickMs: number }).flameClickMs : null;
    },
    null,
    { timeout: 120_000, polling: 50 },
  );
  return (await ms.jsonValue())!;
}

/** Main-thread JS heap after a full GC: V8's heap and the ArrayBuffer backing stores (typed arrays). */
export async function mainHeapBytes(cdp: CDPSession): Promise<{ heap: number; buffers: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return { heap: usage.usedSize, buffers: usage.backingStorageSize ?? 0 };
}

/**
 * Heaps of the page's dedicated workers (the trace worker) through CDP auto-attach; attach it
 * before navigating so the worker is seen when it starts.
 */
export class WorkerHeapProbe {
  private readonly sessions = new Set<string>();
  private nextId = 1;
  private readonly waiting = new Map<number, (v: unknown) => void>();

  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') this.sessions.add(e.sessionId);
    });
    cdp.on('Target.detachedFromTarget', (e) => {
      if (e.sessionId) this.sessions.delete(e.sessionId);
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const msg = JSON.parse(e.message) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    });
  }

  static async attach(cdp: CDPSession): Promise<WorkerHeapProbe> {
    const probe = new WorkerHeapProbe(cdp);
    await cdp.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    return probe;
  }

  private call(sessionId: string, method: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      void this.cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
    });
  }

  /** Sum of the workers' used JS heap (and ArrayBuffer backing stores), after a GC in each unless `gc` is false. */
  async heapBytes(gc = true): Promise<number> {
    let total = 0;
    for (const s of this.sessions) {
      if (gc) await this.call(s, 'HeapProfiler.collectGarbage');
      const r = (await this.call(s, 'Runtime.getHeapUsage')) as
        | { usedSize?: number; backingStorageSize?: number }
        | undefined;
      total += (r?.usedSize ?? 0) + (r?.backingStorageSize ?? 0);
    }
    return total;
  }
}

/**
 * Navigation → `spanscope:trace-rendered` (the page's own clock), with the span count it drew, and
 * → the first frame drawn at all (`firstMs`: a preview's, `spanscope:trace-preview-rendered`, of
 * `previewSpans` spans, when the trace was drawn before all of it had arrived; else `ms`).
 */
export async function openAndMeasure(
  page: Page,
  url: string,
): Promise<{ ms: number; spanCount: number; firstMs: number; previewSpans: number | null }> {
  await page.goto(url);
  const mark = await page.waitForFunction(
    // No named inner functions here: the bench's loader wraps those in a helper the page lacks.
    () => {
      const m = performance.getEntriesByName('spanscope:trace-rendered')[0] as PerformanceMark | undefined;
      if (!m) return null;
      const preview = performance.getEntriesByName('spanscope:trace-preview-rendered')[0] as
        | PerformanceMark
        | undefined;
      return {
        ms: m.startTime,
        spanCount: (m.detail as { spanCount: number }).spanCount,
        firstMs: Math.min(m.startTime, preview?.startTime ?? Number.POSITIVE_INFINITY),
        previewSpans: preview ? (preview.detail as { spanCount: number }).spanCount : null,
      };
    },
    null,
    { timeout: 180_000, polling: 50 },
  );
  return (await mark.jsonValue())!;
}
