/**
 * Group commit, pipelined. Batches that arrive while a group is being written wait and are then
 * written together, so one fsync acknowledges many requests: a lone request is written at once (low
 * latency), and under load each group takes everything that queued meanwhile (high throughput).
 *
 * Writing a group has two steps: append (rows into a transaction of its own, the CPU-heavy part)
 * and commit (WAL write and fsync). The writer has more than one transaction lane, so the next
 * group is appended while the previous one commits; commits still happen one after another, in
 * order. A group is capped in spans so that one huge import does not hold back everyone else's.
 */
import { type AckTimeline, stamp } from './ack-timeline.ts';
import type { SpanBatch } from './span-batch.ts';

interface Waiting {
  readonly batch: SpanBatch;
  /** The export's timeline (ack-timeline.ts), stamped as its batch moves on. */
  readonly timeline: AckTimeline | undefined;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** A group appended in its transaction, waiting for its commit. */
export interface OpenGroup {
  /** Commits; on failure nothing of the group is stored and the error is thrown. */
  commit(): Promise<void>;
}

export interface GroupWriter {
  /** Resolves when a group can be appended (a transaction lane is free). */
  ready(): Promise<void>;
  /** Appends the group on the free lane; on failure nothing of it is stored and the error is thrown. */
  append(batches: readonly SpanBatch[]): Promise<OpenGroup>;
}

export class IngestQueue {
  private readonly waiting: Waiting[] = [];
  private running: Promise<void> | null = null;
  private waitingSpans = 0;
  /** Set while the run loop waits for a batch to arrive. */
  private wake: (() => void) | null = null;

  constructor(
    private readonly writer: GroupWriter,
    private readonly maxGroupSpans = 50_000,
  ) {}

  /** Spans submitted and not yet committed (including the groups being written). */
  get pendingSpans(): number {
    return this.waitingSpans;
  }

  /** Resolves once the batch is committed; rejects when its group failed. */
  submit(batch: SpanBatch, timeline?: AckTimeline): Promise<void> {
    stamp(timeline, 'queued');
    const done = new Promise<void>((resolve, reject) =>
      this.waiting.push({ batch, timeline, resolve, reject }),
    );
    this.waitingSpans += batch.count;
    this.wake?.();
    this.running ??= this.run();
    return done;
  }

  /** Resolves when everything submitted so far has been committed (or has failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private settle(group: readonly Waiting[], error?: unknown): void {
    for (const w of group) {
      stamp(w.timeline, 'committed');
      this.waitingSpans -= w.batch.count;
      if (error === undefined) w.resolve();
      else w.reject(error);
    }
  }

  private async run(): Promise<void> {
    let previousCommit: Promise<unknown> = Promise.resolve();
    try {
      for (;;) {
        if (this.waiting.length === 0) {
          // Nothing to append: stop once the commits in flight are done, unless a batch comes first.
          const arrived = new Promise<'arrived'>((resolve) => {
            this.wake = () => resolve('arrived');
          });
          const next = await Promise.race([previousCommit.then(() => 'committed' as const), arrived]);
          this.wake = null;
          if (next === 'committed' && this.waiting.length === 0) return;
          continue;
        }
        // Take the group only once a lane is free: whatever arrived until then joins it.
        await this.writer.ready();
        const group = this.takeGroup();
        stampAll(group, 'appendStart');
        let open: OpenGroup;
        try {
          open = await this.writer.append(group.map((w) => w.batch));
        } catch (error) {
          this.settle(group, error);
          continue;
        }
        stampAll(group, 'appendEnd');
        const committed = previousCommit.then(() => {
          stampAll(group, 'commitStart');
          return open.commit();
        });
        committed.then(
          () => this.settle(group),
          (error: unknown) => this.settle(group, error),
        );
        previousCommit = committed.catch(() => undefined);
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

function stampAll(group: readonly Waiting[], moment: 'appendStart' | 'appendEnd' | 'commitStart'): void {
  for (const w of group) stamp(w.timeline, moment);
}
