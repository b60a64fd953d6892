/**
 * The flame chart's model (DESIGN §9, `flame=time`): items are the trace's nodes, laid out in lanes
 * by the worker (core/layout/flame-time-layout.ts). A focus shows the focused node's block of lanes
 * over its subtree's time extent (the block is reserved for the subtree over that extent, so nothing
 * else is in it); "errors only" keeps the error spans and their ancestors, in place.
 */
import type { FlameTimeLayout } from '../../core/layout/flame-time-layout.ts';
import { filterLayout, NOT_LAID } from '../../core/layout/lane-layout.ts';
import { keepMatchesAndAncestors } from '../../core/layout/row-model.ts';
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { flameColourSlots } from '../../render/flame-colours.ts';
import type { FlameMarks } from '../../render/flame-frame.ts';
import type { CriticalPath } from '../../worker/protocol.ts';
import { spanText, spanTooltip } from '../canvas/span-text.ts';
import { errorsBelow, type FlameModel, type FlameModelOptions } from './flame-model.ts';

/** Min start and max end over node k's subtree. */
function subtreeExtent(c: TraceColumns, k: number): { startNs: number; endNs: number } {
  let startNs = c.startNs[k];
  let endNs = c.endNs[k];
  for (let j = k + 1; j < c.subtreeEnd[k]; j++) {
    if (c.startNs[j] < startNs) startNs = c.startNs[j];
    if (c.endNs[j] > endNs) endNs = c.endNs[j];
  }
  return { startNs, endNs: Math.max(endNs, startNs + 1) };
}

export function timeModel(c: TraceColumns, full: FlameTimeLayout, o: FlameModelOptions): FlameModel {
  const isError = (k: number) => (c.flags[k] & NodeFlag.Error) !== 0;
  const layout = o.errorsOnly ? filterLayout(full, keepMatchesAndAncestors(c.parent, isError)) : full;
  const focus = o.focusNode >= 0 && o.focusNode < c.nodeCount ? o.focusNode : -1;
  const firstLane = focus >= 0 ? full.laneOf[focus] : 0;
  const endLane = focus >= 0 ? firstLane + full.blockLanes[focus] : full.laneCount;
  const bounds = focus >= 0 ? subtreeExtent(c, focus) : { startNs: 0, endNs: Math.max(c.durationNs, 1) };
  const slotOf = flameColourSlots(
    o.colour,
    {
      count: c.nodeCount,
      service: c.service,
      selfNs: c.selfNs,
      isError,
      hasErrorBelow: o.colour === 'errors' ? errorsBelow(c.nodeCount, c.parent, isError) : new Uint8Array(0),
    },
    o.serviceSlot,
    o.serviceColours.length,
  );
  const inView = (k: number) =>
    k >= 0 && layout.laneOf[k] !== NOT_LAID && (focus < 0 || (k >= focus && k < c.subtreeEnd[focus]));
  const shown = (k: number) => (inView(k) ? k : -1);
  return {
    mode: 'time',
    layout,
    firstLane,
    endLane,
    bounds,
    focusItem: focus,
    slotOf,
    contains: inView,
    label: (k) => c.strings[c.name[k]],
    itemOfNode: shown,
    nodeOfItem: (k) => k,
    parentOf: (k) => (k === focus ? -1 : shown(c.parent[k])),
    firstChildOf: (k) => {
      for (let j = k + 1; j < c.subtreeEnd[k]; j = c.subtreeEnd[j]) if (inView(j)) return j;
      return -1;
    },
    siblingOf: (k, direction) => {
      const p = c.parent[k];
      if (k === focus) return -1;
      if (direction === 1) {
        const end = p >= 0 ? c.subtreeEnd[p] : c.nodeCount;
        for (let j = c.subtreeEnd[k]; j < end; j = c.subtreeEnd[j]) if (inView(j)) return j;
        return -1;
      }
      let prev = -1;
      for (let j = p >= 0 ? p + 1 : 0; j < k; j = c.subtreeEnd[j]) if (inView(j)) prev = j;
      return prev;
    },
    hasChildren: (k) => c.childCount[k] > 0,
    level: (k) => c.depth[k] + 1,
    tooltip: (k) => spanTooltip(c, k, o.serviceColours[o.serviceSlot[c.service[k]]]),
    mirrorText: (k) => spanText(c, k),
    overlayOf: (nodes) => {
      const keep = new Uint8Array(c.nodeCount);
      for (const k of nodes) keep[k] = 1;
      return filterLayout(layout, keep);
    },
    marksOf: (path: CriticalPath): FlameMarks => {
      const n = path.node.length;
      const lane = new Uint32Array(n);
      for (let i = 0; i < n; i++) lane[i] = layout.laneOf[path.node[i]];
      return { lane, x0: path.startNs, x1: path.endNs };
    },
  };
}
