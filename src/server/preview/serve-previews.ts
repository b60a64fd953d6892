/**
 * The preview worker's message loop: a job in (its traces' bytes), the span details it needs
 * asked of the HTTP thread as it goes, its facts out as soon as they are known, then one PNG
 * (transferred). Separate from
 * preview-worker.ts so that it runs over any MessagePort.
 */
import type { MessagePort } from 'node:worker_threads';
import { renderDiff } from './diff-card.ts';
import { Job, type Rendered, type RenderLimits } from './preview-job.ts';
import type { PreviewRequest } from './preview-request.ts';
import type { FetchSideDetails, FromWorker, PreviewFacts, ToWorker } from './protocol.ts';
import { renderTrace } from './trace-card.ts';

export function renderJob(
  request: PreviewRequest,
  traces: readonly (Uint8Array | null)[],
  fetch: FetchSideDetails,
  limits: RenderLimits,
  onFacts: (facts: PreviewFacts) => void,
): Promise<Rendered> {
  const job = new Job(onFacts);
  return request.kind === 'trace'
    ? renderTrace(request, traces[0] ?? null, (key) => fetch(0, key), limits, job)
    : renderDiff(request, traces, fetch, limits, job);
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
      const tell = (facts: PreviewFacts) => post({ type: 'facts', id: m.id, facts });
      const out = await renderJob(m.request, m.traces, fetch, limits, tell);
      post({ type: 'done', id: m.id, ...out }, [out.png.buffer as ArrayBuffer]);
    } catch (err) {
      post({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) });
    }
  });
}
