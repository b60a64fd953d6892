/**
 * Drill-down of one aggregated frame for its tooltip and span list: duration percentiles and the
 * slowest spans, by selection (O(spans of the frame)), never a full sort of a million durations.
 */
import type { AggregateInput, FlameAggregate } from './flame-aggregate.ts';
import { selectKth } from './select-kth.ts';

export interface FrameDurationStats {
  readonly p50Ns: number;
  readonly p95Ns: number;
  readonly maxNs: number;
}

type Times = Pick<AggregateInput, 'startNs' | 'endNs'>;

function durationsOf(agg: FlameAggregate, c: Times, frame: number): Float64Array {
  const from = agg.spanStart[frame];
  const durNs = new Float64Array(agg.spanStart[frame + 1] - from);
  for (let i = 0; i < durNs.length; i++) {
    const k = agg.spans[from + i];
    durNs[i] = c.endNs[k] - c.startNs[k];
  }
  return durNs;
}

/** Nearest-rank percentiles (the ⌈p/100 · count⌉-th smallest), as the statistics table has them. */
export function frameDurationStats(agg: FlameAggregate, c: Times, frame: number): FrameDurationStats {
  const durNs = durationsOf(agg, c, frame);
  const n = durNs.length;
  if (n === 0) return { p50Ns: 0, p95Ns: 0, maxNs: 0 };
  let maxNs = durNs[0];
  for (let i = 1; i < n; i++) if (durNs[i] > maxNs) maxNs = durNs[i];
  const rank = (p: number) => Math.max(0, Math.ceil((p / 100) * n) - 1);
  const p95Ns = selectKth(durNs, rank(95));
  // Everything left of the p95 rank is ≤ it, so the median lies in that part.
  const p50Ns = selectKth(durNs, rank(50), 0, rank(95) + 1);
  return { p50Ns, p95Ns, maxNs };
}

/** The frame's spans, slowest first, at most `limit` of them (equal durations: earlier node first). */
export function frameSpansBySlowest(
  agg: FlameAggregate,
  c: Times,
  frame: number,
  limit: number,
): Uint32Array {
  const from = agg.spanStart[frame];
  const n = agg.spanStart[frame + 1] - from;
  const take = Math.max(0, Math.min(limit, n));
  if (take === 0) return new Uint32Array(0);
  const durNs = durationsOf(agg, c, frame);
  // The take-th largest duration is the threshold; of the spans equal to it, the earliest make up the count.
  const thresholdNs = selectKth(durNs.slice(), n - take);
  let equalQuota = take;
  for (let i = 0; i < n; i++) if (durNs[i] > thresholdNs) equalQuota--;
  const out = new Uint32Array(take);
  let t = 0;
  for (let i = 0; i < n; i++) {
    if (durNs[i] > thresholdNs || (durNs[i] === thresholdNs && equalQuota-- > 0)) out[t++] = i;
  }
  out.sort((a, b) => durNs[b] - durNs[a] || a - b);
  for (let i = 0; i < take; i++) out[i] = agg.spans[from + out[i]];
  return out;
}
