/**
 * Comparison with the typical trace (DESIGN §6): B aligned, by the diff's rules (align.ts), against
 * each of N baseline traces of its kind. Per node of B: the share of baselines in which it has a
 * match (presence), the p50/p95 duration of its matches (nearest rank), and the flags `new` (no
 * match in any baseline) and `slow` (longer than that p95). A baseline span with no match in B whose
 * parent has one is a `missing` candidate, known across baselines by (B parent, (service, name),
 * rank among such spans under that parent); present in ≥ 80% of the baselines, it becomes a ghost
 * row under its B parent at its median offset from the parent's start.
 *
 * The summary names the earliest flagged row, each at the moment its flag shows (as the diff's first
 * divergence): a new span (the top of a new subtree) at its start, a ghost where it would start, a
 * slow span when it outlasts the baseline's p95 (start + p95), so that a span slow because of a slow
 * call inside it yields to that call; on a tie, the deeper row.
 *
 * Attributes do not break ties here (their details would be decoded N times over). O(N · (n + m))
 * plus the sorting of each node's ≤ N durations; no baselines, no flags.
 */
import { percentile } from '../analysis/stats.ts';
import type { TraceTree } from '../tree/types.ts';
import { alignTrees } from './align.ts';
import { KeySpace } from './keys.ts';

export const TypicalFlag = { New: 1, Slow: 2 } as const;

/** A baseline span missing from B, drawn as a ghost row. */
export interface Ghost {
  /** B node it belongs under, -1 at the top level. */
  readonly parent: number;
  readonly service: string;
  readonly name: string;
  /** Share of the baselines that have it. */
  readonly presence: number;
  readonly p50Ns: number;
  readonly p95Ns: number;
  /** Where it would start in B: the parent's start + its median offset from its parent (ns from B's base). */
  readonly atNs: number;
}

export interface TypicalFlagged {
  readonly reason: 'new' | 'slow' | 'missing';
  /** The B node, or (missing) the index into `ghosts`. */
  readonly index: number;
  /** When the flag shows, ns from B's base. */
  readonly atNs: number;
}

export interface TypicalComparison {
  readonly b: TraceTree;
  readonly baselineCount: number;
  /** Per B node: share of the baselines with a match (0..1). */
  readonly presence: Float64Array;
  /** Per B node: p50 and p95 duration of its matches, NaN when it has none. */
  readonly p50Ns: Float64Array;
  readonly p95Ns: Float64Array;
  /** Per B node: TypicalFlag bits. */
  readonly flags: Uint8Array;
  /** Ghost rows, in order of atNs. */
  readonly ghosts: readonly Ghost[];
  readonly earliest: TypicalFlagged | null;
}

/** A span at this share of the baselines or more is expected in B. */
export const MISSING_PRESENCE = 0.8;

interface GhostTally {
  readonly parent: number;
  readonly key: number;
  readonly durations: number[];
  readonly offsets: number[];
}

function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  return percentile(sorted, 50);
}

export function compareWithTypical(b: TraceTree, baselines: readonly TraceTree[]): TypicalComparison {
  const n = b.nodeCount;
  const count = baselines.length;
  const keys = new KeySpace();
  // Durations of B node y's matches: durations[y · count .. y · count + matched[y]).
  const durations = new Float64Array(n * count);
  const matched = new Uint32Array(n);
  const tallies = new Map<string, GhostTally>();
  for (const a of baselines) {
    const { bOfA } = alignTrees(a, b, { keys, attributeTieBreak: false });
    const keyA = keys.keysOf(a);
    for (let x = 0; x < a.nodeCount; x++) {
      const y = bOfA[x];
      if (y >= 0) durations[y * count + matched[y]++] = a.endNs[x] - a.startNs[x];
    }
    const rank = new Map<string, number>();
    for (let x = 0; x < a.nodeCount; x++) {
      const p = a.parent[x];
      if (bOfA[x] >= 0 || a.row[x] < 0 || (p >= 0 && bOfA[p] < 0)) continue;
      const parent = p < 0 ? -1 : bOfA[p];
      const slot = `${parent} ${keyA[x]}`;
      const r = rank.get(slot) ?? 0;
      rank.set(slot, r + 1);
      const id = `${slot} ${r}`;
      let tally = tallies.get(id);
      if (tally === undefined) {
        tally = { parent, key: keyA[x], durations: [], offsets: [] };
        tallies.set(id, tally);
      }
      tally.durations.push(a.endNs[x] - a.startNs[x]);
      tally.offsets.push(a.startNs[x] - (p < 0 ? 0 : a.startNs[p]));
    }
  }

  const presence = new Float64Array(n);
  const p50Ns = new Float64Array(n).fill(Number.NaN);
  const p95Ns = new Float64Array(n).fill(Number.NaN);
  const flags = new Uint8Array(n);
  for (let y = 0; y < n; y++) {
    const got = matched[y];
    presence[y] = count === 0 ? 0 : got / count;
    if (got > 0) {
      const sorted = durations.subarray(y * count, y * count + got).sort();
      p50Ns[y] = percentile(sorted, 50);
      p95Ns[y] = percentile(sorted, 95);
    }
    if (count === 0 || b.row[y] < 0) continue;
    if (got === 0) flags[y] = TypicalFlag.New;
    else if (b.endNs[y] - b.startNs[y] > p95Ns[y]) flags[y] = TypicalFlag.Slow;
  }

  const ghosts: Ghost[] = [];
  for (const t of tallies.values()) {
    // ≥ 80% without floating-point doubt: got / count ≥ 4/5.
    if (t.durations.length * 5 < count * 4) continue;
    const sorted = Float64Array.from(t.durations).sort();
    ghosts.push({
      parent: t.parent,
      service: keys.service(t.key),
      name: keys.name(t.key),
      presence: t.durations.length / count,
      p50Ns: percentile(sorted, 50),
      p95Ns: percentile(sorted, 95),
      atNs: (t.parent < 0 ? 0 : b.startNs[t.parent]) + median(t.offsets),
    });
  }
  ghosts.sort((x, y) => x.atNs - y.atNs);
  return {
    b,
    baselineCount: count,
    presence,
    p50Ns,
    p95Ns,
    flags,
    ghosts,
    earliest: earliestFlagged(b, flags, p95Ns, ghosts),
  };
}

function earliestFlagged(
  b: TraceTree,
  flags: Uint8Array,
  p95Ns: Float64Array,
  ghosts: readonly Ghost[],
): TypicalFlagged | null {
  let best: TypicalFlagged | null = null;
  let bestDepth = -1;
  const consider = (candidate: TypicalFlagged, depth: number): void => {
    if (best === null || candidate.atNs < best.atNs || (candidate.atNs === best.atNs && depth > bestDepth)) {
      best = candidate;
      bestDepth = depth;
    }
  };
  for (let y = 0; y < b.nodeCount; y++) {
    if (flags[y] & TypicalFlag.Slow)
      consider({ reason: 'slow', index: y, atNs: b.startNs[y] + p95Ns[y] }, b.depth[y]);
    const p = b.parent[y];
    if (flags[y] & TypicalFlag.New && (p < 0 || !(flags[p] & TypicalFlag.New)))
      consider({ reason: 'new', index: y, atNs: b.startNs[y] }, b.depth[y]);
  }
  ghosts.forEach((g, i) => {
    consider({ reason: 'missing', index: i, atNs: g.atNs }, g.parent < 0 ? 0 : b.depth[g.parent] + 1);
  });
  return best;
}
