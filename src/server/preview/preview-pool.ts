/**
 * The preview worker as the HTTP thread uses it (a WorkerPool of one: started on first use, one job
 * at a time, the rest in a bounded queue, a job over `killMs` ends its worker): the store asked for
 * the span details a job needs while it runs, the traces' bytes and the PNG transferred (copied only
 * when they share their buffer).
 */
import { Worker } from 'node:worker_threads';
import { transferable } from '../store/protocol.ts';
import type { Rendered, RenderLimits } from './preview-job.ts';
import { type PreviewRequest, traceIdsOf } from './preview-request.ts';
import type { FromWorker, PreviewFacts, ToWorker } from './protocol.ts';
import { WorkerPool } from './worker-pool.ts';

/** The details batch of one span of a trace, by its store key (null: none). */
export type StoreDetails = (traceId: string, key: bigint) => Promise<Uint8Array | null>;

export interface PoolOptions {
  /** Starts the worker thread; default preview-worker.mjs beside this module once bundled. */
  readonly startWorker?: (limits: Partial<RenderLimits>) => Worker;
  readonly limits?: Partial<RenderLimits>;
  readonly killMs?: number;
  readonly maxQueue?: number;
  /** Start the worker now rather than with the first job (it warms its painters and fonts up meanwhile). */
  readonly eager?: boolean;
}

export class PreviewBusyError extends Error {}

function defaultWorker(limits: Partial<RenderLimits>): Worker {
  return new Worker(new URL('./preview-worker.mjs', import.meta.url), { workerData: limits });
}

export class PreviewPool {
  private readonly pool: WorkerPool<ToWorker, FromWorker>;

  constructor(
    private readonly details: StoreDetails,
    options: PoolOptions = {},
  ) {
    const limits = options.limits ?? {};
    const start = options.startWorker ?? defaultWorker;
    this.pool = new WorkerPool({
      startWorker: () => start(limits),
      killMs: options.killMs ?? 60_000,
      maxQueue: options.maxQueue ?? 16,
      eager: options.eager,
      what: 'previews',
    });
  }

  /**
   * The job's PNG and facts; `onFacts` hears the facts before that, as soon as the worker has them.
   * Rejects with PreviewBusyError when the queue is full, with the worker's error when it fails.
   */
  render(
    request: PreviewRequest,
    traces: (Uint8Array | null)[],
    onFacts: (facts: PreviewFacts) => void = () => {},
  ): Promise<Rendered> {
    return new Promise((resolve, reject) => {
      const message: ToWorker = { type: 'render', id: this.pool.nextId(), request, traces };
      const queued = this.pool.submit({
        message,
        transfer: traces.flatMap(transferable),
        onMessage: (m, reply) => {
          if (m.type === 'details') {
            const traceId = traceIdsOf(request)[m.side];
            this.details(traceId, m.key).then(
              (batch) => reply({ type: 'details', id: m.id, ask: m.ask, batch }, transferable(batch)),
              () => reply({ type: 'details', id: m.id, ask: m.ask, batch: null }),
            );
            return false;
          }
          if (m.type === 'facts') {
            onFacts(m.facts);
            return false;
          }
          if (m.type === 'done')
            resolve({ png: m.png, drawn: m.drawn, facts: m.facts, timingsMs: m.timingsMs });
          else reject(new Error(m.message));
          return true;
        },
        fail: reject,
      });
      if (!queued) reject(new PreviewBusyError('too many previews waiting'));
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
