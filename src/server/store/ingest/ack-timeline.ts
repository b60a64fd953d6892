/**
 * Where a small export waits on its way to its acknowledgement, for benchmarks (`ackWaits` in
 * `/api/status`). Each export carries a timeline, one moment per step, stamped by the thread that
 * takes the step (the HTTP thread, the decode worker, the database worker and its ingest queue) in
 * epoch ms (`performance.timeOrigin + performance.now()`, comparable across threads). The HTTP thread
 * counts the steps' durations of small exports into histograms that only grow, so that a benchmark
 * reads them before and after a run and takes percentiles of the difference (`waitPercentile`).
 */

/** The moments, in order; each step is named by the moment that ends it. */
export const MOMENTS = [
  /** The HTTP thread hands the export to the decode worker. */
  'sent',
  'decodeStart',
  'decodeEnd',
  /** The database worker takes the prepared batches from its message queue. */
  'received',
  /** A small export's request is in the ack log (then it is answered: the moments up to 'committed' stay NaN). */
  'logged',
  /** Its batches are in the ingest queue. */
  'queued',
  /** The group holding its (last) batch starts appending. */
  'appendStart',
  'appendEnd',
  /** That group's COMMIT starts: the commits before it are done. */
  'commitStart',
  'committed',
  /** The acknowledgement reaches the HTTP thread. */
  'answered',
] as const;
export type Moment = (typeof MOMENTS)[number];
export type AckStep = Exclude<Moment, 'sent'> | 'total';

/** Epoch ms by moment index (NaN: not reached); a plain array, cheap to post between threads. */
export type AckTimeline = number[];

export function newTimeline(): AckTimeline {
  const t = new Array<number>(MOMENTS.length).fill(Number.NaN);
  stamp(t, 'sent');
  return t;
}

export function stamp(timeline: AckTimeline | undefined, moment: Moment): void {
  if (timeline) timeline[MOMENTS.indexOf(moment)] = performance.timeOrigin + performance.now();
}

/** Exports of at most this many spans are the small ones whose waits are counted. */
export const SMALL_EXPORT_SPANS = 64;

/** Bucket i holds durations up to BUCKET_MS[i]: 0.05 ms × 2^(i/3), 3 per doubling, up to ~110 s. */
const BUCKETS = 64;
export const BUCKET_MS: readonly number[] = Array.from({ length: BUCKETS }, (_, i) => 0.05 * 2 ** (i / 3));

function bucketOf(ms: number): number {
  if (!(ms > BUCKET_MS[0])) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(3 * Math.log2(ms / 0.05) - 1e-9));
}

/** What `/api/status` shows: small exports counted so far, and per step the count in each bucket. */
export interface AckWaitCounts {
  readonly exports: number;
  readonly steps: Readonly<Partial<Record<AckStep, readonly number[]>>>;
}

/** The histograms of small exports' steps (HTTP thread). */
export class AckWaits {
  private exports = 0;
  private readonly steps = new Map<AckStep, number[]>();

  /**
   * An export acknowledged: counted when it was small and its timeline runs from sent to answered.
   * Each step is timed from the last moment reached before it (one acknowledged from the ack log
   * reaches none of the ingest queue's).
   */
  add(timeline: AckTimeline, spans: number): void {
    const last = MOMENTS.length - 1;
    if (spans > SMALL_EXPORT_SPANS || timeline.length !== MOMENTS.length) return;
    if (Number.isNaN(timeline[0]) || Number.isNaN(timeline[last])) return;
    this.exports++;
    this.count('total', timeline[last] - timeline[0]);
    let reached = timeline[0];
    for (let i = 1; i < MOMENTS.length; i++) {
      if (Number.isNaN(timeline[i])) continue;
      this.count(MOMENTS[i] as AckStep, timeline[i] - reached);
      reached = timeline[i];
    }
  }

  private count(step: AckStep, ms: number): void {
    let counts = this.steps.get(step);
    if (!counts) {
      counts = new Array<number>(BUCKETS).fill(0);
      this.steps.set(step, counts);
    }
    counts[bucketOf(ms)]++;
  }

  /** A copy: later exports do not change it. */
  get counts(): AckWaitCounts {
    const steps = [...this.steps].map(([step, counts]) => [step, [...counts]]);
    return { exports: this.exports, steps: Object.fromEntries(steps) };
  }
}

/**
 * The p-th percentile (0..100) of a step's durations counted between two readings, as the upper
 * bound of its bucket (within 26% above the true value); NaN when none were counted.
 */
export function waitPercentile(
  before: AckWaitCounts | undefined,
  after: AckWaitCounts,
  step: AckStep,
  p: number,
): number {
  const now = after.steps[step] ?? [];
  const then = before?.steps[step] ?? [];
  const diff = Array.from({ length: BUCKETS }, (_, i) => (now[i] ?? 0) - (then[i] ?? 0));
  const total = diff.reduce((a, b) => a + b, 0);
  if (total <= 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += diff[i];
    if (seen >= rank) return BUCKET_MS[i];
  }
  return BUCKET_MS[BUCKETS - 1];
}
