/**
 * The preview worker's message loop: a job in (its traces' bytes), the span details it needs
 * asked of the HTTP thread as it goes, one PNG and its facts out (transferred). Separate from
 * preview-worker.ts so that it runs over any MessagePort.
 */
import type { MessagePort } from 'node:worker_threads';
import { renderDiff } from './diff-card.ts';
import { Clock, type Rendered, type RenderLimits } from './preview-job.ts';
import type { PreviewRequest } from './preview-request.ts';
import type { FetchSideDetails, FromWorker, ToWorker } from './protocol.ts';
import { renderTrace } from './trace-card.ts';

export function renderJob(
  request: PreviewRequest,
  traces: readonly (Uint8Array | null)[],
  fetch: FetchSideDetails,
  limits: RenderLimits,
): Promise<Rendered> {
  const clock = new Clock();
  return request.kind === 'trace'
    ? renderTrace(request, traces[0] ?? null, (key) => fetch(0, key), limits, clock)
    : renderDiff(request, traces, fetch, limits, clock);
}

export function servePreviews(port: MessagePort, limits: RenderLimits): void {
  const asks = new Map<number, (batch: Uint8Array | null) => void>();
  let nextAsk = 1;
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  port.on('message', async (m: ToWorker) => {
    if (m.type === 'details') {
      asks.get(m.ask)?.(m.batch);
      asks.delete(m.ask);
      return;
    }
    const fetch: FetchSideDetails = (side, key) =>
      new Promise((resolve) => {
        const ask = nextAsk++;
        asks.set(ask, resolve);
        post({ type: 'details', id: m.id, ask, side, key });
      });
    try {
      const out = await renderJob(m.request, m.traces, fetch, limits);
      post({ type: 'done', id: m.id, ...out }, [out.png.buffer as ArrayBuffer]);
    } catch (err) {
      post({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) });
    }
  });
}
