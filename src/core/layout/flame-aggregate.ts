/**
 * The aggregated flame graph (DESIGN §9): one frame per distinct call path, the path being the
 * (service, name) string indices from the top level down to a span. Synthetic "missing parent"
 * nodes all carry one service ('') and one name, so every orphan's path starts under one shared
 * "missing parent" frame.
 *
 * One pass over the nodes in pre-order finds each node's frame in an open-addressing hash on
 * (parent frame, service, name) held in typed arrays; frames are numbered in creation order, then
 * renumbered in pre-order (children in order of first appearance) and their spans gathered by a
 * counting sort.
 */
import { NodeFlag, type TraceColumns } from './trace-columns.ts';

/** What the aggregation reads of the columns. */
export type AggregateInput = Pick<
  TraceColumns,
  | 'nodeCount'
  | 'parent'
  | 'depth'
  | 'subtreeEnd'
  | 'startNs'
  | 'endNs'
  | 'selfNs'
  | 'service'
  | 'name'
  | 'flags'
>;

export interface FlameAggregate {
  readonly frameCount: number;
  /** Frames in pre-order: frame f's subtree is [f, subtreeEnd[f]); children in order of first appearance. */
  readonly parent: Int32Array;
  readonly depth: Uint32Array;
  readonly subtreeEnd: Uint32Array;
  /** String indices of the columns' `strings`. */
  readonly service: Uint32Array;
  readonly name: Uint32Array;
  /** Spans (nodes) on this path. */
  readonly count: Uint32Array;
  /** Sum of their durations and of their self times. */
  readonly totalNs: Float64Array;
  readonly selfNs: Float64Array;
  /** Of them, spans with NodeFlag.Error. */
  readonly errorCount: Uint32Array;
  /** Spans of frame f: spans[spanStart[f] .. spanStart[f + 1]), node indices ascending. */
  readonly spanStart: Uint32Array;
  readonly spans: Uint32Array;
  /** Frame of node k. */
  readonly frameOf: Uint32Array;
}

const EMPTY_SLOT = -1;

/** Frames in creation order, found by an open-addressing hash on (parent frame, service, name). */
class FrameTable {
  count = 0;
  readonly parent: Int32Array;
  readonly service: Uint32Array;
  readonly name: Uint32Array;
  private slots = new Int32Array(1024).fill(EMPTY_SLOT);

  constructor(maxFrames: number) {
    this.parent = new Int32Array(maxFrames);
    this.service = new Uint32Array(maxFrames);
    this.name = new Uint32Array(maxFrames);
  }

  /** The frame of (parent, service, name), created when new. */
  frameOf(parent: number, service: number, name: number): number {
    const mask = this.slots.length - 1;
    let i = hash(parent, service, name) & mask;
    for (;;) {
      const f = this.slots[i];
      if (f === EMPTY_SLOT) break;
      if (this.parent[f] === parent && this.service[f] === service && this.name[f] === name) return f;
      i = (i + 1) & mask;
    }
    const f = this.count++;
    this.parent[f] = parent;
    this.service[f] = service;
    this.name[f] = name;
    this.slots[i] = f;
    // At most half full keeps probe runs short.
    if (2 * this.count > this.slots.length) this.rehash(2 * this.slots.length);
    return f;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size).fill(EMPTY_SLOT);
    const mask = size - 1;
    for (let f = 0; f < this.count; f++) {
      let i = hash(this.parent[f], this.service[f], this.name[f]) & mask;
      while (slots[i] !== EMPTY_SLOT) i = (i + 1) & mask;
      slots[i] = f;
    }
    this.slots = slots;
  }
}

/** Odd multipliers spread the three indices; the final xor-shifts mix the high bits into the low ones the mask keeps. */
function hash(parent: number, service: number, name: number): number {
  let h = Math.imul(parent + 1, 0x9e3779b1) ^ Math.imul(service, 0x85ebca77) ^ Math.imul(name, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

export function aggregateFlame(c: AggregateInput): FlameAggregate {
  const n = c.nodeCount;
  const table = new FrameTable(n);
  const createdOf = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const p = c.parent[k];
    createdOf[k] = table.frameOf(p < 0 ? -1 : createdOf[p], c.service[k], c.name[k]);
  }
  const frameCount = table.count;

  // Children lists in creation order (= order of first appearance); the top level is list frameCount.
  const childStart = new Uint32Array(frameCount + 2);
  for (let f = 0; f < frameCount; f++) childStart[(table.parent[f] < 0 ? frameCount : table.parent[f]) + 1]++;
  for (let f = 0; f <= frameCount; f++) childStart[f + 1] += childStart[f];
  const children = new Uint32Array(frameCount);
  const fill = childStart.slice(0, frameCount + 1);
  for (let f = 0; f < frameCount; f++)
    children[fill[table.parent[f] < 0 ? frameCount : table.parent[f]]++] = f;

  // Pre-order numbering with an explicit stack (a chain of a million spans is a legal trace).
  const numberOf = new Uint32Array(frameCount);
  const parent = new Int32Array(frameCount);
  const depth = new Uint32Array(frameCount);
  const service = new Uint32Array(frameCount);
  const name = new Uint32Array(frameCount);
  const stack = new Uint32Array(frameCount);
  let top = 0;
  for (let i = childStart[frameCount + 1] - 1; i >= childStart[frameCount]; i--) stack[top++] = children[i];
  for (let f = 0; top > 0; f++) {
    const created = stack[--top];
    numberOf[created] = f;
    const p = table.parent[created];
    parent[f] = p < 0 ? -1 : numberOf[p];
    depth[f] = p < 0 ? 0 : depth[numberOf[p]] + 1;
    service[f] = table.service[created];
    name[f] = table.name[created];
    for (let i = childStart[created + 1] - 1; i >= childStart[created]; i--) stack[top++] = children[i];
  }
  const subtreeEnd = new Uint32Array(frameCount);
  for (let f = frameCount - 1; f >= 0; f--) {
    if (subtreeEnd[f] === 0) subtreeEnd[f] = f + 1;
    if (parent[f] >= 0 && subtreeEnd[f] > subtreeEnd[parent[f]]) subtreeEnd[parent[f]] = subtreeEnd[f];
  }

  const frameOf = new Uint32Array(n);
  const count = new Uint32Array(frameCount);
  const totalNs = new Float64Array(frameCount);
  const selfNs = new Float64Array(frameCount);
  const errorCount = new Uint32Array(frameCount);
  for (let k = 0; k < n; k++) {
    const f = numberOf[createdOf[k]];
    frameOf[k] = f;
    count[f]++;
    totalNs[f] += c.endNs[k] - c.startNs[k];
    selfNs[f] += c.selfNs[k];
    if (c.flags[k] & NodeFlag.Error) errorCount[f]++;
  }
  const spanStart = new Uint32Array(frameCount + 1);
  for (let f = 0; f < frameCount; f++) spanStart[f + 1] = spanStart[f] + count[f];
  const spanFill = spanStart.slice(0, frameCount);
  const spans = new Uint32Array(n);
  for (let k = 0; k < n; k++) spans[spanFill[frameOf[k]]++] = k;

  return {
    frameCount,
    parent,
    depth,
    subtreeEnd,
    service,
    name,
    count,
    totalNs,
    selfNs,
    errorCount,
    spanStart,
    spans,
    frameOf,
  };
}
