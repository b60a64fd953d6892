/**
 * Worker threads that run jobs off the HTTP thread, as link previews and external sources' trace
 * conversions use them: started on first use, each running one job at a time while the rest wait in a
 * bounded queue, bytes transferred. A job still running after `killMs` means a worker stuck on a
 * pathological trace: that worker is ended and the job fails (the next job starts a new worker), so no
 * job holds the others up for longer; a worker that stops or throws fails its job the same way.
 */
import type { Worker } from 'node:worker_threads';

export interface WorkerPoolOptions {
  /** Starts one worker thread. */
  readonly startWorker: () => Worker;
  /** Workers running jobs at once (default 1). */
  readonly size?: number;
  readonly killMs: number;
  readonly maxQueue: number;
  /** Start the workers now rather than with the first job (they warm up meanwhile). */
  readonly eager?: boolean;
  /** What the jobs are, for messages (`the previews are closed`). */
  readonly what: string;
}

/** A message that starts a job, or one of a job's: each carries its job's id. */
export interface JobMessage {
  readonly id: number;
}

export type Reply<ToWorker> = (message: ToWorker, transfer?: ArrayBuffer[]) => void;

export interface PoolJob<ToWorker extends JobMessage, FromWorker extends JobMessage> {
  readonly message: ToWorker;
  readonly transfer: ArrayBuffer[];
  /** A message of this job from its worker (`reply` answers that worker); true when it ends the job. */
  onMessage(m: FromWorker, reply: Reply<ToWorker>): boolean;
  /** The job failed: its worker stopped or threw, it ran over `killMs`, or the pool closed. */
  fail(error: Error): void;
}

interface Slot<ToWorker extends JobMessage, FromWorker extends JobMessage> {
  worker: Worker | null;
  job: PoolJob<ToWorker, FromWorker> | null;
  killTimer: ReturnType<typeof setTimeout> | null;
}

/** Jobs started by a ToWorker message, answered by FromWorker messages (a job may exchange several). */
export class WorkerPool<ToWorker extends JobMessage, FromWorker extends JobMessage> {
  private readonly slots: Slot<ToWorker, FromWorker>[];
  private readonly queue: PoolJob<ToWorker, FromWorker>[] = [];
  private lastId = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.size ?? 1 }, () => ({
      worker: null,
      job: null,
      killTimer: null,
    }));
    if (options.eager) for (const slot of this.slots) this.ensureWorker(slot);
  }

  /** A fresh job id. */
  nextId(): number {
    return ++this.lastId;
  }

  /** Queues the job; false (the job untouched) when the queue is full. */
  submit(job: PoolJob<ToWorker, FromWorker>): boolean {
    if (this.closed) {
      job.fail(new Error(`the ${this.options.what} are closed`));
      return true;
    }
    if (this.queue.length >= this.options.maxQueue) return false;
    this.queue.push(job);
    this.next();
    return true;
  }

  private next(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      this.ensureWorker(slot).postMessage(job.message, job.transfer);
      slot.killTimer = setTimeout(
        () => this.fail(slot, new Error(`the ${this.options.what} took too long`)),
        this.options.killMs,
      );
    }
  }

  private ensureWorker(slot: Slot<ToWorker, FromWorker>): Worker {
    if (slot.worker) return slot.worker;
    const worker = this.options.startWorker();
    worker.on('message', (m: FromWorker) => slot.worker === worker && this.onMessage(slot, worker, m));
    worker.on('error', (e: Error) => slot.worker === worker && this.fail(slot, e));
    worker.on(
      'exit',
      (code) =>
        slot.worker === worker &&
        this.fail(slot, new Error(`the ${this.options.what} worker stopped (${code})`)),
    );
    worker.unref();
    slot.worker = worker;
    return worker;
  }

  private onMessage(slot: Slot<ToWorker, FromWorker>, worker: Worker, m: FromWorker): void {
    const job = slot.job;
    if (!job || m.id !== job.message.id) return;
    const reply: Reply<ToWorker> = (message, transfer) => {
      if (slot.worker === worker) worker.postMessage(message, transfer);
    };
    if (!job.onMessage(m, reply)) return;
    this.finish(slot);
    this.next();
  }

  private finish(slot: Slot<ToWorker, FromWorker>): void {
    if (slot.killTimer) clearTimeout(slot.killTimer);
    slot.killTimer = null;
    slot.job = null;
  }

  /** The slot's job fails and its worker is ended (a new one starts with the next job). */
  private fail(slot: Slot<ToWorker, FromWorker>, error: Error): void {
    const job = slot.job;
    this.finish(slot);
    const worker = slot.worker;
    slot.worker = null;
    void worker?.terminate();
    job?.fail(error);
    this.next();
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new Error(`the ${this.options.what} are closed`);
    for (const job of this.queue.splice(0)) job.fail(error);
    await Promise.all(
      this.slots.map((slot) => {
        const job = slot.job;
        this.finish(slot);
        job?.fail(error);
        const worker = slot.worker;
        slot.worker = null;
        return worker?.terminate();
      }),
    );
  }
}
