/**
 * Group commit, pipelined, with small exports first. Batches that arrive while a group is being
 * written wait and are then written together, so one fsync acknowledges many requests: a lone
 * request is written at once (low latency), and under load each group takes everything that queued
 * meanwhile (high throughput).
 *
 * Writing a group has two steps: append (rows into a transaction of its own, the CPU-heavy part)
 * and commit (WAL write and fsync). The writer has more than one transaction lane, so the next
 * group is appended while the previous one commits; commits happen one after another. A group is
 * capped in spans so that one huge import does not hold back everyone else's.
 *
 * Batches come in two lines (urgent-first.ts). Urgent ones (small exports, one batch each) have
 * lanes of their own, so they are appended at once in a group without big batches, and their group
 * commits next, before bulk groups appended earlier: a small export waits for at most the commit
 * under way. Bulk groups commit in the order they were appended (an import's batches commit in
 * order), and never wait for more than one urgent group at a time.
 */
import { type AckTimeline, stamp } from './ack-timeline.ts';
import type { SpanBatch } from './span-batch.ts';
import { UrgentFirst } from './urgent-first.ts';

/** The bulk line and the urgent line, each with its own transaction lanes. */
export type Line = 'bulk' | 'urgent';

interface Waiting {
  readonly batch: SpanBatch;
  /** The export's timeline (ack-timeline.ts), stamped as its batch moves on. */
  readonly timeline: AckTimeline | undefined;
  /** The ack-log seq of an export acknowledged from the log (logged-exports.ts), committed with its rows. */
  readonly logSeq: number | undefined;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** A group appended in its transaction, waiting for its commit. */
export interface OpenGroup {
  /** Commits; on failure nothing of the group is stored and the error is thrown. */
  commit(): Promise<void>;
}

export interface GroupWriter {
  /** Resolves when a group of `line` can be appended (one of its transaction lanes is free). */
  ready(line: Line): Promise<void>;
  /**
   * Appends the group on a free lane of `line`, with the ack-log seqs it applies; on failure nothing
   * of it is stored and the error is thrown.
   */
  append(batches: readonly SpanBatch[], line: Line, logSeqs: readonly number[]): Promise<OpenGroup>;
}

interface Appended {
  readonly group: readonly Waiting[];
  readonly open: OpenGroup;
}

export class IngestQueue {
  private readonly waiting: Record<Line, Waiting[]> = { bulk: [], urgent: [] };
  private readonly appending: Record<Line, Promise<void> | null> = { bulk: null, urgent: null };
  private readonly appended = new UrgentFirst<Appended>();
  private committing: Promise<void> | null = null;
  private waitingSpans = 0;

  constructor(
    private readonly writer: GroupWriter,
    private readonly maxGroupSpans = 50_000,
  ) {}

  /** Spans submitted and not yet committed (including the groups being written). */
  get pendingSpans(): number {
    return this.waitingSpans;
  }

  /**
   * Resolves once the batch is committed; rejects when its group failed. `urgent`: a small export's
   * only batch (never an import's: those must commit in order). `logSeq`: the ack-log entry it applies.
   */
  submit(batch: SpanBatch, timeline?: AckTimeline, urgent = false, logSeq?: number): Promise<void> {
    stamp(timeline, 'queued');
    const line: Line = urgent ? 'urgent' : 'bulk';
    const done = new Promise<void>((resolve, reject) =>
      this.waiting[line].push({ batch, timeline, logSeq, resolve, reject }),
    );
    this.waitingSpans += batch.count;
    this.appending[line] ??= this.append(line);
    return done;
  }

  /** Resolves when everything submitted so far has been committed (or has failed). */
  async drain(): Promise<void> {
    while (this.appending.bulk || this.appending.urgent || this.committing)
      await Promise.all([this.appending.bulk, this.appending.urgent, this.committing]);
  }

  private settle(group: readonly Waiting[], error?: unknown): void {
    for (const w of group) {
      stamp(w.timeline, 'committed');
      this.waitingSpans -= w.batch.count;
      if (error === undefined) w.resolve();
      else w.reject(error);
    }
  }

  /** Appends the line's groups while batches wait, handing each to the commits. */
  private async append(line: Line): Promise<void> {
    const waiting = this.waiting[line];
    try {
      while (waiting.length > 0) {
        // Take the group only once a lane is free: whatever arrived until then joins it.
        await this.writer.ready(line);
        const group = this.takeGroup(waiting);
        stampAll(group, 'appendStart');
        let open: OpenGroup;
        try {
          open = await this.writer.append(
            group.map((w) => w.batch),
            line,
            group.flatMap((w) => (w.logSeq === undefined ? [] : [w.logSeq])),
          );
        } catch (error) {
          this.settle(group, error);
          continue;
        }
        stampAll(group, 'appendEnd');
        this.appended.push({ group, open }, line === 'urgent');
        this.committing ??= this.commit();
      }
    } finally {
      this.appending[line] = null;
    }
  }

  /** Commits the appended groups one at a time, urgent first (urgent-first.ts). */
  private async commit(): Promise<void> {
    try {
      for (let next = this.appended.shift(); next; next = this.appended.shift()) {
        stampAll(next.group, 'commitStart');
        try {
          await next.open.commit();
          this.settle(next.group);
        } catch (error) {
          this.settle(next.group, error);
        }
      }
    } finally {
      this.committing = null;
    }
  }

  private takeGroup(waiting: Waiting[]): Waiting[] {
    let n = 1;
    let spans = waiting[0].batch.count;
    while (n < waiting.length && spans + waiting[n].batch.count <= this.maxGroupSpans) {
      spans += waiting[n].batch.count;
      n++;
    }
    return waiting.splice(0, n);
  }
}

function stampAll(group: readonly Waiting[], moment: 'appendStart' | 'appendEnd' | 'commitStart'): void {
  for (const w of group) stamp(w.timeline, moment);
}
