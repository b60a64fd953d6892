/**
 * The merged tree of a trace diff (DESIGN §6): every span of A and of B exactly once, matched pairs
 * as one node, in pre-order with subtreeEnd so that a viewer draws it as waterfall rows and
 * collapses a subtree that did not change in O(1). Times are in B's frame (offsets from B's base);
 * a removed span is placed where it would start in B: its A offset from its parent, applied to the
 * parent's B start.
 */
import type { PreOrderNodes, TraceTree } from '../tree/types.ts';
import type { Alignment } from './align.ts';
import type { AttrChange } from './attributes.ts';

export const DiffKind = { Same: 0, Changed: 1, Added: 2, Removed: 3 } as const;
export type DiffKind = (typeof DiffKind)[keyof typeof DiffKind];
export const DIFF_KIND_NAMES = ['same', 'changed', 'added', 'removed'] as const;

/** Bits of TraceDiff.flags. */
export const DiffFlag = {
  /** Service or name differ (a pair matched by shape, or two lone roots). */
  Renamed: 1,
  /** Span kind differs (unspecified counts as internal). */
  Kind: 2,
  /** Status differs (unset, ok, error). */
  Status: 4,
  /** Span attributes differ (only when they were compared). */
  Attributes: 8,
  /** This node or one below it is not `same`. */
  SubtreeDiffers: 16,
} as const;

export interface DiffOptions {
  /**
   * Compare the span attributes of matched pairs (their details are decoded: ~4–7 µs a span).
   * 'auto' (the default) compares them when neither trace has more than ATTRIBUTE_SPAN_LIMIT spans;
   * otherwise kinds ignore attributes and `attributeChanges` reads them on demand.
   */
  readonly attributes?: boolean | 'auto';
}

export interface TraceDiff extends PreOrderNodes {
  readonly a: TraceTree;
  readonly b: TraceTree;
  readonly alignment: Alignment;
  /** DiffKind of each merged node. */
  readonly kind: Uint8Array;
  /** DiffFlag bits of each merged node. */
  readonly flags: Uint8Array;
  /** The A node of merged node k, or -1 (added). */
  readonly aNode: Int32Array;
  /** The B node of merged node k, or -1 (removed). */
  readonly bNode: Int32Array;
  /** Merged node of each A node, of each B node. */
  readonly nodeOfA: Int32Array;
  readonly nodeOfB: Int32Array;
  /** Self times of A's and B's nodes (core/analysis/self-time.ts). */
  readonly selfNsA: Float64Array;
  readonly selfNsB: Float64Array;
  /** B self − A self per merged node; a missing side counts 0 (an added span gains its self time). */
  readonly selfDeltaNs: Float64Array;
  /** Whether attributes were compared (DiffFlag.Attributes and `changed` account for them). */
  readonly attributesCompared: boolean;
  /** Attribute changes of a matched pair (read on demand when not compared up front); [] otherwise. */
  attributeChanges(node: number): readonly AttrChange[];
}
