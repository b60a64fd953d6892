/**
 * Group commit. Batches that arrive while a commit runs wait and are then committed together, so
 * one fsync acknowledges many requests: a lone request is committed at once (low latency), and
 * under load each commit takes everything that queued behind the previous one (high throughput).
 * A group is capped in spans so that one huge import does not hold back everyone else's commits.
 */
import type { SpanBatch } from './span-batch.ts';

interface Waiting {
  readonly batch: SpanBatch;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export type WriteGroup = (batches: readonly SpanBatch[]) => Promise<void>;

export class IngestQueue {
  private readonly waiting: Waiting[] = [];
  private running: Promise<void> | null = null;
  private waitingSpans = 0;

  constructor(
    private readonly writeGroup: WriteGroup,
    private readonly maxGroupSpans = 50_000,
  ) {}

  /** Spans submitted and not yet committed (including the group being committed). */
  get pendingSpans(): number {
    return this.waitingSpans;
  }

  /** Resolves once the batch is committed; rejects when its group's commit failed. */
  submit(batch: SpanBatch): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ batch, resolve, reject }));
    this.waitingSpans += batch.count;
    this.running ??= this.run();
    return done;
  }

  /** Resolves when everything submitted so far has been committed (or has failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
        try {
          await this.writeGroup(group.map((w) => w.batch));
          for (const w of group) w.resolve();
        } catch (error) {
          for (const w of group) w.reject(error);
        }
        for (const w of group) this.waitingSpans -= w.batch.count;
      }
    } finally {
      this.running = null;
    }
  }

  private takeGroup(): Waiting[] {
    let n = 1;
    let spans = this.waiting[0].batch.count;
    while (n < this.waiting.length && spans + this.waiting[n].batch.count <= this.maxGroupSpans) {
      spans += this.waiting[n].batch.count;
      n++;
    }
    return this.waiting.splice(0, n);
  }
}
