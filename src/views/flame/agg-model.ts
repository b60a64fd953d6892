/**
 * The aggregated flame graph's model (DESIGN §9, `flame=agg`): items are frames (one per call path
 * of (service, name) from the root), laid out by depth, left-heavy, by the worker
 * (core/layout/flame-aggregate.ts). Clicking a frame selects its slowest span; a focus re-roots the
 * graph at the focused span's frame; "errors only" keeps the frames that hold errors and their
 * ancestors.
 */
import { lowerBound } from '../../core/layout/binary-search.ts';
import { MISSING_PARENT_LABEL } from '../../core/layout/columns-from-tree.ts';
import type { FlameAggregate } from '../../core/layout/flame-aggregate.ts';
import { frameDurationStats, frameSpansBySlowest } from '../../core/layout/frame-stats.ts';
import { filterLayout, type LaneLayout, NOT_LAID } from '../../core/layout/lane-layout.ts';
import { keepMatchesAndAncestors } from '../../core/layout/row-model.ts';
import type { TraceColumns } from '../../core/layout/trace-columns.ts';
import { flameColourSlots } from '../../render/flame-colours.ts';
import type { FlameMarks } from '../../render/flame-frame.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { CriticalPath } from '../../worker/protocol.ts';
import { percentOf } from '../canvas/span-text.ts';
import { formatCount } from '../format/format.ts';
import { errorsBelow, type FlameModel, type FlameModelOptions } from './flame-model.ts';

export function aggModel(
  c: TraceColumns,
  agg: FlameAggregate,
  full: LaneLayout,
  o: FlameModelOptions,
): FlameModel {
  const frames = agg.frameCount;
  const isError = (f: number) => agg.errorCount[f] > 0;
  const layout = o.errorsOnly ? filterLayout(full, keepMatchesAndAncestors(agg.parent, isError)) : full;
  const focusFrame = o.focusNode >= 0 && o.focusNode < c.nodeCount ? agg.frameOf[o.focusNode] : -1;
  const focus = focusFrame >= 0 && full.slotOf[focusFrame] !== NOT_LAID ? focusFrame : -1;
  const focusSlot = focus >= 0 ? full.slotOf[focus] : -1;
  const bounds =
    focus >= 0
      ? { startNs: full.x0[focusSlot], endNs: Math.max(full.x1[focusSlot], full.x0[focusSlot] + 1) }
      : { startNs: full.minX, endNs: Math.max(full.maxX, full.minX + 1) };
  const rootTotalNs = full.maxX - full.minX;
  const slotOf = flameColourSlots(
    o.colour,
    {
      count: frames,
      service: agg.service,
      selfNs: agg.selfNs,
      isError,
      hasErrorBelow: o.colour === 'errors' ? errorsBelow(frames, agg.parent, isError) : new Uint8Array(0),
    },
    o.serviceSlot,
    o.serviceColours.length,
  );
  const inView = (f: number) =>
    f >= 0 && layout.laneOf[f] !== NOT_LAID && (focus < 0 || (f >= focus && f < agg.subtreeEnd[focus]));
  const name = (f: number) => c.strings[agg.name[f]];
  /** Labels ("name ×count") made once per frame, when first drawn. */
  const labels: string[] = [];
  const service = (f: number) => c.strings[agg.service[f]];
  /** The slot in `layout` of lane `lane` at x, or -1. */
  const slotIn = (lane: number, x: number) => {
    if (lane >= layout.laneCount) return -1;
    const from = layout.laneStart[lane];
    const to = layout.laneStart[lane + 1];
    const s = lowerBound(layout.x0, x, from, to);
    return s < to ? s : -1;
  };
  return {
    mode: 'agg',
    layout,
    firstLane: focus >= 0 ? full.laneOf[focus] : 0,
    endLane: full.laneCount,
    bounds,
    focusItem: focus,
    slotOf,
    contains: inView,
    label: (f) => {
      labels[f] ??= agg.count[f] > 1 ? `${name(f)} ×${formatCount(agg.count[f])}` : name(f);
      return labels[f];
    },
    itemOfNode: (k) => (k >= 0 && k < c.nodeCount && inView(agg.frameOf[k]) ? agg.frameOf[k] : -1),
    nodeOfItem: (f) => frameSpansBySlowest(agg, c, f, 1)[0] ?? -1,
    parentOf: (f) => (f === focus || agg.parent[f] < 0 ? -1 : agg.parent[f]),
    firstChildOf: (f) => {
      const s = slotIn(layout.laneOf[f] + 1, layout.x0[layout.slotOf[f]]);
      return s >= 0 && agg.parent[layout.item[s]] === f ? layout.item[s] : -1;
    },
    siblingOf: (f, direction) => {
      if (f === focus) return -1;
      const lane = layout.laneOf[f];
      const s = layout.slotOf[f] + direction;
      if (s < layout.laneStart[lane] || s >= layout.laneStart[lane + 1]) return -1;
      const g = layout.item[s];
      return agg.parent[g] === agg.parent[f] ? g : -1;
    },
    hasChildren: (f) => agg.subtreeEnd[f] > f + 1,
    level: (f) => agg.depth[f] + 1,
    tooltip: (f) => {
      const d = frameDurationStats(agg, c, f);
      const synthetic = name(f) === MISSING_PARENT_LABEL && service(f) === '';
      return {
        swatch: o.serviceColours[o.serviceSlot[agg.service[f]]],
        title: synthetic ? 'missing parent' : service(f),
        subtitle: name(f),
        fields: [
          ['Spans', formatCount(agg.count[f])],
          ['Total', formatDuration(agg.totalNs[f])],
          ['Self', formatDuration(agg.selfNs[f])],
          [
            'p50 / p95 / max',
            `${formatDuration(d.p50Ns)} / ${formatDuration(d.p95Ns)} / ${formatDuration(d.maxNs)}`,
          ],
          ['Width', percentOf(full.x1[full.slotOf[f]] - full.x0[full.slotOf[f]], rootTotalNs)],
          ...(agg.errorCount[f] > 0 ? [['Errors', formatCount(agg.errorCount[f])] as const] : []),
        ],
        error: agg.errorCount[f] > 0,
      };
    },
    mirrorText: (f) =>
      `${service(f) ? `${service(f)} ` : ''}${name(f)} ×${agg.count[f]} total ${formatDuration(agg.totalNs[f])}${agg.errorCount[f] > 0 ? ' error' : ''}`,
    overlayOf: (nodes) => {
      const keep = new Uint8Array(frames);
      for (const k of nodes) keep[agg.frameOf[k]] = 1;
      return filterLayout(layout, keep);
    },
    marksOf: (path: CriticalPath): FlameMarks => {
      const seen = new Uint8Array(frames);
      const marked: number[] = [];
      for (const k of path.node) {
        const f = agg.frameOf[k];
        if (!seen[f] && layout.slotOf[f] !== NOT_LAID) marked.push(f);
        seen[f] = 1;
      }
      return {
        lane: Uint32Array.from(marked, (f) => layout.laneOf[f]),
        x0: Float64Array.from(marked, (f) => layout.x0[layout.slotOf[f]]),
        x1: Float64Array.from(marked, (f) => layout.x1[layout.slotOf[f]]),
      };
    },
  };
}
