/**
 * The reconstructed span tree. Nodes are numbered in pre-order: node k is the k-th row of a fully
 * expanded waterfall, its subtree is [k, subtreeEnd[k]), and collapsing it skips to subtreeEnd[k]
 * in O(1). Copies of one span are dropped from the tree; synthetic "missing parent" nodes are added
 * above orphans.
 */
import type { SpanTable } from '../model/span-table.ts';

/** Bits of TraceTree.nodeFlags. */
export const NodeFlag = {
  /** A synthetic "missing parent" node (row = -1); its span id is the missing parent's id. */
  MissingParent: 1,
  /** The span's parent id is not in the trace. */
  Orphan: 2,
  /** The clock-skew adjuster moved this span. */
  SkewAdjusted: 4,
  /** The span shares its id with an earlier, different span and got a derived id. */
  DuplicateId: 8,
  /** The span had no start time; it starts where its parent starts. */
  MissingStart: 16,
  /** The span had no duration or a negative one; it is drawn with duration 0. */
  MissingDuration: 32,
  /** Status ERROR (or Jaeger/Zipkin error tag). */
  Error: 64,
  /** The parent link was cut to break a cycle. */
  CycleBroken: 128,
} as const;

export type TreeWarningKind =
  | 'orphans'
  | 'multiple-roots'
  | 'duplicate-ids'
  | 'copies'
  | 'cycles'
  | 'clock-skew'
  | 'missing-times'
  | 'decoder';

export interface TreeWarning {
  readonly kind: TreeWarningKind;
  readonly count: number;
  readonly message: string;
}

export interface TreeOptions {
  /** Jaeger-style clock-skew adjustment; on by default in the viewer, off in `summary`. */
  readonly adjustClockSkew: boolean;
}

/** The nodes of a tree in pre-order as parallel arrays: what a TraceTree and its laid-out columns share. */
export interface PreOrderNodes {
  readonly nodeCount: number;
  /** Node index of the parent, or -1 at the top level. */
  readonly parent: Int32Array;
  /** Display depth (top level 0; orphans sit at 1 under their synthetic parent). */
  readonly depth: Uint32Array;
  /** One past the last node of k's subtree: the subtree of k is [k, subtreeEnd[k]). */
  readonly subtreeEnd: Uint32Array;
  readonly childCount: Uint32Array;
  /** Offsets from the trace's base time in ns after the missing-time rules and (optionally) skew adjustment. */
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
}

export interface TraceTree extends PreOrderNodes {
  /** The spans; `table.baseNs` is the base time of startNs and endNs. */
  readonly table: SpanTable;
  /** Table row of node k, or -1 for a synthetic node. */
  readonly row: Int32Array;
  /** NodeFlag bits. */
  readonly nodeFlags: Uint8Array;
  /** Node of table row r, or -1 when the row was dropped as a copy. */
  readonly nodeOfRow: Int32Array;
  /** Span id shown to users for node k (the original id, also for derived duplicates). */
  spanIdOf(node: number): string;
  /** Every node's spanIdOf as 8 raw bytes at [8k, 8k + 8) (a fresh array). */
  spanIdBytes(): Uint8Array;
  readonly warnings: readonly TreeWarning[];
  readonly summary: TraceSummary;
}

/** What `spanscope summary` prints per trace and the trace header shows (DESIGN §2). */
export interface TraceSummary {
  readonly traceId: string;
  readonly format: string;
  readonly spanCount: number;
  readonly rootCount: number;
  readonly orphanCount: number;
  readonly maxDepth: number;
  readonly durationUs: number;
  readonly services: readonly string[];
  readonly errorCount: number;
  readonly warnings: readonly string[];
}
