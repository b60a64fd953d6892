/**
 * The preview worker as the HTTP thread uses it: started on first use, one job at a time (the
 * rest wait in a bounded queue), the store asked for the span details a job needs while it runs,
 * the traces' bytes and the PNG transferred (copied only when they share their buffer). A job still running after `killMs`
 * means a worker stuck on a pathological trace: the worker is ended and the job fails (the next
 * job starts a new worker), so no job holds the previews up for longer.
 */
import { Worker } from 'node:worker_threads';
import { transferable } from '../store/protocol.ts';
import type { Rendered, RenderLimits } from './preview-job.ts';
import { type PreviewRequest, traceIdsOf } from './preview-request.ts';
import type { FromWorker, PreviewFacts, RenderMessage, ToWorker } from './protocol.ts';

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

interface Job {
  readonly message: RenderMessage;
  readonly onFacts: (facts: PreviewFacts) => void;
  readonly resolve: (r: Rendered) => void;
  readonly reject: (e: Error) => void;
}

function defaultWorker(limits: Partial<RenderLimits>): Worker {
  return new Worker(new URL('./preview-worker.mjs', import.meta.url), { workerData: limits });
}

export class PreviewPool {
  private worker: Worker | null = null;
  private running: Job | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private killTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly details: StoreDetails,
    private readonly options: PoolOptions = {},
  ) {
    if (options.eager) this.ensureWorker();
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
    if (this.closed) return Promise.reject(new Error('the previews are closed'));
    if (this.queue.length >= (this.options.maxQueue ?? 16))
      return Promise.reject(new PreviewBusyError('too many previews waiting'));
    return new Promise((resolve, reject) => {
      this.queue.push({
        message: { type: 'render', id: this.nextId++, request, traces },
        onFacts,
        resolve,
        reject,
      });
      this.next();
    });
  }

  private next(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    this.ensureWorker().postMessage(job.message, job.message.traces.flatMap(transferable));
    this.killTimer = setTimeout(
      () => this.fail(new Error('the preview took too long')),
      this.options.killMs ?? 60_000,
    );
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const limits = this.options.limits ?? {};
    const worker = (this.options.startWorker ?? defaultWorker)(limits);
    worker.on('message', (m: FromWorker) => this.onMessage(worker, m));
    worker.on('error', (e: Error) => this.worker === worker && this.fail(e));
    worker.on(
      'exit',
      (code) => this.worker === worker && this.fail(new Error(`the preview worker stopped (${code})`)),
    );
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: Worker, m: FromWorker): void {
    const job = this.running;
    if (!job || m.id !== job.message.id) return;
    if (m.type === 'details') {
      const traceId = traceIdsOf(job.message.request)[m.side];
      this.details(traceId, m.key).then(
        (batch) =>
          worker.postMessage(
            { type: 'details', id: m.id, ask: m.ask, batch } satisfies ToWorker,
            transferable(batch),
          ),
        () => worker.postMessage({ type: 'details', id: m.id, ask: m.ask, batch: null } satisfies ToWorker),
      );
      return;
    }
    if (m.type === 'facts') {
      job.onFacts(m.facts);
      return;
    }
    this.finish();
    if (m.type === 'done')
      job.resolve({ png: m.png, drawn: m.drawn, facts: m.facts, timingsMs: m.timingsMs });
    else job.reject(new Error(m.message));
    this.next();
  }

  private finish(): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = null;
    this.running = null;
  }

  /** The running job fails and its worker is ended (a new one starts with the next job). */
  private fail(error: Error): void {
    const job = this.running;
    this.finish();
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    job?.reject(error);
    this.next();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the previews are closed'));
    this.running?.reject(new Error('the previews are closed'));
    this.finish();
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
