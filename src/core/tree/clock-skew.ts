/**
 * Clock-skew adjustment in the manner of Jaeger's adjuster (model/adjuster/clockskew.go): walking
 * from the top, a span on another host than its parent that does not fit in its (already adjusted)
 * parent is shifted so that it sits in the middle of the parent, the gap split evenly between
 * request and response latency; a span longer than its parent is only moved so it does not start
 * before it. Spans on the same host as their parent move by the parent's shift, so a whole
 * subtree moves together. Durations never change.
 *
 * The host key here is the service (the hot columns carry no host): the adjuster runs with the
 * tree and must not decode every span's resource. An unknown host key (< 0) never matches, as an
 * empty host in Jaeger: such a span is always compared with its parent.
 */
import type { ChildLists } from './child-lists.ts';

export interface SkewInput {
  /** Parent item of each item, < 0 at the top level (and for items outside the tree). */
  readonly parent: Int32Array;
  readonly children: ChildLists;
  /** Host key per item (service index), < 0 when unknown; synthetic items never shift. */
  readonly hostOf: Int32Array;
  /** Items that are synthetic (not spans): their children are compared with nothing. */
  readonly isSpan: (item: number) => boolean;
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
}

export interface SkewResult {
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
  /** Shift applied to each item in ns (0 when not moved). */
  readonly shiftNs: Float64Array;
  readonly movedCount: number;
}

/** Jaeger's calculateSkew: the shift that makes the child (raw times) fit its adjusted parent. */
export function skewDeltaNs(
  parentStartNs: number,
  parentEndNs: number,
  startNs: number,
  endNs: number,
): number {
  const parentDurNs = parentEndNs - parentStartNs;
  const durNs = endNs - startNs;
  if (durNs > parentDurNs) return startNs < parentStartNs ? parentStartNs - startNs : 0;
  if (startNs >= parentStartNs && endNs <= parentEndNs) return 0;
  const latencyNs = Math.floor((parentDurNs - durNs) / 2);
  return parentStartNs + latencyNs - startNs;
}

export function adjustClockSkew(input: SkewInput): SkewResult {
  const { parent, children, hostOf, isSpan } = input;
  const count = parent.length;
  const startNs = input.startNs.slice();
  const endNs = input.endNs.slice();
  const shiftNs = new Float64Array(count);
  let movedCount = 0;
  // Breadth-first from the top level, so that every parent is adjusted before its children.
  const queue = new Int32Array(count);
  let tail = 0;
  for (let c = children.offset[count]; c < children.offset[count + 1]; c++) queue[tail++] = children.items[c];
  for (let head = 0; head < tail; head++) {
    const item = queue[head];
    const p = parent[item];
    let delta = 0;
    if (p >= 0 && isSpan(p) && isSpan(item)) {
      const host = hostOf[item];
      delta =
        host >= 0 && host === hostOf[p]
          ? shiftNs[p]
          : skewDeltaNs(startNs[p], endNs[p], input.startNs[item], input.endNs[item]);
    }
    if (delta !== 0) {
      shiftNs[item] = delta;
      startNs[item] += delta;
      endNs[item] += delta;
      movedCount++;
    }
    for (let c = children.offset[item]; c < children.offset[item + 1]; c++) queue[tail++] = children.items[c];
  }
  return { startNs, endNs, shiftNs, movedCount };
}
