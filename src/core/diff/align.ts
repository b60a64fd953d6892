/**
 * Span alignment of two traces (DESIGN §6): A the baseline, B the trace under study. Top-down, from
 * pairs already matched to their children:
 *
 * 1. Key pass: children are grouped by (service, name); within a group the spans are matched in
 *    start order (match-sequence.ts): k-th with k-th when the counts agree, else the cheapest
 *    order-preserving choice, a pair costing 4 if the kinds differ (unspecified = internal)
 *    + |difference of the starts relative to the parents| / the parents' longer duration (capped
 *    at 1) + the share of differing attribute keys, the last only in groups of ≤ 16 spans, whose
 *    details are cheap to read. The order between different keys is free, so parallel calls that
 *    started in another order still match.
 * 2. Shape pass: children still unmatched on both sides that have children of their own are grouped
 *    by shape (shape-hash.ts: the subtree's (service, name) structure without the span's own name)
 *    and matched the same way, so a renamed span over the same calls is `changed`. A leaf has no
 *    shape to go by: a renamed leaf is removed + added.
 * 3. The top level (roots and the synthetic "missing parent" nodes, which share one key so orphans
 *    meet orphans) is aligned like children; then, if exactly one root is left unmatched on each
 *    side, those two are matched: roots match roots, so two different operations still line up
 *    their common calls underneath. Anything else left over is added (B) or removed (A), with its
 *    whole subtree.
 *
 * Cost: O(nA + nB) for the child lists, keys and counting sorts (a parent whose children have the
 * same keys in the same order, the common case, is one comparison per child), O(n) subtree hashes
 * once if a shape pass runs, plus the matching programme's cells, at most DEFAULT_CELL_BUDGET per
 * alignment before the linear greedy pass takes over: near-linear overall, never |children|².
 */
import { SpanKind } from '../model/types.ts';
import type { TraceTree } from '../tree/types.ts';
import { attributeDistance } from './attributes.ts';
import { KeySpace, MISSING_PARENT_KEY } from './keys.ts';
import { type PairCost, SequenceMatcher } from './match-sequence.ts';
import { type SubtreeHashes, subtreeHashes } from './shape-hash.ts';

/** How a B node was matched (Alignment.matchedBy). */
export const MatchedBy = { None: 0, Key: 1, Shape: 2, Root: 3 } as const;

export interface AlignOptions {
  /** Keys shared by several alignments (one trace against many); a new space by default. */
  readonly keys?: KeySpace;
  /** Read span attributes to break ties in small groups of same-key spans (default true). */
  readonly attributeTieBreak?: boolean;
  /** Cells of the matching programme this alignment may fill (match-sequence.ts). */
  readonly cellBudget?: number;
}

/** Under matched parents (or at the top level, -1), a (service, name) whose span counts differ. */
export interface RepeatGroup {
  readonly aParent: number;
  readonly bParent: number;
  readonly key: number;
  readonly countA: number;
  readonly countB: number;
}

export interface Alignment {
  readonly a: TraceTree;
  readonly b: TraceTree;
  readonly keys: KeySpace;
  /** The B node matched with A node k, or -1. */
  readonly bOfA: Int32Array;
  /** The A node matched with B node k, or -1. */
  readonly aOfB: Int32Array;
  /** MatchedBy of each B node. */
  readonly matchedBy: Uint8Array;
  /** Groups of one key with ≥ 2 spans on a side and different counts on the two sides. */
  readonly repeats: readonly RepeatGroup[];
}

/** Groups of at most this many spans may read attributes to break ties (details cost ~4 µs each). */
const ATTRIBUTE_GROUP_MAX = 16;
const KIND_MISMATCH_COST = 4;

/**
 * Span kinds compared as OTLP advises (an UNSPECIFIED kind may be taken as INTERNAL), so that a
 * trace that went through Jaeger (which leaves internal spans untagged) still matches its original.
 */
export function kindsDiffer(x: number, y: number): boolean {
  return (x || SpanKind.Internal) !== (y || SpanKind.Internal);
}

export function alignTrees(a: TraceTree, b: TraceTree, options: AlignOptions = {}): Alignment {
  return new Aligner(a, b, options).run();
}

class Aligner {
  private readonly keys: KeySpace;
  private readonly keyA: Int32Array;
  private readonly keyB: Int32Array;
  private readonly bOfA: Int32Array;
  private readonly aOfB: Int32Array;
  private readonly matchedBy: Uint8Array;
  private readonly repeats: RepeatGroup[] = [];
  private readonly matcher: SequenceMatcher;
  private readonly attributeTieBreak: boolean;
  // Matched pairs whose children are still to align.
  private readonly stackA: Int32Array;
  private readonly stackB: Int32Array;
  private top = 0;
  // Scratch of one parent pair: children lists, per-key counts, buckets of children by key.
  private readonly listA: Int32Array;
  private readonly listB: Int32Array;
  private readonly bucketA: Int32Array;
  private readonly bucketB: Int32Array;
  private readonly countA: Int32Array;
  private readonly countB: Int32Array;
  private readonly startA: Int32Array;
  private readonly startB: Int32Array;
  private readonly touched: Int32Array;
  private hashesA: SubtreeHashes | null = null;
  private hashesB: SubtreeHashes | null = null;
  // The parent pair being aligned, read by the cost function.
  private parentStartA = 0;
  private parentStartB = 0;
  private scaleNs = 1;
  private useAttributes = false;
  private readonly cost: PairCost = (x, y) => this.pairCost(x, y);

  constructor(
    private readonly a: TraceTree,
    private readonly b: TraceTree,
    options: AlignOptions,
  ) {
    this.keys = options.keys ?? new KeySpace();
    this.keyA = this.keys.keysOf(a);
    this.keyB = this.keys.keysOf(b);
    this.bOfA = new Int32Array(a.nodeCount).fill(-1);
    this.aOfB = new Int32Array(b.nodeCount).fill(-1);
    this.matchedBy = new Uint8Array(b.nodeCount);
    this.matcher = new SequenceMatcher(options.cellBudget);
    this.attributeTieBreak = options.attributeTieBreak ?? true;
    const pairs = Math.min(a.nodeCount, b.nodeCount);
    this.stackA = new Int32Array(pairs);
    this.stackB = new Int32Array(pairs);
    this.listA = new Int32Array(a.nodeCount);
    this.listB = new Int32Array(b.nodeCount);
    this.bucketA = new Int32Array(a.nodeCount);
    this.bucketB = new Int32Array(b.nodeCount);
    const keyCount = this.keys.size;
    this.countA = new Int32Array(keyCount);
    this.countB = new Int32Array(keyCount);
    this.startA = new Int32Array(keyCount);
    this.startB = new Int32Array(keyCount);
    this.touched = new Int32Array(Math.min(keyCount, a.nodeCount + b.nodeCount));
  }

  run(): Alignment {
    const { a, b } = this;
    this.alignChildren(-1, -1);
    this.matchLoneRoots();
    while (this.top > 0) {
      this.top--;
      this.alignChildren(this.stackA[this.top], this.stackB[this.top]);
    }
    return {
      a,
      b,
      keys: this.keys,
      bOfA: this.bOfA,
      aOfB: this.aOfB,
      matchedBy: this.matchedBy,
      repeats: this.repeats,
    };
  }

  private pair(x: number, y: number, by: number): void {
    this.bOfA[x] = y;
    this.aOfB[y] = x;
    this.matchedBy[y] = by;
    if (this.a.childCount[x] > 0 && this.b.childCount[y] > 0) {
      this.stackA[this.top] = x;
      this.stackB[this.top] = y;
      this.top++;
    }
  }

  private readonly pairByKey = (x: number, y: number): void => this.pair(x, y, MatchedBy.Key);
  private readonly pairByShape = (x: number, y: number): void => this.pair(x, y, MatchedBy.Shape);

  private pairCost(x: number, y: number): number {
    const { a, b } = this;
    const rowA = a.row[x];
    const rowB = b.row[y];
    let cost = 0;
    if (rowA >= 0 && rowB >= 0 && kindsDiffer(a.table.kinds[rowA], b.table.kinds[rowB]))
      cost += KIND_MISMATCH_COST;
    const shiftNs = a.startNs[x] - this.parentStartA - (b.startNs[y] - this.parentStartB);
    cost += Math.min(1, Math.abs(shiftNs) / this.scaleNs);
    if (this.useAttributes && rowA >= 0 && rowB >= 0)
      cost += attributeDistance(a.table.details(rowA).attributes, b.table.details(rowB).attributes);
    return cost;
  }

  /** Children of node k (the top level for -1) into `list`; returns their number. */
  private static children(tree: TraceTree, k: number, list: Int32Array): number {
    let n = 0;
    const end = k < 0 ? tree.nodeCount : tree.subtreeEnd[k];
    for (let c = k + 1; c < end; c = tree.subtreeEnd[c]) list[n++] = c;
    return n;
  }

  /** Duration of node k, or for the top level (-1) the time from 0 to its latest end. */
  private static spanNs(tree: TraceTree, k: number, list: Int32Array, count: number): number {
    if (k >= 0) return tree.endNs[k] - tree.startNs[k];
    let endNs = 0;
    for (let i = 0; i < count; i++) endNs = Math.max(endNs, tree.endNs[list[i]]);
    return endNs;
  }

  private alignChildren(pa: number, pb: number): void {
    const { a, b, keyA, keyB, listA, listB } = this;
    const m = Aligner.children(a, pa, listA);
    const n = Aligner.children(b, pb, listB);
    if (m === 0 || n === 0) return;
    let same = m === n;
    for (let i = 0; same && i < m; i++) same = keyA[listA[i]] === keyB[listB[i]];
    if (same) {
      for (let i = 0; i < m; i++) this.pair(listA[i], listB[i], MatchedBy.Key);
      return;
    }
    this.parentStartA = pa < 0 ? 0 : a.startNs[pa];
    this.parentStartB = pb < 0 ? 0 : b.startNs[pb];
    this.scaleNs = Math.max(1, Aligner.spanNs(a, pa, listA, m), Aligner.spanNs(b, pb, listB, n));
    this.keyPass(pa, pb, m, n);
    this.shapePass(m, n);
  }

  private keyPass(pa: number, pb: number, m: number, n: number): void {
    const { keyA, keyB, listA, listB, countA, countB, startA, startB, bucketA, bucketB, touched } = this;
    let t = 0;
    for (let i = 0; i < m; i++) {
      const k = keyA[listA[i]];
      if (countA[k] === 0) touched[t++] = k;
      countA[k]++;
    }
    for (let j = 0; j < n; j++) {
      const k = keyB[listB[j]];
      if (countA[k] === 0 && countB[k] === 0) touched[t++] = k;
      countB[k]++;
    }
    // Buckets by key, each in start order (a counting sort over the keys present).
    let offA = 0;
    let offB = 0;
    for (let i = 0; i < t; i++) {
      const k = touched[i];
      startA[k] = offA;
      startB[k] = offB;
      offA += countA[k];
      offB += countB[k];
    }
    for (let i = 0; i < m; i++) bucketA[startA[keyA[listA[i]]]++] = listA[i];
    for (let j = 0; j < n; j++) bucketB[startB[keyB[listB[j]]]++] = listB[j];
    for (let i = 0; i < t; i++) {
      const k = touched[i];
      const ca = countA[k];
      const cb = countB[k];
      // The fill above moved each start to its bucket's end.
      const fromA = startA[k] - ca;
      const fromB = startB[k] - cb;
      if (ca > 0 && cb > 0) {
        this.useAttributes = this.attributeTieBreak && ca !== cb && ca + cb <= ATTRIBUTE_GROUP_MAX;
        this.matcher.match(
          bucketA.subarray(fromA, fromA + ca),
          bucketB.subarray(fromB, fromB + cb),
          this.cost,
          this.pairByKey,
        );
      }
      // Synthetic "missing parent" nodes are no calls.
      if (ca !== cb && Math.max(ca, cb) >= 2 && k !== MISSING_PARENT_KEY)
        this.repeats.push({ aParent: pa, bParent: pb, key: k, countA: ca, countB: cb });
      countA[k] = 0;
      countB[k] = 0;
    }
  }

  private shapePass(m: number, n: number): void {
    const { a, b, listA, listB, bOfA, aOfB } = this;
    const left = (tree: TraceTree, list: Int32Array, count: number, matched: Int32Array): number[] => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const k = list[i];
        if (matched[k] < 0 && tree.row[k] >= 0 && tree.childCount[k] > 0) out.push(k);
      }
      return out;
    };
    const leftA = left(a, listA, m, bOfA);
    if (leftA.length === 0) return;
    const leftB = left(b, listB, n, aOfB);
    if (leftB.length === 0) return;
    this.hashesA ??= subtreeHashes(a, this.keys);
    this.hashesB ??= subtreeHashes(b, this.keys);
    const groups = new Map<number, { as: number[]; bs: number[] }>();
    for (const k of leftA) {
      const h = this.hashesA.shape[k];
      const g = groups.get(h);
      if (g) g.as.push(k);
      else groups.set(h, { as: [k], bs: [] });
    }
    for (const k of leftB) groups.get(this.hashesB.shape[k])?.bs.push(k);
    this.useAttributes = false;
    for (const g of groups.values())
      if (g.bs.length > 0) this.matcher.match(g.as, g.bs, this.cost, this.pairByShape);
  }

  /** Roots match roots: one unmatched root on each side are taken as the same operation. */
  private matchLoneRoots(): void {
    const lone = (tree: TraceTree, matched: Int32Array): number => {
      let found = -1;
      for (let k = 0; k < tree.nodeCount; k = tree.subtreeEnd[k]) {
        if (matched[k] >= 0 || tree.row[k] < 0) continue;
        if (found >= 0) return -1;
        found = k;
      }
      return found;
    };
    const x = lone(this.a, this.bOfA);
    const y = lone(this.b, this.aOfB);
    if (x >= 0 && y >= 0) this.pair(x, y, MatchedBy.Root);
  }
}
